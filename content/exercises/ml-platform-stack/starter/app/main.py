"""The ML platform API of the stack: documents with embeddings in PostgreSQL + pgvector, answers cached in Redis,
files in a Jupyter notebook server.

Its services are found by DATABASE_URL, REDIS_URL and NOTEBOOK_URL (with JUPYTER_TOKEN). Connections are made per
request, so the API starts (and answers /health) even when it runs alone, as it does in the grader's run phase.
The image may install only fastapi and uvicorn, so PostgreSQL and Redis are spoken to directly over a socket (their
protocols are short) and the notebook server through urllib.
"""
import base64
import hashlib
import hmac
import json
import math
import os
import secrets
import socket
import struct
import urllib.error
import urllib.request
from typing import List, Optional
from urllib.parse import unquote, urlparse

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel

app = FastAPI(title="ml platform api")

TIMEOUT = 3  # seconds, for every connection and every read: a missing service must not hang a request
MARKER_KEY = "dockyard:marker"
MARKER_FILE = "dockyard-marker.txt"
SIMILAR_TTL = 60  # seconds a /similar answer stays in the cache


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or "postgresql://postgres@localhost:5432/postgres"


def redis_url() -> str:
    return os.environ.get("REDIS_URL") or "redis://localhost:6379/0"


def notebook_url() -> str:
    return (os.environ.get("NOTEBOOK_URL") or "http://localhost:8888").rstrip("/")


def masked(url: str) -> str:
    """The URL with its password replaced by ***, fit to show in answers and logs."""
    scheme, sep, rest = url.partition("://")
    userinfo, at, hostpart = rest.rpartition("@")
    if not sep or not at or ":" not in userinfo:
        return url
    return f"{scheme}://{userinfo.split(':', 1)[0]}:***@{hostpart}"


def describe(exc: BaseException) -> str:
    """A one-line reason for a failure, naming the kind of network error (refused, timed out, unknown host)."""
    if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, BaseException):
        exc = exc.reason  # urllib wraps the socket error
    if isinstance(exc, (PgError, RedisError, NotebookError)):
        return str(exc)
    if isinstance(exc, socket.gaierror):
        return f"cannot resolve the host name ({exc})"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


# --- PostgreSQL: the frontend/backend protocol v3, just enough for simple queries --------------------------------


class PgError(Exception):
    """An error the server sent (ErrorResponse: message 'M', SQLSTATE 'C') or a problem found by this client."""

    def __init__(self, message: str, sqlstate: str = "", detail: str = ""):
        text = message + (f" (SQLSTATE {sqlstate})" if sqlstate else "") + (f": {detail}" if detail else "")
        super().__init__(text)
        self.message, self.sqlstate, self.detail = message, sqlstate, detail

    @classmethod
    def from_response(cls, body: bytes) -> "PgError":
        """Reads an ErrorResponse: fields of one type byte then a NUL-terminated string."""
        fields = {f[:1].decode(): f[1:].decode("utf-8", "replace") for f in body.split(b"\0") if f}
        return cls(fields.get("M", "unknown error"), fields.get("C", ""), fields.get("D", ""))


class PgResult:
    """What one simple query returned: column names, rows of text values (None for NULL), the command tag."""

    def __init__(self) -> None:
        self.columns: List[str] = []
        self.rows: List[tuple] = []
        self.command = ""


