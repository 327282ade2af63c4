"""Serves the model that train.py saved in /models: GET /health, GET /predict/<area in m2>."""

import json
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

try:
    with open("/models/model.json") as f:
        MODEL = json.load(f)
except FileNotFoundError:
    sys.exit("error: /models/model.json does not exist: mount the volume that holds the trained model at /models")

W = MODEL["weights"]


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        parts = self.path.strip("/").split("/")
        if parts == ["health"]:
            self.reply(200, {"status": "ok", "model": MODEL["name"], "trained_at": MODEL["trained_at"]})
            return
        if len(parts) == 2 and parts[0] == "predict":
            try:
                area = float(parts[1])
            except ValueError:
                self.reply(400, {"error": "area must be a number of square metres"})
                return
            self.reply(200, {"area_m2": area, "price": round(W["intercept"] + W["per_m2"] * area)})
            return
        self.reply(404, {"error": "unknown path"})

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print(f"serving {MODEL['name']} trained at {MODEL['trained_at']} on 0.0.0.0:8000", flush=True)
ThreadingHTTPServer(("0.0.0.0", 8000), Handler).serve_forever()
