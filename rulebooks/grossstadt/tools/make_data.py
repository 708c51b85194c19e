#!/usr/bin/env python3
"""Deterministic example data for `grossstadt.kimon` (Beispielstadt, 12 districts).

The register comes from kimon's own generator (same arguments, same bytes):

    cargo run --release -p kimon -- gen microdata --persons 8500 --years 6 \
        --first-year 2019 --districts 12 --seed 2031 \
        --out rulebooks/grossstadt/register.csv

This script writes the small aggregate and survey tables next to it:
school statistics and school-entry examinations for 12 districts, the
administration's staff and trainee survey, the council members, and the
weighted population survey. Same seed, same bytes.
Run from the repository root:  python3 rulebooks/grossstadt/tools/make_data.py
"""
import csv
import os
import random

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
YEARS = range(2019, 2025)
DISTRICTS = [f"{i:02d}" for i in range(1, 13)]
rng = random.Random(20250611)


def write(name, header, rows):
    path = os.path.join(OUT, name)
    with open(path + ".tmp", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    os.replace(path + ".tmp", path)


# School statistics (aggregate): transitions to Gymnasium by citizenship.
rows = []
for y in YEARS:
    for d in DISTRICTS:
        for cit, base, share in (("DE", 70, 0.47), ("foreign", 22, 0.24)):
            pupils = base + rng.randint(-10, 10)
            share_y = share + 0.01 * (y - 2019) * (1.5 if cit == "foreign" else 0.4)
            gym = max(0, min(pupils, round(pupils * share_y + rng.uniform(-2, 2))))
            rows.append([y, d, cit, pupils, "x" if (y, d, cit) == (2022, "08", "foreign") else gym])
write("schule.csv", ["jahr", "bezirk", "staatsangehoerigkeit", "schueler", "gymnasium"], rows)

# School-entry examination (aggregate): complete preventive check-ups.
rows = []
for y in YEARS:
    for d in DISTRICTS:
        for mh, n, share in (("none", 45, 0.93), ("own", 9, 0.72), ("parents", 20, 0.85)):
            examined = max(1, n + rng.randint(-5, 5))
            complete = max(0, min(examined, round(examined * (share + 0.005 * (y - 2019)) + rng.uniform(-1, 1))))
            rows.append([y, d, mh, examined, complete])
write("schuleingang.csv", ["year", "district", "migration_background", "examined", "complete_checkups"], rows)

# Staff survey of the city administration (aggregate): staff and trainees by
# migration background, and how many took part in intercultural training.
rows = []
staff, trainees = 11800, 640
for y in YEARS:
    t = y - 2019
    mh_staff = 0.19 + 0.011 * t
    mh_train = 0.31 + 0.015 * t
    trained = 0.22 + 0.04 * t
    for status, s_share, t_share in (("mit", mh_staff, mh_train), ("ohne", 1 - mh_staff, 1 - mh_train)):
        s = round(staff * s_share)
        rows.append([y, status, s, round(trainees * t_share), round(s * trained * rng.uniform(0.95, 1.05))])
write("personal.csv", ["year", "mh_status", "staff", "trainees", "intercultural_training"], rows)

# City council (aggregate): members by migration background, after the
# elections of 2019 and 2024 (the years between repeat the composition).
rows = []
for y in YEARS:
    with_mh = 9 if y < 2024 else 14
    rows.append([y, "mit", with_mh])
    rows.append([y, "ohne", 80 - with_mh])
write("stadtrat.csv", ["year", "mh_status", "members"], rows)

# Representative population survey (weighted), every other year.
rows = []
rid = 0
for y in (2019, 2021, 2023):
    for _ in range(1400):
        rid += 1
        mh = rng.choices(["none", "own", "parents"], [0.55, 0.28, 0.17])[0]
        sex = rng.choices(["w", "m", "d"], [0.505, 0.49, 0.005])[0]
        weight = round(rng.uniform(0.5, 1.8), 3)
        tt = (y - 2019) / 2
        p_belong = {"none": 0.83, "own": 0.67 + 0.03 * tt, "parents": 0.79 + 0.02 * tt}[mh]
        p_discr = {"none": 0.08, "own": 0.25 - 0.015 * tt, "parents": 0.2}[mh]
        p_vol = {"none": 0.29, "own": 0.18 + 0.02 * tt, "parents": 0.25}[mh]
        p_crowd = {"none": 0.09, "own": 0.28 - 0.015 * tt, "parents": 0.17}[mh]
        p_admin = {"none": 0.71, "own": 0.55 + 0.04 * tt, "parents": 0.66}[mh]
        rows.append([
            y, rid, mh, sex, weight,
            int(rng.random() < p_belong), int(rng.random() < p_discr),
            int(rng.random() < p_vol), int(rng.random() < p_crowd), int(rng.random() < p_admin),
        ])
write("befragung.csv", ["year", "respondent", "migration_background", "sex", "weight",
                        "belonging", "discrimination", "volunteering", "crowded", "admin_satisfied"], rows)