class PgConnection:
    """One session with a PostgreSQL server, opened from a postgresql:// URL; use it as a context manager.

    No TLS: the stack's network is internal, and the official postgres image accepts plain connections.
    """

    def __init__(self, url: str, timeout: float = TIMEOUT):
        parts = urlparse(url)
        self.user = unquote(parts.username or "postgres")
        self.password = unquote(parts.password or "")
        database = unquote(parts.path.lstrip("/")) or self.user
        self.sock = socket.create_connection((parts.hostname or "localhost", parts.port or 5432), timeout=timeout)
        self.reader = self.sock.makefile("rb")
        try:
            self._startup(database)
        except BaseException:
            self.sock.close()
            raise

    def __enter__(self) -> "PgConnection":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Sends Terminate so the server ends the session cleanly instead of logging an unexpected EOF."""
        try:
            self._send(b"X", b"")
        except OSError:
            pass
        finally:
            self.reader.close()
            self.sock.close()

    def _send(self, kind: bytes, payload: bytes) -> None:
        """A message is a type byte, then its length (counting itself but not the type), then its payload."""
        self.sock.sendall(kind + struct.pack("!i", len(payload) + 4) + payload)

    def _receive(self) -> "tuple[bytes, bytes]":
        header = self.reader.read(5)
        if len(header) < 5:
            raise PgError("the server closed the connection")
        kind, length = header[:1], struct.unpack("!i", header[1:])[0]
        body = self.reader.read(length - 4)
        if len(body) < length - 4:
            raise PgError("the server closed the connection")
        return kind, body

    def _startup(self, database: str) -> None:
        """StartupMessage (no type byte; protocol 3.0), authentication, then wait for ReadyForQuery."""
        params = {"user": self.user, "database": database, "client_encoding": "UTF8", "application_name": "ml-api"}
        payload = struct.pack("!i", 3 << 16) + b"".join(f"{k}\0{v}\0".encode() for k, v in params.items()) + b"\0"
        self.sock.sendall(struct.pack("!i", len(payload) + 4) + payload)
        while True:
            kind, body = self._receive()
            if kind == b"R":
                self._authenticate(body)
            elif kind == b"E":
                raise PgError.from_response(body)
            elif kind == b"Z":
                return
            # ParameterStatus (S), BackendKeyData (K) and notices (N) carry nothing this client needs.

    def _authenticate(self, body: bytes) -> None:
        code = struct.unpack("!i", body[:4])[0]
        if code == 0:  # AuthenticationOk
            return
        if code in (3, 5, 10) and not self.password:
            raise PgError(f"the server asks a password for user {self.user!r}, and the URL has none")
        if code == 3:  # cleartext password
            self._send(b"p", self.password.encode() + b"\0")
        elif code == 5:  # MD5: "md5" + md5(md5(password + user) + salt), both as hex
            inner = hashlib.md5((self.password + self.user).encode()).hexdigest().encode()
            self._send(b"p", b"md5" + hashlib.md5(inner + body[4:8]).hexdigest().encode() + b"\0")
        elif code == 10:  # SASL: the server lists its mechanisms
            mechanisms = [m.decode() for m in body[4:].split(b"\0") if m]
            if "SCRAM-SHA-256" not in mechanisms:
                raise PgError(f"no supported SASL mechanism among {mechanisms}")
            self._scram_sha_256()
        else:
            raise PgError(f"unsupported authentication method (code {code})")

    def _scram_sha_256(self) -> None:
        """SCRAM-SHA-256 (RFC 5802/7677) as PostgreSQL uses it: the user name in the messages is ignored (the
        StartupMessage's counts), no channel binding. The password is used as is (no SASLprep), which is right
        for ASCII passwords. The server's signature is checked, so a server that doesn't know the password
        can't pretend it does."""
        nonce = base64.b64encode(secrets.token_bytes(18)).decode()
        client_first_bare = f"n=,r={nonce}"
        first = f"n,,{client_first_bare}".encode()
        self._send(b"p", b"SCRAM-SHA-256\0" + struct.pack("!i", len(first)) + first)  # SASLInitialResponse
        server_first = self._sasl_reply(11).decode()
        attrs = dict(item.split("=", 1) for item in server_first.split(",") if "=" in item)
        if not attrs.get("r", "").startswith(nonce) or "s" not in attrs or "i" not in attrs:
            raise PgError(f"malformed SCRAM server-first message {server_first!r}")
        salted = hashlib.pbkdf2_hmac("sha256", self.password.encode(), base64.b64decode(attrs["s"]), int(attrs["i"]))
        client_key = hmac.digest(salted, b"Client Key", "sha256")
        client_final_bare = f"c=biws,r={attrs['r']}"  # biws = base64("n,,"): no channel binding
        auth_message = f"{client_first_bare},{server_first},{client_final_bare}".encode()
        signature = hmac.digest(hashlib.sha256(client_key).digest(), auth_message, "sha256")
        proof = base64.b64encode(bytes(a ^ b for a, b in zip(client_key, signature))).decode()
        self._send(b"p", f"{client_final_bare},p={proof}".encode())  # SASLResponse
        server_final = self._sasl_reply(12).decode()
        expected = hmac.digest(hmac.digest(salted, b"Server Key", "sha256"), auth_message, "sha256")
        verifier = dict(item.split("=", 1) for item in server_final.split(",") if "=" in item).get("v", "")
        if not hmac.compare_digest(base64.b64decode(verifier), expected):
            raise PgError("the server's SCRAM signature is wrong: it does not know the password")

    def _sasl_reply(self, code: int) -> bytes:
        """The data of the next AuthenticationSASLContinue (11) or SASLFinal (12); a wrong password ends here."""
        kind, body = self._receive()
        if kind == b"E":
            raise PgError.from_response(body)
        if kind != b"R" or struct.unpack("!i", body[:4])[0] != code:
            raise PgError(f"unexpected message {kind!r} during SCRAM authentication")
        return body[4:]

    def query(self, sql: str) -> PgResult:
        """Runs SQL with the Simple Query protocol; returns the last result (rows in text format).

        An error is raised only after ReadyForQuery, so the session stays usable after a failed statement.
        """
        self._send(b"Q", sql.encode() + b"\0")
        result, error = PgResult(), None
        while True:
            kind, body = self._receive()
            if kind == b"T":  # RowDescription starts a new result
                result = PgResult()
                result.columns = self._column_names(body)
            elif kind == b"D":
                result.rows.append(self._data_row(body))
            elif kind == b"C":
                result.command = body.rstrip(b"\0").decode()
            elif kind == b"E":
                error = PgError.from_response(body)
            elif kind == b"Z":
                break
            elif kind in (b"G", b"H", b"W"):
                raise PgError("COPY is not supported by this client")
            # EmptyQueryResponse (I), notices (N), ParameterStatus (S), notifications (A): nothing to keep.
        if error:
            raise error
        return result

    @staticmethod
    def _column_names(body: bytes) -> List[str]:
        """RowDescription: a count, then per field its NUL-terminated name and 18 bytes of type information."""
        names, pos = [], 2
        for _ in range(struct.unpack("!h", body[:2])[0]):
            end = body.index(b"\0", pos)
            names.append(body[pos:end].decode())
            pos = end + 1 + 18
        return names

    @staticmethod
    def _data_row(body: bytes) -> tuple:
        """DataRow: a count, then per value its length (-1 for NULL) and its bytes."""
        values, pos = [], 2
        for _ in range(struct.unpack("!h", body[:2])[0]):
            length = struct.unpack("!i", body[pos:pos + 4])[0]
            pos += 4
            values.append(None if length < 0 else body[pos:pos + length].decode())
            pos += max(length, 0)
        return tuple(values)


def sql_literal(value: str) -> str:
    """A SQL string literal for value: simple queries have no parameters, so values are quoted here.

    The E'' form with doubled quotes and backslashes reads the same whatever standard_conforming_strings is.
    PostgreSQL text cannot hold NUL, so it is refused rather than silently cut.
    """
    if "\0" in value:
        raise ValueError("a NUL character cannot be stored in PostgreSQL text")
    return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def vector_literal(embedding: List[float]) -> str:
    """A pgvector value such as '[1.0,2.0,3.0]'::vector."""
    return sql_literal("[" + ",".join(repr(float(x)) for x in embedding) + "]") + "::vector"


def pg_connect() -> PgConnection:
    return PgConnection(database_url())


# --- Redis: RESP, a few lines -----------------------------------------------------------------------------------


class RedisError(Exception):
    """An error reply from Redis, such as NOAUTH when a password is needed."""


def redis_command(*args: str) -> object:
    """Sends one command to the cache named by REDIS_URL (after AUTH and SELECT) and returns its reply."""
    url = urlparse(redis_url())
    commands = []
    if url.password:
        user = unquote(url.username or "")
        commands.append(("AUTH", user, unquote(url.password)) if user else ("AUTH", unquote(url.password)))
    commands.append(("SELECT", (url.path or "/0").lstrip("/") or "0"))
    commands.append(args)
    request = b""
    for command in commands:
        request += b"*%d\r\n" % len(command)
        for arg in command:
            data = arg.encode()
            request += b"$%d\r\n%s\r\n" % (len(data), data)
    with socket.create_connection((url.hostname or "localhost", url.port or 6379), timeout=TIMEOUT) as conn:
        conn.sendall(request)
        replies = conn.makefile("rb")
        return [_read_reply(replies) for _ in commands][-1]


def _read_reply(replies) -> object:
    line = replies.readline()
    if not line:
        raise RedisError("the server closed the connection")
    kind, rest = line[:1], line[1:].rstrip(b"\r\n").decode()
    if kind == b"+":
        return rest
    if kind == b"-":
        raise RedisError(rest)
    if kind == b":":
        return int(rest)
    if kind == b"$":
        size = int(rest)
        return None if size < 0 else replies.read(size + 2)[:-2].decode()
    raise RedisError(f"unexpected reply {line!r}")


# --- Jupyter notebook server: its REST API over HTTP -------------------------------------------------------------


class NotebookError(Exception):
    """The notebook server answered with an HTTP error."""


# Services are reached by name on the stack's network: never through an HTTP proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def notebook_request(method: str, path: str, body: Optional[dict] = None) -> "tuple[int, object]":
    """Calls the notebook server's API with the token; returns (status, JSON body). 404 is returned, not raised."""
    headers = {"Accept": "application/json"}
    token = os.environ.get("JUPYTER_TOKEN", "")
    if token:
        headers["Authorization"] = f"token {token}"
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(notebook_url() + path, data=data, headers=headers, method=method)
    try:
        with _OPENER.open(request, timeout=TIMEOUT) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return 404, None
        hint = " (is JUPYTER_TOKEN the notebook's token?)" if exc.code in (401, 403) else ""
        raise NotebookError(f"HTTP {exc.code} {exc.reason}{hint}") from None


# --- Endpoints ---------------------------------------------------------------------------------------------------


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}


