"""A TCP relay in front of the PostgreSQL server that a test can switch off and on.

Switched off, it cuts every relayed connection and refuses new ones: to the app it is a server
that went away (a pulled cable, a rebooting server). Switched on again, on the same port, it
relays as before.

The app always reaches the relay over TCP (127.0.0.1); the relay reaches the server the way the
suite's URL says, over TCP or over a Unix socket (``postgresql+psycopg://role@/db?host=/run/...``,
libpq's socket-directory form), so the connection-loss tests run with any valid server URL.
"""

from __future__ import annotations

import os
import socket
import threading
from contextlib import suppress

from sqlalchemy.engine import make_url

# libpq's defaults when a URL names neither a host nor a socket directory (Debian's build).
DEFAULT_SOCKET_DIR = "/var/run/postgresql"
DEFAULT_PORT = 5432

Address = tuple[str, int] | str  # (host, port) for TCP, or the path of a Unix socket


def _first(value: str | tuple[str, ...] | None) -> str | None:
    # A URL query may repeat a key (libpq's host lists); the first entry is the one tried first.
    if isinstance(value, tuple):
        return value[0] if value else None
    return value


def server_address(url: str) -> Address:
    """Where the server of ``url`` listens: (host, port) for TCP, or a Unix socket's path.

    As libpq reads it: the host comes from the URL's authority or its ``host`` query key (a value
    starting with ``/`` is a socket directory), then ``PGHOST``; the port likewise, then
    ``PGPORT``, then 5432. The socket of port P in directory D is ``D/.s.PGSQL.P``.
    """
    parsed = make_url(url)
    host = parsed.host or _first(parsed.query.get("host")) or os.environ.get("PGHOST") or ""
    port_text = _first(parsed.query.get("port")) or os.environ.get("PGPORT")
    port = parsed.port or (int(port_text) if port_text else DEFAULT_PORT)
    if not host:
        host = DEFAULT_SOCKET_DIR
    if host.startswith("/"):
        return os.path.join(host, f".s.PGSQL.{port}")
    return (host, port)


def _connect(target: Address) -> socket.socket:
    if isinstance(target, str):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(target)
        except OSError:
            sock.close()
            raise
        return sock
    return socket.create_connection(target)


class TcpProxy:
    def __init__(self, target: Address) -> None:
        self.target = target
        self.port = 0
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self.start()

    def url_for(self, url: str) -> str:
        """``url`` rewritten to reach its server through this relay."""
        # The relay is TCP whatever ``url`` reaches the server by: drop a socket directory.
        parsed = make_url(url).difference_update_query(["host", "hostaddr", "port"])
        return parsed.set(host="127.0.0.1", port=self.port).render_as_string(
            hide_password=False)

    def start(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        """Refuse new connections and cut every open one."""
        listener, self._listener = self._listener, None
        if listener is not None:
            with suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = _connect(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.update((client, upstream))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with suppress(OSError):
                sink.shutdown(socket.SHUT_WR)
