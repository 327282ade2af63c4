/**
 * Python (standard library only) run with `python3 -c SCRIPT url method body timeout`
 * inside the container or a sidecar sharing its network. It prints one JSON
 * line: {"status": int|null, "body": first 2 KB, "error": str|null}.
 * Proxies are bypassed on purpose: an image's HTTP_PROXY must not turn a
 * loopback request into a request to somewhere else.
 */
export const HTTP_PROBE_SCRIPT = `
import json, socket, sys, urllib.error, urllib.request, http.client
url, method, body, timeout = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
out = {"status": None, "body": "", "error": None}
def text(resp):
    try:
        return resp.read(2048).decode("utf-8", "replace")
    except Exception as exc:
        return "(body unreadable: %s)" % exc
try:
    data = body.encode("utf-8") if body else None
    headers = {"Content-Type": "application/json"} if data else {}
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
print(json.dumps(out))
`;
