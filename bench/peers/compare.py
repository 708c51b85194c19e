"""Compares two benchmark outputs byte by byte and explains differences.

Usage:
    python compare.py DIR_A DIR_B [--max N]    # tables.csv and gaps.csv
    python compare.py FILE_A FILE_B [--max N]  # two single files

Exit status 0 if all compared files are byte-identical, 1 otherwise. On a
difference it prints the first N differing cells, matched by key (all
columns but the values), so a missing cell, an extra cell and a changed
number are told apart; if the keyed view finds nothing (e.g. different
line endings or order), it prints the first differing line instead.
"""

from __future__ import annotations

import argparse
import os
import sys

FILES = ("tables.csv", "gaps.csv")
# Number of leading key columns per file (the rest are values).
KEY_COLUMNS = {"table,year,area,group,numerator,denominator": 4, "year,area,gap_pp": 2}


def read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def keyed(lines: list[str], nkey: int) -> dict[tuple[str, ...], tuple[str, ...]]:
    out = {}
    for line in lines[1:]:
        parts = tuple(line.split(","))
        out[parts[:nkey]] = parts[nkey:]
    return out


def compare(a_path: str, b_path: str, limit: int) -> bool:
    a, b = read(a_path), read(b_path)
    if a == b:
        print(f"identical: {a_path} == {b_path} ({len(a)} bytes)")
        return True
    print(f"DIFFERENT: {a_path} ({len(a)} bytes) vs {b_path} ({len(b)} bytes)")
    la = a.decode("ascii", "replace").split("\n")
    lb = b.decode("ascii", "replace").split("\n")
    shown = 0
    nkey = KEY_COLUMNS.get(la[0]) if la and la[0] == (lb[0] if lb else None) else None
    if nkey is not None:
        ka, kb = keyed([x for x in la if x], nkey), keyed([x for x in lb if x], nkey)
        for key in sorted(set(ka) | set(kb)):
            va, vb = ka.get(key), kb.get(key)
            if va == vb:
                continue
            label = ",".join(key)
            if va is None:
                print(f"  only in B: {label} -> {','.join(vb)}")
            elif vb is None:
                print(f"  only in A: {label} -> {','.join(va)}")
            else:
                print(f"  {label}: A={','.join(va)} B={','.join(vb)}")
            shown += 1
            if shown >= limit:
                print("  ...")
                break
    if shown == 0:  # same cells, so the bytes differ in form (order, endings, header)
        for i, (x, y) in enumerate(zip(la, lb)):
            if x != y:
                print(f"  first differing line {i + 1}:\n    A: {x!r}\n    B: {y!r}")
                break
        else:
            print(f"  one file is a prefix of the other ({len(la)} vs {len(lb)} lines)")
    return False


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("--max", type=int, default=20, help="differences to print per file (default 20)")
    args = p.parse_args()
    if os.path.isdir(args.a) and os.path.isdir(args.b):
        pairs = [(os.path.join(args.a, f), os.path.join(args.b, f)) for f in FILES]
    else:
        pairs = [(args.a, args.b)]
    ok = True
    for x, y in pairs:
        missing = [p for p in (x, y) if not os.path.exists(p)]
        if missing:
            print(f"MISSING: {', '.join(missing)}")
            ok = False
            continue
        ok &= compare(x, y, args.max)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
