#!/usr/bin/env python3
"""Scale benchmark of kimon's privacy step (issue 11).

Generates two protection problems and prints wall time and peak memory of
`kimon audit` (evaluation + primary/complementary suppression + interval
audit), which is dominated by the protection on these inputs:

  A. 1,000 areas x 20 groups x 10 years: an aggregate table of person
     counts (one row per area, group and year), one count indicator by
     area and group. Target: <= 30 s.
  B. 542 planning areas in 4 nested levels (542 -> 143 -> 58 -> 12, as a
     large city's planning-area system) x 10 groups x 10 years: the same
     table with the four level codes in columns, one indicator per level.
     Target: <= 10 s.

Both with realistic small counts (about one cell in six below 3), so
primary suppression, complementary suppression and the audit all work.
Memory target: <= 1 GiB.

Usage: bench/privacy_scale.py [path/to/kimon] [--keep DIR] [--years N] [--only A|B]
(--years cuts both scenarios to the first N years, for profiling.)
Prints one line per scenario: cells, time, RSS, withheld cells.
"""

import os
import random
import re
import subprocess
import sys
import tempfile
import time

GROUPS_A = 20
GROUPS_B = 10
YEARS = list(range(2015, 2025))


def counts(rng, n):
    # Mostly small area-group cells: a long tail like a register by origin.
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.12:
            out.append(0)
        elif r < 0.28:
            out.append(rng.randint(1, 2))
        else:
            out.append(int(rng.expovariate(1 / 40)) + 3)
    return out


def group_dimension(n):
    lines = ['dimension herkunft "Herkunftsgruppe" {']
    for g in range(1, n + 1):
        lines.append(f'  group g{g:02d} "Gruppe {g}" when herkunft == "g{g:02d}"')
    lines.append("  reference g01")
    lines.append("}")
    return "\n".join(lines) + "\n\n"


def area(name, column, codes):
    lines = [f'area {name} "{name}" {{', f"  column {column}"]
    for c in codes:
        lines.append(f'  unit "{c}" "{name} {c}"')
    lines.append('  total "Stadt"')
    lines.append("}")
    return "\n".join(lines) + "\n\n"


def header(title):
    return (
        f'rulebook "{title}" {{\n  municipality "Stadt"\n  years {YEARS[0]}..{YEARS[-1]}\n}}\n\n'
        'source tab "Bestand" {\n  kind aggregate\n  file "tab.csv"\n  year_column jahr\n}\n\n'
        'field f "Feld" { steerable yes }\n\nprivacy {\n  min_count 3\n}\n\n'
    )


def indicator(ident, by):
    return (
        f'indicator {ident} "{ident}" {{\n  field f\n  purpose "Skalentest."\n  unit count\n'
        f"  polarity neutral\n  numerator sum(tab.personen)\n  by {by}\n}}\n\n"
    )


def scenario_a(d, rng):
    areas = [f"A{a:04d}" for a in range(1, 1001)]
    rows = ["jahr,gebiet,herkunft,personen"]
    for y in YEARS:
        vals = counts(rng, len(areas) * GROUPS_A)
        i = 0
        for a in areas:
            for g in range(1, GROUPS_A + 1):
                rows.append(f"{y},{a},g{g:02d},{vals[i]}")
                i += 1
    open(os.path.join(d, "tab.csv"), "w").write("\n".join(rows) + "\n")
    text = header("Skala A") + group_dimension(GROUPS_A) + area("gebiet", "gebiet", areas)
    text += indicator("bestand", "gebiet, herkunft")
    open(os.path.join(d, "a.kimon"), "w").write(text)
    return "a.kimon", len(YEARS) * (len(areas) + 1) * (GROUPS_A + 1)


def scenario_b(d, rng):
    # 12 districts, 58 forecast areas, 143 district regions, 542 planning areas.
    bez = [f"{b:02d}" for b in range(1, 13)]
    pgr = [f"{bez[i % 12]}{i // 12 + 1:02d}" for i in range(58)]
    bzr = [f"{pgr[i % 58]}{i // 58 + 1:02d}" for i in range(143)]
    plr = [f"{bzr[i % 143]}{i // 143 + 1:02d}" for i in range(542)]
    parent_bzr = {p: p[:6] for p in plr}
    rows = ["jahr,plr,bzr,pgr,bez,herkunft,personen"]
    for y in YEARS:
        vals = counts(rng, len(plr) * GROUPS_B)
        i = 0
        for p in plr:
            z = parent_bzr[p]
            for g in range(1, GROUPS_B + 1):
                rows.append(f"{y},{p},{z},{z[:4]},{z[:2]},g{g:02d},{vals[i]}")
                i += 1
    open(os.path.join(d, "tab.csv"), "w").write("\n".join(rows) + "\n")
    text = header("Skala B") + group_dimension(GROUPS_B)
    levels = [("plr", plr), ("bzr", bzr), ("pgr", pgr), ("bez", bez)]
    for name, codes in levels:
        text += area(name, name, codes)
    for name, _ in levels:
        text += indicator(f"bestand_{name}", f"{name}, herkunft")
    open(os.path.join(d, "b.kimon"), "w").write(text)
    cells = sum(len(YEARS) * (len(c) + 1) * (GROUPS_B + 1) for _, c in levels)
    return "b.kimon", cells


def run(kimon, d, rulebook):
    cmd = ["/usr/bin/time", "-v", kimon, "audit", rulebook, "--no-ledger"]
    t0 = time.monotonic()
    p = subprocess.run(cmd, cwd=d, capture_output=True, text=True)
    wall = time.monotonic() - t0
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    rss_mb = int(rss.group(1)) / 1024 if rss else float("nan")
    withheld = sum(1 for line in p.stdout.splitlines() if "protected" in line or "geschützt" in line)
    return p.returncode, wall, rss_mb, p.stdout, p.stderr, withheld


def main():
    args = sys.argv[1:]
    kimon = os.path.abspath(args[0]) if args and not args[0].startswith("--") else os.path.abspath("target/release/kimon")
    keep = args[args.index("--keep") + 1] if "--keep" in args else None
    base = keep or tempfile.mkdtemp(prefix="kimon-privacy-scale-")
    global YEARS
    if "--years" in args:
        YEARS = YEARS[: int(args[args.index("--years") + 1])]
    only = args[args.index("--only") + 1] if "--only" in args else None
    rng = random.Random(11)
    for label, make, target in [("A 1000x20x10", scenario_a, 30), ("B 542 PLR x4 levels x10x10", scenario_b, 10)]:
        if only and not label.startswith(only):
            continue
        d = os.path.join(base, label.split()[0])
        os.makedirs(d, exist_ok=True)
        rulebook, cells = make(d, rng)
        code, wall, rss, out, err, _ = run(kimon, d, rulebook)
        first = out.splitlines()[:1]
        summary = [line for line in out.splitlines() if "Zellen" in line or "cells" in line][:2]
        limit = "privacy-limit" in err
        print(
            f"{label}: {cells} table cells, exit {code}, {wall:.1f} s (target {target} s), "
            f"peak RSS {rss:.0f} MiB (target 1024), atom limit hit: {limit}"
        )
        for line in summary:
            print("   ", line.strip())
        if code != 0:
            print("    stderr:", err.strip().splitlines()[-3:] if err.strip() else "")
        del first
    if not keep:
        print(f"(inputs in {base})")


if __name__ == "__main__":
    main()
