"""A churn model served over HTTP with Python's standard library only.

GET /health       -> {"status": "ok", "model": ...}
GET /predict/<n>  -> the churn score for a customer with n months of tenure
GET /report       -> the self-test report, once selftest.py has written it
"""

import json
import math
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL = json.load(open(os.path.join(os.path.dirname(__file__), "model.json")))
REPORT = "/tmp/selftest-report.json"


def score(tenure: float) -> float:
    z = MODEL["intercept"] + MODEL["tenure_weight"] * tenure
    return round(1 / (1 + math.exp(-z)), 3)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        parts = self.path.strip("/").split("/")
        if parts == ["health"]:
            self.reply(200, {"status": "ok", "model": MODEL["name"]})
        elif len(parts) == 2 and parts[0] == "predict":
            try:
                tenure = float(parts[1])
            except ValueError:
                self.reply(400, {"error": "tenure must be a number of months"})
                return
            self.reply(200, {"tenure": tenure, "churn": score(tenure)})
        elif parts == ["report"]:
            if not os.path.exists(REPORT):
                self.reply(404, {"error": "no self-test report yet: run selftest.py in this container"})
                return
            with open(REPORT) as f:
                self.reply(200, json.load(f))
        else:
            self.reply(404, {"error": "unknown path"})

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        # The lab's checker asks too, to see whether a task is done: its requests are marked, not mixed with yours.
        checker = self.headers.get("User-Agent", "").startswith("dockyard-lab-checker") if self.headers else False
        print(f"{'[lab checker] ' if checker else ''}{self.address_string()} {fmt % args}", flush=True)


def main():
    # PID 1 in a container ignores SIGTERM unless it handles it: without this, docker stop waits 10 s and kills.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    port = int(os.environ.get("PORT", "8000"))
    server = ThreadingHTTPServer(("0.0.0.0", port), Handler)
    print(f"model {MODEL['name']} loaded; listening on 0.0.0.0:{port}", flush=True)
    try:
        server.serve_forever()
    finally:
        print("shutting down", flush=True)


if __name__ == "__main__":
    main()
