"""The churn API as a release: /version says which build this is, /predict/<months> scores a customer.

VERSION and COMMIT are copied into the image at build time, so a running container can always say what it is.
"""

import json
import math
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VERSION = open("VERSION").read().strip()
COMMIT = open("COMMIT").read().strip()
# 1.1 moves the decision threshold after a review of last quarter's churn.
THRESHOLD = 0.4 if VERSION.startswith("1.1") else 0.5


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        parts = self.path.strip("/").split("/")
        if parts == ["health"]:
            self.reply(200, {"status": "ok"})
        elif parts == ["version"]:
            self.reply(200, {"version": VERSION, "commit": COMMIT})
        elif len(parts) == 2 and parts[0] == "predict" and parts[1].isdigit():
            p = round(1 / (1 + math.exp(-(1.2 - 0.11 * int(parts[1])))), 3)
            self.reply(200, {"churn": p, "will_churn": p >= THRESHOLD, "version": VERSION})
        else:
            self.reply(404, {"error": "unknown path"})

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print(f"churn-api {VERSION} ({COMMIT}) listening on 0.0.0.0:8000", flush=True)
ThreadingHTTPServer(("0.0.0.0", 8000), Handler).serve_forever()
