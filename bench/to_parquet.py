"""Converts the benchmark register CSV into Parquet for kimon's Parquet pass.

Usage: python to_parquet.py --input register.csv --out register.parquet

The schema is explicit (no type inference): the columns of
`peers/common.py` COLUMNS, whole numbers as int32 (`person_id` int64),
text as dictionary-encoded strings — `district` stays text, `01` is not 1 —
and empty fields as nulls. Written the way pyarrow writes by default:
snappy compression, dictionary encoding, row groups of 1 Mi rows, with
statistics (which kimon uses to skip row groups outside the rulebook's
years). The CSV is streamed in blocks, so memory stays flat.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from common import COLUMNS  # noqa: E402


def arrow_type(name: str, kind: str) -> pa.DataType:
    if kind.startswith("int"):
        return pa.int64() if name == "person_id" else pa.int32()
    return pa.string()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--row-group", type=int, default=1 << 20)
    args = ap.parse_args()
    started = time.perf_counter()
    schema = pa.schema([(n, arrow_type(n, k)) for n, k in COLUMNS])
    convert = pacsv.ConvertOptions(
        column_types={f.name: f.type for f in schema},
        strings_can_be_null=False,
        null_values=[""],
    )
    reader = pacsv.open_csv(
        args.input,
        read_options=pacsv.ReadOptions(block_size=64 << 20),
        convert_options=convert,
    )
    tmp = args.out + ".tmp"
    rows = 0
    with pq.ParquetWriter(tmp, schema, compression="snappy", use_dictionary=True) as w:
        pending: list[pa.RecordBatch] = []
        pending_rows = 0
        for batch in reader:
            pending.append(batch)
            pending_rows += batch.num_rows
            # Whole row groups of exactly --row-group rows; the rest waits.
            while pending_rows >= args.row_group:
                table = pa.Table.from_batches(pending, schema=schema)
                w.write_table(table.slice(0, args.row_group), row_group_size=args.row_group)
                rows += args.row_group
                rest = table.slice(args.row_group)
                pending, pending_rows = rest.to_batches(), rest.num_rows
        if pending_rows:
            w.write_table(pa.Table.from_batches(pending, schema=schema), row_group_size=args.row_group)
            rows += pending_rows
    os.replace(tmp, args.out)
    size = os.path.getsize(args.out)
    print(
        f"to_parquet: {rows} rows, {size} bytes, {pq.ParquetFile(args.out).num_row_groups} row groups, "
        f"{time.perf_counter() - started:.1f} s (pyarrow {pa.__version__})",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
