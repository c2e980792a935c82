"""A web server on 127.0.0.1 for the tests that read reports from a URL (nothing leaves the
machine): each route answers with a status, headers and a body, or drips its body slowly, or
redirects; the server runs in a thread for the length of a ``with`` block."""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# The one address the test servers listen on, allowed by the tests that read from them (a fetch
# refuses every other non-public address).
LOCAL = (ipaddress.ip_network("127.0.0.1/32"),)


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    drip: float = 0.0  # seconds between single bytes: a server that never finishes
    length: int | None = None  # a Content-Length to declare instead of the body's; -1: none


@contextmanager
def serving(routes: dict[str, Route], host: str = "127.0.0.1") -> Iterator[str]:
    """Serve ``routes`` (path → :class:`Route`) on a free port of ``host``; yields the base URL."""
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            route = routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            length = route.length if route.length is not None else len(route.body)
            if length >= 0:
                self.send_header("Content-Length", str(length))
            self.end_headers()
            try:
                if route.drip:
                    for byte in route.body:
                        if stop.is_set():
                            return
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(route.drip)
                else:
                    self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as it should

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
