"""The churn API: GET /score/<customer id> fetches the customer's features from the feature store by name and
scores them. FEATURES_URL says where the store is (http://features:8000 unless set)."""

import json
import math
import os
import signal
import sys
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FEATURES_URL = os.environ.get("FEATURES_URL", "http://features:8000")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        parts = self.path.strip("/").split("/")
        if parts == ["health"]:
            self.reply(200, {"status": "ok"})
            return
        if len(parts) != 2 or parts[0] != "score":
            self.reply(404, {"error": "unknown path"})
            return
        try:
            with urllib.request.urlopen(f"{FEATURES_URL}/features/{parts[1]}", timeout=3) as answer:
                f = json.load(answer)
        except (urllib.error.URLError, OSError) as err:
            # The reason (often "Name or service not known") is what tells a network problem from a crash.
            self.reply(502, {"error": f"cannot reach the feature store at {FEATURES_URL}: {err}"})
            return
        z = 1.0 - 0.08 * f["tenure_months"] + 0.6 * f["support_calls"]
        self.reply(200, {"customer": parts[1], "churn": round(1 / (1 + math.exp(-z)), 3), "features": f})

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print(f"churn api listening on 0.0.0.0:8000, feature store at {FEATURES_URL}", flush=True)
ThreadingHTTPServer(("0.0.0.0", 8000), Handler).serve_forever()