@app.get("/config")
def config() -> dict:
    return {
        "vectors": masked(database_url()),
        "cache": masked(redis_url()),
        "notebook": masked(notebook_url()),
        "jupyter_token_set": bool(os.environ.get("JUPYTER_TOKEN")),
        "api_token_set": bool(os.environ.get("API_TOKEN")),
    }


def check_vectors() -> object:
    with pg_connect() as db:
        try:
            db.query("CREATE EXTENSION IF NOT EXISTS vector")
        except PgError as exc:
            if exc.sqlstate in ("0A000", "58P01"):  # feature not supported / undefined file: not installed
                return f"the pgvector extension is not installed in this PostgreSQL server ({exc.message})"
            return f"CREATE EXTENSION vector failed: {exc}"
        rows = db.query("SELECT '[1,2,3]'::vector <-> '[1,2,5]'::vector").rows
    if rows and rows[0][0] is not None and float(rows[0][0]) == 2.0:
        return True
    return f"pgvector's distance between [1,2,3] and [1,2,5] should be 2, the server said {rows!r}"


def check_cache() -> object:
    reply = redis_command("PING")
    return True if reply == "PONG" else f"PING answered {reply!r}, not PONG"


def check_notebook() -> object:
    status, body = notebook_request("GET", "/api/status")
    return True if status == 200 and isinstance(body, dict) else f"/api/status answered HTTP {status}"


