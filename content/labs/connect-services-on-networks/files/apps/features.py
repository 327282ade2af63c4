"""A tiny feature store: GET /features/<customer id> answers the features the churn model needs."""

import json
import signal
import sys
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def features(customer: str) -> dict:
    # Stable made-up numbers per customer, so every call for one customer agrees.
    seed = zlib.crc32(customer.encode())
    return {"customer": customer, "tenure_months": seed % 72, "support_calls": seed % 7, "source": "feature-store"}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        parts = self.path.strip("/").split("/")
        if len(parts) == 2 and parts[0] == "features":
            self.reply(200, features(parts[1]))
        elif parts == ["health"]:
            self.reply(200, {"status": "ok"})
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
print("feature store listening on 0.0.0.0:8000", flush=True)
ThreadingHTTPServer(("0.0.0.0", 8000), Handler).serve_forever()
