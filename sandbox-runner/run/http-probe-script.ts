/**
 * Python (standard library only) run with `python3 -c SCRIPT url method body timeout`
 * inside the container or a sidecar sharing its network. It prints one JSON
 * line: {"status": int|null, "body": first 2 KB, "error": str|null}.
 * Proxies are bypassed on purpose: an image's HTTP_PROXY must not turn a
 * loopback request into a request to somewhere else.
 *
 * With the one argument `--serve` it is a probe session instead: it reads
 * requests from stdin, one JSON line each ({"id", "url", "method", "body",
 * "timeout"}, and for a poll "every" and "for" in seconds), and answers each
 * with such a line carrying the request's id. A poll repeats its request every
 * `every` seconds until one answers 200 or `for` seconds have passed, one line
 * per request, then prints {"id", "done": true}. One process for all of a run's
 * requests matters: every `docker exec` costs the container a runc start and
 * python's start-up (about 0.4 s of CPU out of its 1-CPU quota) and the engine
 * as much again, so an exec per request every 500 ms slowed the very start-up
 * it was waiting for. Each request is the same code either way (`ask`).
 */
export const HTTP_PROBE_SCRIPT = `
import json, socket, sys, time, urllib.error, urllib.request, http.client
def text(resp):
    try:
        return resp.read(2048).decode("utf-8", "replace")
    except Exception as exc:
        return "(body unreadable: %s)" % exc
def ask(url, method, body, timeout, agent=None):
    out = {"status": None, "body": "", "error": None}
    try:
        data = body.encode("utf-8") if body else None
        headers = {"Content-Type": "application/json"} if data else {}
        if agent:
            headers["User-Agent"] = agent
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=timeout) as resp:
            out["status"] = resp.status
            out["body"] = text(resp)
    except urllib.error.HTTPError as exc:
        out["status"] = exc.code
        out["body"] = text(exc)
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, ConnectionRefusedError):
            out["error"] = "connection refused"
        elif isinstance(reason, (socket.timeout, TimeoutError)):
            out["error"] = "timed out"
        else:
            out["error"] = str(reason)
    except (socket.timeout, TimeoutError):
        out["error"] = "timed out"
    except http.client.RemoteDisconnected:
        out["error"] = "the server closed the connection without answering"
    except ConnectionResetError:
        out["error"] = "the server reset the connection"
    except Exception as exc:
        out["error"] = "%s: %s" % (type(exc).__name__, exc)
    return out
def serve():
    for line in sys.stdin:
        req = json.loads(line)
        every = req.get("every")
        until = time.monotonic() + req.get("for", 0)
        while True:
            out = ask(req["url"], req["method"], req["body"], req["timeout"])
            out["id"] = req["id"]
            print(json.dumps(out), flush=True)
            left = until - time.monotonic()
            if every is None or out["status"] == 200 or left <= 0:
                break
            time.sleep(min(every, left))
        if every is not None:
            print(json.dumps({"id": req["id"], "done": True}), flush=True)
if sys.argv[1:] == ["--serve"]:
    serve()
else:
    url, method, body, timeout = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    print(json.dumps(ask(url, method, body, timeout, sys.argv[5] if len(sys.argv) > 5 else None)))
`;
