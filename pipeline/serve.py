"""`python -m pipeline serve`: build/site on http://127.0.0.1:PORT/ until Ctrl-C.

Local only (bound to the loopback address), read-only, the standard library's file server.
"""

from __future__ import annotations

import contextlib
import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pipeline.errors import UserError


class Handler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # quiet: one line at start only
        pass


def serve(site: Path, port: int) -> int:
    if not (site / "index.html").exists():
        raise UserError(str(site), "no site yet: run 'make build' first")
    handler = functools.partial(Handler, directory=str(site))
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise UserError(f"127.0.0.1:{port}", f"cannot listen: {exc.strerror}") from None
    with server:
        print(
            f"serving {site} at http://127.0.0.1:{server.server_port}/ (Ctrl-C stops)", flush=True
        )
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return 0
