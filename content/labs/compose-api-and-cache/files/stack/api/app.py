"""The churn API of the stack: scores a customer's tenure and caches each score in Redis.

GET /health        -> 200 when Redis answers PING, else 503
GET /predict/<n>   -> the score for n months of tenure, computed once and then read from the cache
GET /cached/<n>    -> whether the score for n is cached, and whether Redis restored its data from disk
                      when it last started (read-only: it never fills the cache)

Redis is spoken to over its text protocol (RESP) on a plain socket, so the image needs nothing but Python.
"""

import json
import math
import os
import signal
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REDIS_HOST = os.environ.get("REDIS_HOST", "cache")
REDIS_PORT = int(os.environ.get("REDIS_PORT", "6379"))
HOSTNAME = socket.gethostname()


def redis(*args: str):
    """Sends one command and returns its reply: str, int, None or a list of those."""
    with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=2) as conn:
        request = f"*{len(args)}\r\n" + "".join(f"${len(a.encode())}\r\n{a}\r\n" for a in args)
        conn.sendall(request.encode())
        return read_reply(conn.makefile("rb"))


def read_reply(f):
    line = f.readline().decode().rstrip("\r\n")
    kind, rest = line[:1], line[1:]
    if kind == "+":
        return rest
    if kind == "-":
        raise RuntimeError(f"redis: {rest}")
    if kind == ":":
        return int(rest)
    if kind == "$":
        size = int(rest)
        return None if size < 0 else f.read(size + 2)[:-2].decode()
    if kind == "*":
        return [read_reply(f) for _ in range(int(rest))]
    raise RuntimeError(f"redis: unexpected reply {line!r}")


def restored_from_disk() -> bool:
    info = redis("INFO", "persistence")
    for line in info.splitlines():
        if line.startswith("rdb_last_load_keys_loaded:"):
            return int(line.split(":")[1]) > 0
    return False


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        parts = self.path.strip("/").split("/")
        try:
            if parts == ["health"]:
                self.reply(200, {"status": "ok", "cache": redis("PING"), "replica": HOSTNAME})
            elif len(parts) == 2 and parts[0] == "predict" and parts[1].isdigit():
                self.predict(int(parts[1]))
            elif len(parts) == 2 and parts[0] == "cached" and parts[1].isdigit():
                cached = redis("EXISTS", f"churn:{int(parts[1])}") == 1
                self.reply(200, {"tenure": int(parts[1]), "cached": cached, "restored": restored_from_disk()})
            else:
                self.reply(404, {"error": "unknown path"})
        except (OSError, RuntimeError) as err:
            self.reply(503, {"status": "no cache", "error": f"{REDIS_HOST}:{REDIS_PORT}: {err}", "replica": HOSTNAME})

    def predict(self, tenure: int):
        key = f"churn:{tenure}"
        cached = redis("GET", key)
        if cached is not None:
            self.reply(200, {"tenure": tenure, "churn": float(cached), "from": "cache", "replica": HOSTNAME})
            return
        score = round(1 / (1 + math.exp(-(1.2 - 0.11 * tenure))), 3)
        redis("SET", key, str(score))
        print(f"scored tenure={tenure} -> {score}", flush=True)
        self.reply(200, {"tenure": tenure, "churn": score, "from": "model", "replica": HOSTNAME})

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        print(f"{HOSTNAME} {fmt % args}", flush=True)


signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print(f"api {HOSTNAME} listening on 0.0.0.0:8000, cache at {REDIS_HOST}:{REDIS_PORT}", flush=True)
ThreadingHTTPServer(("0.0.0.0", 8000), Handler).serve_forever()
