"""Serves the PEP 503 index with the caching headers PyPI sends.

Package files never change once published, so like PyPI's file host they are
marked cacheable for a long time; pip then keeps them in its HTTP cache
(~/.cache/pip) unless told not to, which is exactly what a learner's
`--no-cache-dir` is about. Index pages are short-lived, as on PyPI.
"""
import functools
import http.server
import sys


class MirrorHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        if self.path.startswith("/packages/"):
            self.send_header("Cache-Control", "max-age=365000000, immutable, public")
        else:
            self.send_header("Cache-Control", "max-age=600, public")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        # One line per request on stderr is all the mirror's logs need.
        sys.stderr.write("%s %s\n" % (self.address_string(), format % args))


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 3141
    handler = functools.partial(MirrorHandler, directory="/srv/mirror")
    http.server.ThreadingHTTPServer(("0.0.0.0", port), handler).serve_forever()


if __name__ == "__main__":
    main()
