#!/usr/bin/env python3
"""Derives data/steckbriefe_kimon.csv from the transcription data/steckbriefe.csv.

Why a derived file instead of reading the transcription directly:
* every kimon source needs a year column; the Steckbriefe are one edition
  (Difu report 2022), so every row gets `year` = 2022 — the figures' own
  reference dates stay in `reference_date`;
* kimon rejects negative numbers in summed columns of aggregate sources
  (they are counts there), but changes such as `population_change` can be
  negative, so the signed value is split into `plus` (≥ 0) and `minus` (≥ 0)
  with value = plus − minus;
* the printed precision (`decimals`) lets a check round the recomputed share
  exactly as the report printed it: `round(x, sum(stb.decimals where …))`.

The transcription itself is left untouched. Deterministic: same input, same
output, byte for byte. Run from anywhere:
    python3 rulebooks/zehn-kommunen/tools/make_kimon_input.py
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "data", "steckbriefe.csv")
OUT = os.path.join(HERE, "..", "data", "steckbriefe_kimon.csv")
EDITION = 2022


def main():
    with open(SRC, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fields = ["year", "municipality", "municipality_name", "figure", "unit",
              "reference_date", "value", "plus", "minus", "decimals"]
    tmp = OUT + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(fields)
        for r in rows:
            v = r["value"].strip()
            if v == "":
                # keine Angabe: the official symbol for "no figure", read as missing
                plus = minus = value = "."
                decimals = "."
            else:
                neg = v.startswith("-")
                mag = v.lstrip("-")
                value = v
                plus, minus = ("0", mag) if neg else (mag, "0")
                decimals = str(len(mag.partition(".")[2]))
            w.writerow([EDITION, r["municipality"], r["municipality_name"], r["figure"],
                        r["unit"], r["reference_date"], value, plus, minus, decimals])
    os.replace(tmp, OUT)


if __name__ == "__main__":
    main()
