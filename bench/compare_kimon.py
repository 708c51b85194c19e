"""Checks kimon's benchmark output against a peer's, cell by cell.

Usage: python compare_kimon.py KIMON_DIR PEER_DIR

kimon writes only the cells its privacy step publishes (`tables.csv`,
`gaps.csv`) and lists the withheld ones in `suppressed.csv`. This script
requires

* every published kimon cell and gap to be byte-identical to the peer's,
* every peer cell missing from kimon's output to be listed as withheld
  (a withheld cell may also be absent from the peer: denominator 0),
* kimon to publish nothing the peer does not have,

and prints how many cells were compared and how many were withheld, so a
"match" is never silently about fewer cells. Exit status 0 = all agree.
Pure standard library (it also runs in the test suite's spirit without a venv).
"""

from __future__ import annotations

import os
import sys


def rows(path: str, nkey: int) -> dict[tuple[str, ...], tuple[str, ...]]:
    with open(path, "rb") as f:
        data = f.read()
    if not data.endswith(b"\n") or b"\r" in data:
        raise SystemExit(f"{path}: not canonical (line ends)")
    lines = data.decode("ascii").split("\n")[:-1]
    out = {}
    for line in lines[1:]:
        parts = tuple(line.split(","))
        out[parts[:nkey]] = parts[nkey:]
    if lines[1:] != sorted(lines[1:], key=lambda l: tuple(l.split(","))):
        raise SystemExit(f"{path}: rows not in canonical order")
    return out


def main() -> int:
    kdir, pdir = sys.argv[1], sys.argv[2]
    ok = True
    withheld = set(rows(os.path.join(kdir, "suppressed.csv"), 4))
    report = []
    for name, nkey in (("tables.csv", 4), ("gaps.csv", 2)):
        k = rows(os.path.join(kdir, name), nkey)
        p = rows(os.path.join(pdir, name), nkey)
        same = sum(1 for key, v in k.items() if p.get(key) == v)
        differ = [key for key, v in k.items() if key in p and p[key] != v]
        extra = [key for key in k if key not in p]
        missing = [key for key in p if key not in k]
        if name == "tables.csv":
            unexplained = [key for key in missing if key not in withheld]
        else:
            # a gap is withheld when one of its two unemployment cells is
            unemp = {(y, a) for (t, y, a, g) in withheld if t == "unemployment"}
            unexplained = [key for key in missing if key not in unemp]
        report.append(
            f"{name}: {same} equal, {len(differ)} different, {len(extra)} only in kimon, "
            f"{len(missing)} withheld by kimon's privacy ({len(unexplained)} unexplained)"
        )
        for key in (differ + extra + unexplained)[:10]:
            report.append(f"  MISMATCH {','.join(key)}: kimon={k.get(key)} peer={p.get(key)}")
        ok &= not differ and not extra and not unexplained
    print(f"{'AGREE' if ok else 'DISAGREE'} kimon={kdir} peer={pdir}")
    for line in report:
        print("  " + line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
