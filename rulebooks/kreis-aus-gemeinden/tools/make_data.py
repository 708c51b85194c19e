#!/usr/bin/env python3
"""Writes the register of the three member towns of the example county
(deterministic: a fixed linear congruential generator, no random module).
Dorf C is small, so some of its cells are suppressed in its own export."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
TOWNS = [("stadt-a", 420, 0.22), ("stadt-b", 260, 0.15), ("dorf-c", 70, 0.08)]
state = 20251


def rnd():
    global state
    state = (state * 1103515245 + 12345) % (1 << 31)
    return state / (1 << 31)


for town, persons, foreign_share in TOWNS:
    lines = ["year,district,citizenship,age,employed,unemployed"]
    for year in (2022, 2023, 2024):
        for p in range(persons):
            district = "1" if rnd() < 0.6 else "2"
            foreign = rnd() < foreign_share
            age = int(rnd() * 80)
            active = 15 <= age <= 64 and rnd() < 0.75
            unemployed = active and rnd() < (0.14 if foreign else 0.06)
            employed = active and not unemployed
            lines.append(
                f"{year},{district},{'XX' if foreign else 'DE'},{age},{int(employed)},{int(unemployed)}"
            )
    with open(os.path.join(HERE, "..", town, "register.csv"), "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
