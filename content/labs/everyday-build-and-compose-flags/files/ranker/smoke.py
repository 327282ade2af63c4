"""Smoke test of the running ranker, from inside its own container: asks the server on 127.0.0.1:8000 a few
questions and writes what it found to /tmp/smoke.json, which the server then shows at /smoke.

    python smoke.py
"""

import json
import sys
import urllib.request
from pathlib import Path

BASE = "http://127.0.0.1:8000"


def get(path: str) -> dict:
    with urllib.request.urlopen(BASE + path, timeout=5) as answer:
        return json.load(answer)


checks = []
try:
    health = get("/health")
    checks.append({"check": "health answers ok", "ok": health.get("status") == "ok", "env": health.get("env")})
    churn = get("/rank/churn%20tenure")
    top = churn["results"][0]["id"] if churn["results"] else None
    checks.append({"check": "churn query ranks the churn document first", "ok": top == "doc-churn", "top": top})
    nothing = get("/rank/zebra")
    checks.append({"check": "unknown words rank nothing", "ok": nothing["results"] == []})
except OSError as err:
    checks.append({"check": "server reachable on 127.0.0.1:8000", "ok": False, "error": str(err)})

passed = all(c["ok"] for c in checks)
report = {"result": "passed" if passed else "failed", "checks": checks}
Path("/tmp/smoke.json").write_text(json.dumps(report, indent=2) + "\n")
print(json.dumps(report, indent=2))
sys.exit(0 if passed else 1)
