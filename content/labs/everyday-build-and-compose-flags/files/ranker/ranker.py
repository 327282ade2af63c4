"""The ranker API: orders a small catalogue of documents for a query, and keeps each ranking in Redis.

GET /health        -> the environment it runs in (APP_ENV) and whether the cache answers
GET /rank/<query>  -> the best documents for the query, from the cache when it has them
GET /card          -> the model card at /app/cards/model-card.md, or 404 until there is one
GET /smoke         -> the report smoke.py wrote to /tmp/smoke.json, or 404 until it has run

Redis is spoken to over its text protocol on a plain socket, so the image needs nothing but Python.
"""

import json
import math
import os
import re
import signal
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

APP_ENV = os.environ.get("APP_ENV", "development")
REDIS_HOST = os.environ.get("REDIS_HOST", "cache")
REDIS_PORT = int(os.environ.get("REDIS_PORT", "6379"))
CARD = Path("/app/cards/model-card.md")
SMOKE_REPORT = Path("/tmp/smoke.json")

DOCUMENTS = {
    "doc-churn": "gradient boosted trees predict churn from tenure and support tickets",
    "doc-embed": "sentence embeddings rank support tickets by meaning",
    "doc-drift": "monitor feature drift and retrain the churn model on fresh data",
    "doc-gpu": "batch inference on a gpu cuts the cost of scoring embeddings",
}


def tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def rank(query: str, documents: dict[str, str] = DOCUMENTS, top: int = 3) -> list[dict]:
    """Documents that share words with the query, best first: shared words over the square root of the length."""
    wanted = set(tokens(query))
    scored = []
    for doc_id, text in documents.items():
        words = tokens(text)
        shared = sum(1 for word in words if word in wanted)
        if shared:
            scored.append((round(shared / math.sqrt(len(words)), 4), doc_id))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [{"id": doc_id, "score": score} for score, doc_id in scored[:top]]


def redis(*args: str):
    """Sends one command to Redis and returns its reply (a string, an integer or None)."""
    with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1) as conn:
        request = f"*{len(args)}\r\n" + "".join(f"${len(a.encode())}\r\n{a}\r\n" for a in args)
        conn.sendall(request.encode())
        reply = conn.makefile("rb")
        line = reply.readline().decode().rstrip("\r\n")
        kind, rest = line[:1], line[1:]
        if kind == "+":
            return rest
        if kind == ":":
            return int(rest)
        if kind == "$":
            size = int(rest)
            return None if size < 0 else reply.read(size + 2)[:-2].decode()
        raise OSError(f"redis answered {line!r}")


def cached_rank(query: str) -> tuple[list[dict], str]:
    key = "rank:" + " ".join(sorted(set(tokens(query))))
    try:
        hit = redis("GET", key)
        if hit is not None:
            return json.loads(hit), "cache"
        result = rank(query)
        redis("SET", key, json.dumps(result), "EX", "3600")
        return result, "model"
    except OSError:
        return rank(query), "model (cache unreachable)"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        parts = self.path.strip("/").split("/", 1)
        if parts == ["health"]:
            try:
                cache = redis("PING")
            except OSError as err:
                cache = f"unreachable ({err})"
            self.reply(200, {"status": "ok", "env": APP_ENV, "cache": cache})
        elif parts[0] == "rank" and len(parts) == 2:
            query = unquote(parts[1])
            results, source = cached_rank(query)
            self.reply(200, {"query": query, "results": results, "from": source})
        elif parts == ["card"]:
            self.file(CARD, "text/markdown; charset=utf-8", "no model card yet")
        elif parts == ["smoke"]:
            self.file(SMOKE_REPORT, "application/json", "smoke.py has not run in this container yet")
        else:
            self.reply(404, {"error": "unknown path"})

    def file(self, path: Path, content_type: str, missing: str):
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self.reply(404, {"error": f"{missing}: nothing at {path}"})
            return
        except PermissionError:
            self.reply(500, {"error": f"the server may not read {path}"})
            return
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def reply(self, status: int, body: dict):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"ranker listening on 0.0.0.0:8000 (APP_ENV={APP_ENV}, cache at {REDIS_HOST}:{REDIS_PORT})", flush=True)
    ThreadingHTTPServer(("0.0.0.0", 8000), Handler).serve_forever()
