"""Scores a held-out sample with the server's own model and writes a report the server then serves at /report."""

import json
import urllib.request

SAMPLE = [(1, True), (3, True), (24, False), (48, False), (60, False)]

correct = 0
for tenure, churned in SAMPLE:
    with urllib.request.urlopen(f"http://127.0.0.1:8000/predict/{tenure}", timeout=5) as answer:
        predicted = json.load(answer)["churn"] >= 0.5
    correct += predicted == churned
accuracy = correct / len(SAMPLE)
report = {"sample": len(SAMPLE), "accuracy": accuracy, "result": "passed" if accuracy >= 0.8 else "failed"}
with open("/tmp/selftest-report.json", "w") as f:
    json.dump(report, f)
print(json.dumps(report))
