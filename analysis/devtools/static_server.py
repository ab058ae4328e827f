"""A simple threaded static file server for the load measurement (devtools stage):
`python -m analysis.devtools.static_server DIR PORT`.

The standard library's ThreadingHTTPServer (a thread per connection) with two changes from
`python -m http.server`: a listen backlog of 1,024 instead of 5 (with 5, a thousand visitors
arriving at once lose connection attempts and wait for the kernel's 1 s / 3 s retries) and
HTTP/1.1 keep-alive, as any real web server does. It stands in for nginx or a CDN, not beside them.
"""
from __future__ import annotations

import functools
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer


class _Server(ThreadingHTTPServer):
    request_queue_size = 1024


class _Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass


def main(folder: str, port: int) -> None:
    with _Server(("127.0.0.1", port), functools.partial(_Handler, directory=folder)) as server:
        server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