DEPENDENCIES = {
    "vectors": (database_url, check_vectors),
    "cache": (redis_url, check_cache),
    "notebook": (notebook_url, check_notebook),
}


@app.get("/dependencies")
def dependencies() -> dict:
    """true for each service reached and working, else what went wrong, after the URL tried."""
    answer = {}
    for name, (url, check) in DEPENDENCIES.items():
        try:
            result = check()
        except Exception as exc:  # a check reports every failure instead of failing the request
            result = describe(exc)
        answer[name] = True if result is True else f"{masked(url())}: {result}"
    return answer


def bad_gateway(failed: dict) -> JSONResponse:
    """HTTP 502: a service behind the API failed; failed maps each such service to its URL and what went wrong."""
    return JSONResponse(status_code=502, content={"error": "failed: " + ", ".join(failed), "failed": failed})


class Marker(BaseModel):
    value: str


def store_vectors_marker(value: str) -> None:
    with pg_connect() as db:
        db.query("CREATE TABLE IF NOT EXISTS dockyard_marker (id int PRIMARY KEY, value text NOT NULL)")
        db.query(f"INSERT INTO dockyard_marker (id, value) VALUES (1, {sql_literal(value)}) "
                 "ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value")


def store_notebook_marker(value: str) -> None:
    notebook_request("PUT", f"/api/contents/{MARKER_FILE}", {"type": "file", "format": "text", "content": value})


def read_vectors_marker() -> Optional[str]:
    with pg_connect() as db:
        try:
            rows = db.query("SELECT value FROM dockyard_marker WHERE id = 1").rows
        except PgError as exc:
            if exc.sqlstate == "42P01":  # undefined table: nothing was stored yet
                return None
            raise
    return rows[0][0] if rows else None


