"""Peer benchmark, polars: one lazy ``scan_csv`` with an explicit schema,
8 lazy queries built on it, evaluated together with ``pl.collect_all``.

The scan is marked ``.cache()`` so the 8 queries share one pass over the
CSV (projected to the columns any query needs), like DuckDB's single load.
Without it, polars pushes each query's projection and filter into its own
scan and parses the file 8 times (``--per-query-scan`` measures that).

Usage: python run_polars.py --input register.csv --out DIR [--per-query-scan]
"""

from __future__ import annotations

import time

import polars as pl

import common

DTYPES = {"int": pl.Int32, "int?": pl.Int8, "str": pl.String}
NARROW = {"year": pl.Int16, "age": pl.Int8}
FLAGS = {"naturalised", "employed", "unemployed", "sgb2", "school_entry"}
SCHEMA = {
    name: NARROW.get(name) or (pl.Int8 if name in FLAGS else DTYPES[kind]) for name, kind in common.COLUMNS
}
OUT_COLS = ["table", "year", "area", "group", "num", "den"]

foreign = pl.col("citizenship") != "DE"
labour_force = ((pl.col("employed") == 1) | (pl.col("unemployed") == 1)) & pl.col("age").is_between(15, 64)


def age_band() -> pl.Expr:
    expr = pl.when(pl.col("age") <= common.AGE_BANDS[0][2]).then(pl.lit(common.AGE_BANDS[0][0]))
    for label, _lo, hi in common.AGE_BANDS[1:-1]:
        expr = expr.when(pl.col("age") <= hi).then(pl.lit(label))
    return expr.otherwise(pl.lit(common.AGE_BANDS[-1][0]))


def cells(lf: pl.LazyFrame, keys: list[str], group: pl.Expr, num: pl.Expr, den: pl.Expr | None) -> pl.LazyFrame:
    if den is not None:
        lf = lf.filter(den)
    return (
        lf.with_columns(group.alias("group"))
        .group_by(keys + ["group"])
        .agg(num=num.sum().cast(pl.Int64), den=pl.len().cast(pl.Int64))
    )


def district_table(lf, name, group, num, den=None) -> pl.LazyFrame:
    """District cells plus the city total, summed from the district cells."""
    d = cells(lf, ["year", "district"], group, num, den).rename({"district": "area"})
    total = d.group_by("year", "group").agg(pl.col("num").sum(), pl.col("den").sum())
    total = total.with_columns(area=pl.lit(common.TOTAL))
    return pl.concat([d, total], how="diagonal").with_columns(table=pl.lit(name)).select(OUT_COLS)


def city_table(lf, name, group, num, den=None) -> pl.LazyFrame:
    c = cells(lf, ["year"], group, num, den)
    return c.with_columns(table=pl.lit(name), area=pl.lit(common.TOTAL)).select(OUT_COLS)


def gaps(lf: pl.LazyFrame) -> pl.LazyFrame:
    unemployed = pl.col("unemployed") == 1
    d = (
        lf.filter(labour_force)
        .group_by("year", pl.col("district").alias("area"))
        .agg(
            nf=(foreign & unemployed).sum().cast(pl.Int64),
            df=foreign.sum().cast(pl.Int64),
            ng=(~foreign & unemployed).sum().cast(pl.Int64),
            dg=(~foreign).sum().cast(pl.Int64),
        )
    )
    total = d.group_by("year").agg(pl.col("nf", "df", "ng", "dg").sum()).with_columns(area=pl.lit(common.TOTAL))
    rate = lambda n, k: pl.lit(100.0) * pl.col(n).cast(pl.Float64) / pl.col(k).cast(pl.Float64)  # noqa: E731
    return (
        pl.concat([d, total], how="diagonal")
        .filter((pl.col("df") > 0) & (pl.col("dg") > 0))
        .select("year", "area", gap=rate("nf", "df") - rate("ng", "dg"))
    )


def main() -> None:
    args = common.parse_args(
        "polars",
        lambda p: p.add_argument(
            "--per-query-scan", action="store_true", help="no shared scan: each query parses the CSV itself"
        ),
    )
    t0 = time.perf_counter()
    lf = pl.scan_csv(args.input, schema=SCHEMA, quote_char=None)
    if not args.per_query_scan:
        lf = lf.cache()
    mh = pl.col("migration_background")
    cit_group = pl.when(foreign).then(pl.lit("foreign")).otherwise(pl.lit("german"))
    total = pl.lit("total")
    queries = [
        district_table(lf, "foreigner_share", total, foreign),
        district_table(lf, "unemployment", cit_group, pl.col("unemployed") == 1, labour_force),
        city_table(lf, "sgb2", mh + "|" + pl.col("sex"), pl.col("sgb2") == 1, pl.col("age") < 65),
        district_table(lf, "language_support", mh, pl.col("language_support") == 1, pl.col("school_entry") == 1),
        city_table(lf, "naturalisation", total, pl.col("naturalised") == 1, foreign | (pl.col("naturalised") == 1)),
        city_table(lf, "permanent_residence", total, pl.col("residence_status") == "permanent", foreign),
        district_table(lf, "mh_by_age", age_band(), mh != "none"),
        gaps(lf),
    ]
    frames = pl.collect_all(queries)
    t_query = time.perf_counter()
    rows = [r for f in frames[:-1] for r in f.iter_rows()]
    common.finish("polars", args.out, rows, frames[-1].iter_rows(), t0, {"collect_all": t_query - t0})


if __name__ == "__main__":
    main()
