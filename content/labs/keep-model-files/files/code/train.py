"""Fits house prices to floor area by least squares and saves the model where /models is mounted.

Reads /data/houses.csv (area_m2,price). Writes /models/model.json and prints what it wrote.
"""

import csv
import json
import os
import sys
from datetime import datetime, timezone

if not os.path.isdir("/data"):
    sys.exit("error: no dataset at /data: mount the data folder there")

with open("/data/houses.csv") as f:
    rows = [(float(r["area_m2"]), float(r["price"])) for r in csv.DictReader(f)]

n = len(rows)
mean_x = sum(x for x, _ in rows) / n
mean_y = sum(y for _, y in rows) / n
slope = sum((x - mean_x) * (y - mean_y) for x, y in rows) / sum((x - mean_x) ** 2 for x, _ in rows)
intercept = mean_y - slope * mean_x

os.makedirs("/models", exist_ok=True)
model = {
    "name": "house-price-linear",
    "weights": {"intercept": round(intercept, 2), "per_m2": round(slope, 2)},
    "trained_on": n,
    "trained_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
}
with open("/models/model.json", "w") as f:
    json.dump(model, f, indent=2)
print(f"trained on {n} houses; wrote /models/model.json")
print(json.dumps(model["weights"]))
