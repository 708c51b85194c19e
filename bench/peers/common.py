"""Shared definitions and canonical output writing for the peer scripts.

Every peer (DuckDB, polars, pandas) computes the same 8 results and hands
plain Python tuples to :func:`finish`, which validates them and writes

* ``DIR/tables.csv`` -- ``table,year,area,group,numerator,denominator``
* ``DIR/gaps.csv``   -- ``year,area,gap_pp``

in one canonical form (integers as decimal text, rows sorted by all columns
compared as strings, ``\\n`` line ends, no quoting), so outputs of different
tools -- and of kimon -- can be compared byte by byte.

Cell universe: a table contains exactly the cells whose denominator is > 0,
i.e. the group combinations that occur among the rows satisfying the
denominator condition ("filter, then group by"). No zero-filled cells.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Iterable

TABLE_HEADER = "table,year,area,group,numerator,denominator"
GAP_HEADER = "year,area,gap_pp"

#: Area code of the whole city (sum over districts).
TOTAL = "total"

#: The 7 indicator tables in definition order (table 8 is gaps.csv).
TABLES = (
    "foreigner_share",
    "unemployment",
    "sgb2",
    "language_support",
    "naturalisation",
    "permanent_residence",
    "mh_by_age",
)

#: Age bands of table ``mh_by_age``: (label, lowest age, highest age).
AGE_BANDS = (
    ("0-5", 0, 5),
    ("6-17", 6, 17),
    ("18-29", 18, 29),
    ("30-49", 30, 49),
    ("50-64", 50, 64),
    ("65+", 65, 200),
)

#: Input columns in file order, with the logical type each peer maps to its
#: own dtypes. ``district`` must stay text ("01", not 1). Empty fields
#: (language_support, years_in_germany) are missing values.
COLUMNS = (
    ("person_id", "int"),
    ("year", "int"),
    ("district", "str"),
    ("age", "int"),
    ("sex", "str"),
    ("citizenship", "str"),
    ("migration_background", "str"),
    ("naturalised", "int"),
    ("residence_status", "str"),
    ("employed", "int"),
    ("unemployed", "int"),
    ("sgb2", "int"),
    ("school_entry", "int"),
    ("language_support", "int?"),
    ("years_in_germany", "int?"),
)

Row = tuple  # (table, year, area, group, numerator, denominator)


def parse_args(tool: str, extra=None) -> argparse.Namespace:
    """``--input FILE --out DIR``; ``extra(parser)`` may add tool options."""
    p = argparse.ArgumentParser(description=f"kimon peer benchmark: 8 indicator tables with {tool}")
    p.add_argument("--input", required=True, help="register CSV written by `gen` / `kimon gen microdata`")
    p.add_argument("--out", required=True, help="output directory (tables.csv, gaps.csv)")
    if extra is not None:
        extra(p)
    return p.parse_args()


def gap_pp(num_f: int, den_f: int, num_g: int, den_g: int) -> float:
    """Reference formula for table 8 (used by the checks; engines compute it
    themselves): rates as ``100.0 * num / den`` in IEEE double, evaluated
    left to right, foreign minus german."""
    return 100.0 * num_f / den_f - 100.0 * num_g / den_g


def _canonical_tables(rows: Iterable[Row]) -> list[tuple[str, ...]]:
    out = []
    seen = set()
    for table, year, area, group, num, den in rows:
        num, den, year = int(num), int(den), int(year)
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}")
        if not (den > 0 and 0 <= num <= den):
            raise ValueError(f"bad cell {table} {year} {area} {group}: {num}/{den}")
        key = (table, str(year), str(area), str(group))
        if key in seen:
            raise ValueError(f"duplicate cell {key}")
        seen.add(key)
        out.append(key + (str(num), str(den)))
    out.sort()
    return out


def _canonical_gaps(gaps: Iterable[tuple]) -> list[tuple[str, ...]]:
    out = [(str(int(year)), str(area), f"{float(gap):.6f}") for year, area, gap in gaps]
    out.sort()
    return out


def write_csv(path: str, header: str, rows: list[tuple[str, ...]]) -> None:
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write(header + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")


def check_gaps(tables: list[tuple[str, ...]], gaps: list[tuple[str, ...]]) -> None:
    """Cross-checks the engine's gaps against the reference formula on the
    canonical unemployment cells (cheap, catches dtype/decimal slips)."""
    cells: dict[tuple[str, str], dict[str, tuple[int, int]]] = {}
    for t, year, area, group, num, den in tables:
        if t == "unemployment":
            cells.setdefault((year, area), {})[group] = (int(num), int(den))
    expected = sorted(
        (year, area, f"{gap_pp(*c['foreign'], *c['german']):.6f}")
        for (year, area), c in cells.items()
        if "foreign" in c and "german" in c
    )
    for i in range(max(len(expected), len(gaps))):
        e = expected[i] if i < len(expected) else None
        g = gaps[i] if i < len(gaps) else None
        if e != g:
            raise ValueError(f"gaps disagree with the reference formula: expected {e}, got {g}")


def finish(tool: str, out_dir: str, rows: Iterable[Row], gaps: Iterable[tuple], t0: float, stages: dict) -> None:
    """Validates, canonicalises and writes both files; prints a timing line
    (stderr) so a harness can separate compute time from process start."""
    t_write = time.perf_counter()
    tables = _canonical_tables(rows)
    gap_rows = _canonical_gaps(gaps)
    check_gaps(tables, gap_rows)
    os.makedirs(out_dir, exist_ok=True)
    write_csv(os.path.join(out_dir, "tables.csv"), TABLE_HEADER, tables)
    write_csv(os.path.join(out_dir, "gaps.csv"), GAP_HEADER, gap_rows)
    end = time.perf_counter()
    stages = dict(stages, write=end - t_write, total=end - t0)
    timing = " ".join(f"{k}={v:.2f}s" for k, v in stages.items())
    print(f"{tool}: {len(tables)} cells, {len(gap_rows)} gaps; {timing}", file=sys.stderr)
