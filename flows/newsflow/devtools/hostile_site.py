"""A hostile web site on 127.0.0.1: endless bodies, compression bombs, drips, odd redirects.

Started and stopped by the tests (and bench/hostile_fetch.py) that use it; every endless answer
stops when the client goes away or the site is shut down.
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

BLOCK = b"<p>" + b"endless news " * 5000 + b"</p>\n"
ARTICLE = (
    "<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>"
    + "".join(f"<p>{p}</p>" for p in [
        "The city harbour reopened to ferries on Monday after three weeks of repairs to the "
        "main pier, which had been damaged by a winter storm in the middle of January.",
        "The port authority said the work had cost less than expected and that the summer "
        "timetable would start on time, with extra crossings at the weekends.",
        "Fishermen, who had moved their boats to a neighbouring town during the repairs, "
        "said they were glad to be back and hoped the pier would now last for decades.",
    ])
    + "</article></body></html>"
).encode()


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


# The article, compressed as servers send it: gzip, zlib-wrapped deflate, and raw deflate.
COMPRESSED = {
    "/gzip": ("gzip", gzip.compress(ARTICLE)),
    "/deflate": ("deflate", zlib.compress(ARTICLE)),
    "/raw-deflate": ("deflate", _raw_deflate(ARTICLE)),
}


def gzip_bomb(decompressed_bytes: int) -> bytes:
    """A gzip stream of zeros: about a thousandth of its decompressed size on the wire."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    parts = [compressor.compress(zeros) for _ in range(decompressed_bytes >> 20)]
    return b"".join(parts) + compressor.flush()


class HostileSite:
    def __init__(self, bomb_bytes: int, drip_every: float) -> None:
        self.bomb = gzip_bomb(bomb_bytes)
        self.drip_every = drip_every
        self.stopping = threading.Event()
        self.hits: dict[str, int] = {}


def _handler(site: HostileSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def head(self, status: int, **headers: str) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()

        def do_GET(self) -> None:
            site.hits[self.path] = site.hits.get(self.path, 0) + 1
            try:
                if self.path == "/article":
                    self.head(200, Content_Type="text/html", Content_Length=str(len(ARTICLE)))
                    self.wfile.write(ARTICLE)
                elif self.path == "/endless":
                    self.head(200, Content_Type="text/html", Connection="close")
                    while not site.stopping.is_set():
                        self.wfile.write(BLOCK)
                elif self.path == "/gzip-bomb":
                    self.head(200, Content_Type="text/html", Content_Encoding="gzip",
                              Content_Length=str(len(site.bomb)))
                    self.wfile.write(site.bomb)
                elif self.path in COMPRESSED:
                    coding, body = COMPRESSED[self.path]
                    self.head(200, Content_Type="text/html", Content_Encoding=coding,
                              Content_Length=str(len(body)))
                    self.wfile.write(body)
                elif self.path == "/brotli":
                    self.head(200, Content_Type="text/html", Content_Encoding="br",
                              Content_Length="4")
                    self.wfile.write(b"\x0b\x02\x80\x00")
                elif self.path == "/declared-huge":
                    self.head(200, Content_Type="text/html", Content_Length=str(1 << 40))
                    self.wfile.write(ARTICLE)
                elif self.path == "/drip":
                    self.head(200, Content_Type="text/html", Content_Length="100000")
                    while not site.stopping.wait(site.drip_every):
                        self.wfile.write(b"<p>")
                        self.wfile.flush()
                elif self.path == "/drip-headers":
                    self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                    while not site.stopping.wait(site.drip_every):
                        self.wfile.write(b"X-Slow: 1\r\n")
                        self.wfile.flush()
                elif self.path == "/to-file":
                    self.head(302, Location="file:///etc/passwd", Content_Length="0")
                elif self.path == "/to-ftp":
                    self.head(301, Location="ftp://127.0.0.1/news.html", Content_Length="0")
                elif self.path == "/to-article":
                    self.head(302, Location="/article", Content_Length="0")
                else:
                    self.head(404, Content_Length="0")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up on us, as it should

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients hanging up on endless answers is the point, not an error


@contextmanager
def hostile_site(bomb_bytes: int = 256 << 20, drip_every: float = 0.5) -> Iterator[
        tuple[str, HostileSite]]:
    """Serve the hostile site on a free loopback port; yields its base URL and its state."""
    site = HostileSite(bomb_bytes, drip_every)
    server = _QuietServer(("127.0.0.1", 0), _handler(site))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", site
    finally:
        site.stopping.set()
        time.sleep(0.05)
        server.shutdown()
        server.server_close()
