#!/usr/bin/env python3
"""Writes the example data of `landkreis.kimon`: a table as a Land statistics
office delivers it for the member towns of a county ("kreisangehörige
Gemeinden"): `;` as delimiter, one row per town × year × citizenship, and the
official symbols for missing values:

* `.`  Zahlenwert unbekannt oder geheim zu halten — Bergheim's
       naturalisations of 2019;
* `x`  Tabellenfach gesperrt, weil Aussage nicht sinnvoll — SGB-II figures of
       the smallest town's foreigners are locked by the supplier;
* `/`  keine Angabe, da Zahlenwert nicht sicher genug — naturalisations in two
       small towns.

kimon reads every one of these as a typed missing value, never as zero.
The town of Seedorf delivered nothing for 2022: its rows are absent, and the
county total of 2022 is "incomplete", not smaller. (`-` "genau null" is not
used: kimon reads it as missing, see NOTES.md.)

Deterministic (fixed seed, no dependence on the environment). Run:
    python3 rulebooks/landkreis/tools/make_data.py
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "statistik.csv")

TOWNS = [  # code, population 2019, foreigner share, unemployment (de, foreign)
    ("001", 24800, 0.13, 0.045, 0.105),
    ("002", 11900, 0.09, 0.038, 0.095),
    ("003", 8600, 0.07, 0.041, 0.110),
    ("004", 6100, 0.11, 0.052, 0.124),
    ("005", 4300, 0.05, 0.033, 0.090),
    ("006", 2100, 0.04, 0.036, 0.100),
]
YEARS = range(2019, 2025)
MISSING_YEAR = ("006", 2022)


def main():
    rng = random.Random(20240611)
    lines = ["Jahr;Gemeinde;Staatsangehoerigkeit;Bevoelkerung;Bev_15_64;Erwerbspersonen;Arbeitslose;"
             "Unter_65;SGB2;Einbuergerungen;Einbuergerbar"]
    for code, pop0, fshare, ude, ufo in TOWNS:
        for i, year in enumerate(YEARS):
            pop = int(pop0 * (1 + 0.004 * i))
            share = fshare + 0.004 * i
            for cit in ("DE", "foreign"):
                n = int(pop * (share if cit == "foreign" else 1 - share))
                n15 = int(n * (0.66 if cit == "DE" else 0.74))
                labour = int(n15 * (0.78 if cit == "DE" else 0.66))
                rate = (ude if cit == "DE" else ufo) * (1 - 0.02 * i) * rng.uniform(0.92, 1.08)
                unemployed = int(labour * rate)
                under65 = int(n * (0.78 if cit == "DE" else 0.93))
                sgb2 = int(under65 * (0.045 if cit == "DE" else 0.16) * rng.uniform(0.9, 1.1))
                if cit == "foreign":
                    eligible = int(n * 0.45)
                    nat = int(eligible * rng.uniform(0.015, 0.03))
                else:
                    eligible = nat = 0
                row = [str(year), code, cit, str(n), str(n15), str(labour), str(unemployed),
                       str(under65), str(sgb2), str(nat), str(eligible)]
                if (code, year) == MISSING_YEAR:
                    continue
                if code == "002" and cit == "foreign" and year == 2019:
                    row[9] = "."
                if True:
                    if code == "006" and cit == "foreign":
                        row[8] = "x"
                    if code in ("005", "006") and cit == "foreign" and year in (2020, 2023):
                        row[9] = "/"
                lines.append(";".join(row))
    tmp = OUT + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, OUT)


if __name__ == "__main__":
    main()