def read_notebook_marker() -> Optional[str]:
    status, body = notebook_request("GET", f"/api/contents/{MARKER_FILE}?type=file&format=text&content=1")
    return None if status == 404 else body["content"]


MARKER_STORES = {
    "vectors": (database_url, store_vectors_marker, read_vectors_marker),
    "cache": (redis_url, lambda value: redis_command("SET", MARKER_KEY, value),
              lambda: redis_command("GET", MARKER_KEY)),
    "notebook": (notebook_url, store_notebook_marker, read_notebook_marker),
}


@app.post("/marker")
def store_marker(marker: Marker):
    """Stores the value in every stateful service; 502 names each one that failed."""
    if "\0" in marker.value:
        raise HTTPException(422, "the marker cannot contain a NUL character")
    failed = {}
    for name, (url, store, _) in MARKER_STORES.items():
        try:
            store(marker.value)
        except Exception as exc:  # each service is tried, and each failure reported
            failed[name] = f"{masked(url())}: {describe(exc)}"
    if failed:
        return bad_gateway(failed)
    return {"stored": marker.value}


@app.get("/marker")
def read_marker() -> dict:
    """Each service's marker; null where none is stored, "error: ..." where the service could not be read."""
    answer = {}
    for name, (url, _, read) in MARKER_STORES.items():
        try:
            answer[name] = read()
        except Exception as exc:
            answer[name] = f"error: {masked(url())}: {describe(exc)}"
    return answer


class Document(BaseModel):
    id: int
    embedding: List[float]
    text: str


def checked_embedding(values: List[float]) -> List[float]:
    if len(values) != 3 or not all(math.isfinite(x) for x in values):
        raise HTTPException(422, "embedding must be 3 finite numbers: the documents table holds vector(3)")
    return values


@app.post("/documents")
def store_document(document: Document):
    embedding = checked_embedding(document.embedding)
    if "\0" in document.text:
        raise HTTPException(422, "text cannot contain a NUL character")
    try:
        with pg_connect() as db:
            db.query("CREATE EXTENSION IF NOT EXISTS vector")
            db.query("CREATE TABLE IF NOT EXISTS documents "
                     "(id bigint PRIMARY KEY, embedding vector(3) NOT NULL, text text NOT NULL)")
            db.query(f"INSERT INTO documents (id, embedding, text) "
                     f"VALUES ({document.id}, {vector_literal(embedding)}, {sql_literal(document.text)}) "
                     "ON CONFLICT (id) DO UPDATE SET embedding = EXCLUDED.embedding, text = EXCLUDED.text")
    except Exception as exc:
        return bad_gateway({"vectors": f"{masked(database_url())}: {describe(exc)}"})
    return {"stored": document.id}


@app.get("/similar")
def similar(embedding: str = Query(..., description="three numbers: 1,2,3"), k: int = Query(3, ge=1, le=100)):
    """The k documents nearest to embedding (Euclidean, pgvector's <->); answers are cached for SIMILAR_TTL s.

    The cache is a help, not a need: if Redis fails, the answer comes from PostgreSQL.
    """
    try:
        vector = checked_embedding([float(x) for x in embedding.split(",")])
    except ValueError:
        raise HTTPException(422, "embedding must be comma-separated numbers, such as 1,2,3") from None
    key = "dockyard:similar:" + hashlib.sha256(f"{vector!r}|{k}".encode()).hexdigest()
    try:
        hit = redis_command("GET", key)
        if hit is not None:
            return {**json.loads(hit), "cached": True}
    except Exception:  # the cache is optional here; /dependencies reports it
        pass
    try:
        with pg_connect() as db:
            rows = db.query(f"SELECT id, text, embedding <-> {vector_literal(vector)} AS distance "
                            f"FROM documents ORDER BY distance, id LIMIT {k}").rows
    except Exception as exc:
        if not (isinstance(exc, PgError) and exc.sqlstate == "42P01"):  # no documents table: no documents yet
            return bad_gateway({"vectors": f"{masked(database_url())}: {describe(exc)}"})
        rows = []
    answer = {"embedding": vector, "k": k,
              "results": [{"id": int(i), "text": text, "distance": float(d)} for i, text, d in rows]}
    try:
        redis_command("SET", key, json.dumps(answer), "EX", str(SIMILAR_TTL))
    except Exception:
        pass
    return {**answer, "cached": False}
