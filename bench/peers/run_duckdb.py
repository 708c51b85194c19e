"""Peer benchmark, DuckDB: load the register once into an in-memory table
with explicit types, then run one SQL query per result (7 tables + gaps).

Usage: python run_duckdb.py --input register.csv --out DIR
"""

from __future__ import annotations

import time

import duckdb

import common

TYPES = {"int": "INTEGER", "int?": "TINYINT", "str": "VARCHAR"}
# Narrow types where the value range is known (smaller table, faster scans).
NARROW = {"year": "SMALLINT", "age": "TINYINT"}
FLAGS = {"naturalised", "employed", "unemployed", "sgb2", "school_entry"}


def column_types() -> str:
    cols = []
    for name, kind in common.COLUMNS:
        t = NARROW.get(name) or ("TINYINT" if name in FLAGS else TYPES[kind])
        cols.append(f"'{name}': '{t}'")
    return "{" + ", ".join(cols) + "}"


AGE_BAND = (
    "CASE "
    + " ".join(f"WHEN age <= {hi} THEN '{label}'" for label, _lo, hi in common.AGE_BANDS[:-1])
    + f" ELSE '{common.AGE_BANDS[-1][0]}' END"
)


def district_table(name: str, group_expr: str, num_cond: str, den_cond: str) -> str:
    """District cells plus the city total, summed from the district cells."""
    return f"""
        WITH d AS (
            SELECT year, district AS area, {group_expr} AS grp,
                   count(*) FILTER (WHERE {num_cond}) AS num, count(*) AS den
            FROM r WHERE {den_cond}
            GROUP BY ALL
        )
        SELECT '{name}', year, area, grp, num, den FROM d
        UNION ALL
        SELECT '{name}', year, '{common.TOTAL}', grp, sum(num), sum(den) FROM d GROUP BY year, grp
    """


def city_table(name: str, group_expr: str, num_cond: str, den_cond: str) -> str:
    return f"""
        SELECT '{name}', year, '{common.TOTAL}', {group_expr},
               count(*) FILTER (WHERE {num_cond}), count(*)
        FROM r WHERE {den_cond}
        GROUP BY ALL
    """


LABOUR_FORCE = "(employed = 1 OR unemployed = 1) AND age BETWEEN 15 AND 64"
CIT_GROUP = "CASE WHEN citizenship = 'DE' THEN 'german' ELSE 'foreign' END"

QUERIES = {
    "foreigner_share": district_table("foreigner_share", "'total'", "citizenship <> 'DE'", "true"),
    "unemployment": district_table("unemployment", CIT_GROUP, "unemployed = 1", LABOUR_FORCE),
    "sgb2": city_table("sgb2", "migration_background || '|' || sex", "sgb2 = 1", "age < 65"),
    "language_support": district_table(
        "language_support", "migration_background", "language_support = 1", "school_entry = 1"
    ),
    "naturalisation": city_table(
        "naturalisation", "'total'", "naturalised = 1", "citizenship <> 'DE' OR naturalised = 1"
    ),
    "permanent_residence": city_table(
        "permanent_residence", "'total'", "residence_status = 'permanent'", "citizenship <> 'DE'"
    ),
    "mh_by_age": district_table("mh_by_age", AGE_BAND, "migration_background <> 'none'", "true"),
}

# Table 8: unemployment gap in percentage points, per district and city.
GAPS = f"""
    WITH d AS (
        SELECT year, district AS area,
               count(*) FILTER (WHERE citizenship <> 'DE' AND unemployed = 1) AS nf,
               count(*) FILTER (WHERE citizenship <> 'DE') AS df,
               count(*) FILTER (WHERE citizenship = 'DE' AND unemployed = 1) AS ng,
               count(*) FILTER (WHERE citizenship = 'DE') AS dg
        FROM r WHERE {LABOUR_FORCE}
        GROUP BY ALL
    ), a AS (
        SELECT * FROM d
        UNION ALL
        SELECT year, '{common.TOTAL}', sum(nf), sum(df), sum(ng), sum(dg) FROM d GROUP BY year
    )
    SELECT year, area,
           100.0::DOUBLE * nf::DOUBLE / df::DOUBLE - 100.0::DOUBLE * ng::DOUBLE / dg::DOUBLE
    FROM a WHERE df > 0 AND dg > 0
"""


def main() -> None:
    args = common.parse_args("DuckDB")
    t0 = time.perf_counter()
    con = duckdb.connect()  # in-memory; uses all cores by default
    con.execute(
        "CREATE TABLE r AS SELECT * FROM read_csv(?, header = true, delim = ',', quote = '', "
        f"auto_detect = false, columns = {column_types()})",
        [args.input],
    )
    t_load = time.perf_counter()
    rows = []
    for sql in QUERIES.values():
        rows.extend(con.execute(sql).fetchall())
    gaps = con.execute(GAPS).fetchall()
    t_query = time.perf_counter()
    common.finish(
        "duckdb", args.out, rows, gaps, t0, {"load": t_load - t0, "queries": t_query - t_load}
    )


if __name__ == "__main__":
    main()
