"""A fraud scorer that loads its model from MODEL_PATH and serves GET /health and GET /score/<amount>.

It needs MODEL_PATH to name a model file and listens on HOST:PORT (127.0.0.1:8000 unless told otherwise).
"""

import json
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

path = os.environ.get("MODEL_PATH")
if not path:
    print("error: MODEL_PATH is not set: set it to the model file to load (the image keeps its models in /models)",
          file=sys.stderr)
    sys.exit(1)
try:
    with open(path) as f:
        MODEL = json.load(f)
except FileNotFoundError:
    print(f"error: MODEL_PATH={path}: no such file", file=sys.stderr)
    sys.exit(1)

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PORT", "8000"))


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        parts = self.path.strip("/").split("/")
        if parts == ["health"]:
            self.reply(200, {"status": "ok", "model": MODEL["name"]})
        elif len(parts) == 2 and parts[0] == "score" and parts[1].isdigit():
            risky = int(parts[1]) > MODEL["amount_limit"]
            self.reply(200, {"amount": int(parts[1]), "review": risky, "model": MODEL["name"]})
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
print(f"loaded {MODEL['name']} from {path}; listening on {HOST}:{PORT}", flush=True)
ThreadingHTTPServer((HOST, PORT), Handler).serve_forever()
