#!/usr/bin/env python3
"""Deterministic example data for the core rulebook (Musterstadt).

The register file comes from `kimon gen microdata`; this script writes the
small aggregate and survey tables next to it. Same seed, same bytes.
Run from the repository root:  python3 rulebooks/kern/tools/make_data.py
"""
import csv
import os
import random

OUT = os.path.join(os.path.dirname(__file__), "..")
YEARS = range(2019, 2025)
DISTRICTS = ["01", "02", "03", "04", "05", "06"]
rng = random.Random(20241125)


def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


# School statistics (aggregate, from the Land statistics office):
# transitions to Gymnasium after primary school by citizenship.
rows = []
for y in YEARS:
    for d in DISTRICTS:
        for cit, base, share in (("DE", 60, 0.45), ("foreign", 14, 0.22)):
            pupils = base + rng.randint(-8, 8) - (10 if d == "05" and cit == "DE" else 0)
            share_y = share + 0.01 * (y - 2019) * (1.5 if cit == "foreign" else 0.5)
            gym = max(0, min(pupils, round(pupils * share_y + rng.uniform(-2, 2))))
            # The statistics office locked one small cell, and one is unknown.
            if (y, d, cit) == (2021, "06", "foreign"):
                rows.append([y, d, cit, pupils, "x"])
            elif (y, d, cit) == (2020, "03", "foreign"):
                rows.append([y, d, cit, pupils, "."])
            else:
                rows.append([y, d, cit, pupils, gym])
write("schule.csv", ["jahr", "bezirk", "staatsangehoerigkeit", "schueler", "gymnasium"], rows)

# School-entry examination (aggregate): complete preventive check-ups (U1–U9).
rows = []
for y in YEARS:
    for d in DISTRICTS:
        for mh, n, share in (("none", 40, 0.93), ("own", 6, 0.70), ("parents", 14, 0.84)):
            examined = max(1, n + rng.randint(-4, 4))
            complete = max(0, min(examined, round(examined * (share + 0.005 * (y - 2019)) + rng.uniform(-1, 1))))
            rows.append([y, d, mh, examined, complete])
write("schuleingang.csv", ["year", "district", "migration_background", "examined", "complete_checkups"], rows)

# City administration staff survey (aggregate): staff with migration background.
rows = []
staff = 4200
for y in YEARS:
    mh_share = 0.14 + 0.012 * (y - 2019)
    rows.append([y, "mit", round(staff * mh_share), round(310 * (mh_share + 0.06))])
    rows.append([y, "ohne", round(staff * (1 - mh_share)), round(310 * (1 - mh_share - 0.06))])
write("personal.csv", ["year", "mh_status", "staff", "trainees"], rows)

# Representative population survey (weighted), every other year.
rows = []
rid = 0
for y in (2019, 2021, 2023):
    for _ in range(900):
        rid += 1
        mh = rng.choices(["none", "own", "parents"], [0.62, 0.24, 0.14])[0]
        sex = rng.choices(["w", "m", "d"], [0.505, 0.49, 0.005])[0]
        weight = round(rng.uniform(0.5, 1.8), 3)
        t = (y - 2019) / 2
        p_belong = {"none": 0.84, "own": 0.66 + 0.03 * t, "parents": 0.78 + 0.02 * t}[mh]
        p_discr = {"none": 0.07, "own": 0.24 - 0.01 * t, "parents": 0.19}[mh]
        p_vol = {"none": 0.31, "own": 0.17 + 0.02 * t, "parents": 0.24}[mh]
        p_crowd = {"none": 0.08, "own": 0.27 - 0.015 * t, "parents": 0.16}[mh]
        rows.append([
            y, rid, mh, sex, weight,
            int(rng.random() < p_belong), int(rng.random() < p_discr),
            int(rng.random() < p_vol), int(rng.random() < p_crowd),
        ])
write("befragung.csv", ["year", "respondent", "migration_background", "sex", "weight",
                        "belonging", "discrimination", "volunteering", "crowded"], rows)
