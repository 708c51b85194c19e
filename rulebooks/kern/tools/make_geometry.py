#!/usr/bin/env python3
"""Deterministic, synthetic district outlines for the example rulebooks.

Not a real city: a jittered grid of districts with shared, wavy borders,
so the report's maps look like a city atlas. Writes
`rulebooks/kern/bezirke.geojson` (Musterstadt, 6 districts, 3 x 2) and
`rulebooks/grossstadt/bezirke.geojson` (Beispielstadt, 12 districts, 4 x 3),
keyed by the property `code` with the rulebooks' unit codes.
Same seed, same bytes. Run from the repository root:
    python3 rulebooks/kern/tools/make_geometry.py
"""
import json
import math
import os
import random

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def city(cols, rows, lon0, lat0, width_km, height_km, names, seed):
    rng = random.Random(seed)
    dlon = width_km / (111.32 * math.cos(math.radians(lat0))) / cols
    dlat = height_km / 110.57 / rows
    # Grid vertices, jittered inside; the outer ring bulges into an oval.
    vert = {}
    for i in range(cols + 1):
        for j in range(rows + 1):
            x, y = i / cols - 0.5, j / rows - 0.5
            inner = 0 < i < cols and 0 < j < rows
            jx = rng.uniform(-0.25, 0.25) if inner else 0.0
            jy = rng.uniform(-0.25, 0.25) if inner else 0.0
            # Pull the corners in: a rounder outline.
            r = math.hypot(x, y)
            pull = 1.0 - 0.18 * max(0.0, r - 0.5) if not inner else 1.0
            vert[(i, j)] = (lon0 + (x * cols * pull + jx) * dlon, lat0 + (y * rows * pull + jy) * dlat)
    # Each edge between two vertices gets wavy intermediate points, shared
    # by the two districts on either side.
    edges = {}

    def edge(a, b):
        if (b, a) in edges:
            return list(reversed(edges[(b, a)]))
        if (a, b) not in edges:
            (x1, y1), (x2, y2) = vert[a], vert[b]
            pts = []
            for k in range(1, 6):
                t = k / 6
                nx, ny = -(y2 - y1), (x2 - x1)
                amp = rng.uniform(-0.06, 0.06)
                pts.append((x1 + (x2 - x1) * t + nx * amp, y1 + (y2 - y1) * t + ny * amp))
            edges[(a, b)] = pts
        return edges[(a, b)]

    features = []
    n = 0
    for j in reversed(range(rows)):
        for i in range(cols):
            corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
            ring = []
            for a, b in zip(corners, corners[1:] + corners[:1]):
                ring.append(vert[a])
                ring.extend(edge(a, b))
            ring.append(ring[0])
            code, name = names[n]
            n += 1
            coords = [[round(x, 5), round(y, 5)] for x, y in ring]
            features.append({
                "type": "Feature",
                "properties": {"code": code, "name": name},
                "geometry": {"type": "Polygon", "coordinates": [coords]},
            })
    return features


def write(path, features, title):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write('{"type": "FeatureCollection",\n')
        f.write(' "name": %s,\n' % json.dumps(title, ensure_ascii=False))
        f.write(' "features": [\n')
        for k, feat in enumerate(features):
            sep = "," if k + 1 < len(features) else ""
            f.write("  " + json.dumps(feat, ensure_ascii=False, separators=(", ", ": ")) + sep + "\n")
        f.write(" ]}\n")


KERN = [("01", "Altstadt"), ("02", "Nordstadt"), ("03", "Hafenviertel"),
        ("04", "Südpark"), ("05", "Am Bahnhof"), ("06", "Waldsiedlung")]
GROSS = [("01", "Altstadt"), ("02", "Neustadt"), ("03", "Hafen"), ("04", "Schlossberg"),
         ("05", "Lindenau"), ("06", "Nord"), ("07", "Ost"), ("08", "Flughafen"),
         ("09", "Südstadt"), ("10", "Westend"), ("11", "Auenviertel"), ("12", "Bergfeld")]

write(os.path.join(ROOT, "kern", "bezirke.geojson"),
      city(3, 2, 8.65, 50.11, 11.0, 7.5, KERN, 20251202),
      "Musterstadt, Stadtbezirke (synthetisch)")
write(os.path.join(ROOT, "grossstadt", "bezirke.geojson"),
      city(4, 3, 10.9, 48.37, 18.0, 14.0, GROSS, 20251203),
      "Beispielstadt, Stadtbezirke (synthetisch)")
