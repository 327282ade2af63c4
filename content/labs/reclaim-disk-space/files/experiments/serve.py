"""The ranking model's server: GET /health names the model it loaded from /models/model.json."""

import json
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

with open("/models/model.json") as f:
    MODEL = json.load(f)
with open("BUILD") as f:
    BUILD = f.read().strip()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        found = self.path == "/health"
        body = json.dumps({"status": "ok", "model": MODEL["name"], "build": BUILD} if found else {"error": "unknown"})
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())


signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print(f"serving {MODEL['name']} (build {BUILD}) on 0.0.0.0:8000", flush=True)
ThreadingHTTPServer(("0.0.0.0", 8000), Handler).serve_forever()
