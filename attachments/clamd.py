"""A small client for ClamAV's clamd: INSTREAM over TCP or a unix socket (docs/storage.md).

``CLAMD_ADDRESS`` is ``tcp://host:port`` or ``unix:///path/to/clamd.ctl``; empty means no
scanner is configured. Any failure to reach clamd or to read its answer is
``ScannerUnavailable``: the caller keeps the file as not yet scanned.
"""

import socket
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

_CHUNK = 64 * 1024


class ScannerUnavailable(Exception):
    """clamd could not be reached or did not answer as expected."""


@dataclass(frozen=True)
class Verdict:
    infected: bool
    signature: str  # the virus name when infected
    engine: str  # clamd's VERSION answer: engine/signature database/date


def configured() -> bool:
    return bool(getattr(settings, "CLAMD_ADDRESS", ""))


def _connect() -> socket.socket:
    address = settings.CLAMD_ADDRESS
    timeout = float(getattr(settings, "CLAMD_TIMEOUT", 30))
    parts = urlsplit(address)
    try:
        if parts.scheme == "unix":
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            sock.connect(parts.path)
            return sock
        if parts.scheme == "tcp" and parts.hostname and parts.port:
            return socket.create_connection((parts.hostname, parts.port), timeout=timeout)
    except OSError as error:
        raise ScannerUnavailable(f"cannot reach clamd at {address}: {error}") from error
    raise ScannerUnavailable(f"CLAMD_ADDRESS is not tcp://host:port or unix:///path: {address}")


def _answer(sock: socket.socket) -> str:
    received = b""
    while not received.endswith(b"\0"):
        part = sock.recv(4096)
        if not part:
            break
        received += part
        if len(received) > 65536:
            raise ScannerUnavailable("clamd's answer is too long")
    return received.rstrip(b"\0").decode("utf-8", "replace").strip()


def _command(command: bytes, chunks: Iterable[bytes] = ()) -> str:
    sock = _connect()
    try:
        sock.sendall(b"z" + command + b"\0")
        for chunk in chunks:
            for start in range(0, len(chunk), _CHUNK):
                piece = chunk[start : start + _CHUNK]
                sock.sendall(struct.pack("!L", len(piece)) + piece)
        if command == b"INSTREAM":
            sock.sendall(struct.pack("!L", 0))
        return _answer(sock)
    except OSError as error:
        raise ScannerUnavailable(f"clamd failed: {error}") from error
    finally:
        sock.close()


def version() -> str:
    return _command(b"VERSION")


def scan(chunks: Iterable[bytes]) -> Verdict:
    """Stream the content to clamd and return its verdict."""
    engine = version()
    answer = _command(b"INSTREAM", chunks)
    # "stream: OK", "stream: Eicar-Test-Signature FOUND", or "... ERROR".
    if answer.endswith(" FOUND"):
        name = answer.removeprefix("stream:").removesuffix(" FOUND").strip()
        return Verdict(infected=True, signature=name[:200], engine=engine[:200])
    if answer == "stream: OK":
        return Verdict(infected=False, signature="", engine=engine[:200])
    raise ScannerUnavailable(f"clamd answered: {answer[:200]}")
