"""Peer benchmark, pandas: ``read_csv`` (C parser) with explicit dtypes
(categoricals for codes, int8 flags, nullable Int8 for the two columns with
empty fields), then one groupby per result.

Idiomatic-but-efficient pandas: group by booleans/categoricals and attach
the text labels to the small aggregated frames, instead of building
per-row label strings.

Usage: python run_pandas.py --input register.csv --out DIR
"""

from __future__ import annotations

import time

import pandas as pd

import common

DTYPES = {"int": "int32", "int?": "Int8", "str": "category"}
NARROW = {"year": "int16", "age": "int8"}
FLAGS = {"naturalised", "employed", "unemployed", "sgb2", "school_entry"}
DTYPE = {name: NARROW.get(name) or ("int8" if name in FLAGS else DTYPES[kind]) for name, kind in common.COLUMNS}
# A plain "category" would turn "01" into the number 1 (pandas infers the
# categories' type), so district gets the fixed code list of the contract.
DTYPE["district"] = pd.CategoricalDtype([f"{i:02d}" for i in range(1, 100)])
NULLABLE = {name: [""] for name, kind in common.COLUMNS if kind == "int?"}


def cells(num: pd.Series, keys: list[pd.Series], mask: pd.Series | None = None) -> pd.DataFrame:
    """numerator = count of True in ``num``, denominator = count of rows,
    per combination of ``keys`` among the rows selected by ``mask``."""
    if mask is not None:
        num = num[mask]
        keys = [k[mask] for k in keys]
    g = num.groupby(keys, observed=True, sort=False)
    return pd.DataFrame({"num": g.sum(), "den": g.size()}).reset_index()


def with_total(d: pd.DataFrame) -> pd.DataFrame:
    """Adds the city total (area ``total``) by summing the district cells."""
    t = d.groupby(["year", "group"], observed=True, sort=False)[["num", "den"]].sum().reset_index()
    t["district"] = common.TOTAL
    return pd.concat([d.astype({"district": str}), t], ignore_index=True)


def emit(rows: list, name: str, d: pd.DataFrame, area: str = "district") -> None:
    areas = d[area] if area in d else [common.TOTAL] * len(d)
    for year, a, group, num, den in zip(d["year"], areas, d["group"], d["num"], d["den"]):
        rows.append((name, year, a, group, num, den))


def main() -> None:
    args = common.parse_args("pandas")
    t0 = time.perf_counter()
    df = pd.read_csv(args.input, dtype=DTYPE, keep_default_na=False, na_values=NULLABLE, engine="c")
    if df["district"].isna().any():
        raise ValueError("district codes outside 01..99")
    t_load = time.perf_counter()

    year, district, age = df["year"], df["district"], df["age"]
    mh, sex = df["migration_background"], df["sex"]
    foreign = (df["citizenship"] != "DE").rename("foreign")
    unemployed = df["unemployed"] == 1
    labour_force = ((df["employed"] == 1) | unemployed) & age.between(15, 64)
    rows: list = []

    # 1. foreigner share by district
    d = cells(foreign, [year, district]).assign(group="total")
    emit(rows, "foreigner_share", with_total(d))

    # 2. unemployment by citizenship group and district
    d = cells(unemployed, [year, district, foreign], labour_force)
    d["group"] = d["foreign"].map({True: "foreign", False: "german"})
    unemp = with_total(d.drop(columns="foreign"))
    emit(rows, "unemployment", unemp)

    # 3. SGB II by migration background × sex, city only
    d = cells(df["sgb2"] == 1, [year, mh, sex], age < 65)
    d["group"] = d["migration_background"].astype(str) + "|" + d["sex"].astype(str)
    emit(rows, "sgb2", d)

    # 4. language support by migration background and district
    school = df["school_entry"] == 1
    d = cells(df["language_support"].eq(1).fillna(False).astype(bool), [year, district, mh], school)
    d = d.rename(columns={"migration_background": "group"}).astype({"group": str})
    emit(rows, "language_support", with_total(d))

    # 5. naturalisation among foreigners at the start of the year
    naturalised = df["naturalised"] == 1
    d = cells(naturalised, [year], foreign | naturalised).assign(group="total")
    emit(rows, "naturalisation", d)

    # 6. permanent residence among foreigners
    d = cells(df["residence_status"] == "permanent", [year], foreign).assign(group="total")
    emit(rows, "permanent_residence", d)

    # 7. migration background by age band and district
    bins = [-1] + [hi for _label, _lo, hi in common.AGE_BANDS]
    band = pd.cut(age, bins=bins, labels=[label for label, _lo, _hi in common.AGE_BANDS]).rename("group")
    d = cells(mh != "none", [year, district, band]).astype({"group": str})
    emit(rows, "mh_by_age", with_total(d))

    # 8. gap: foreign minus german unemployment rate, percentage points
    wide = unemp.pivot(index=["year", "district"], columns="group", values=["num", "den"]).dropna()
    gap = 100.0 * wide[("num", "foreign")].astype("float64") / wide[("den", "foreign")].astype(
        "float64"
    ) - 100.0 * wide[("num", "german")].astype("float64") / wide[("den", "german")].astype("float64")
    gaps = [(y, a, g) for (y, a), g in gap.items()]
    t_query = time.perf_counter()

    common.finish("pandas", args.out, rows, gaps, t0, {"load": t_load - t0, "queries": t_query - t_load})


if __name__ == "__main__":
    main()
