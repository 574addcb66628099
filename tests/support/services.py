"""Real local services for the attachment tests: Debian's clamd with a signature database of
our own (no internet), and moto's S3 server. Each runs on a free loopback port."""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.files import TEST_VIRUS

CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(check, process: subprocess.Popen, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not start in {seconds} s")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _clamd_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"zPING\0")
            return sock.recv(16).startswith(b"PONG")
    except OSError:
        return False


@contextmanager
def clamd_server(folder: Path) -> Iterator[str]:
    """clamd on a loopback port with one made-up signature; yields its CLAMD_ADDRESS."""
    if not os.path.exists(CLAMD):
        if os.environ.get("STATSBIDRAG_REQUIRE_SERVICES"):
            raise RuntimeError("clamd is not installed (apt-get install clamav-daemon)")
        pytest.skip("clamd is not installed (apt-get install clamav-daemon)")
    database = folder / "db"
    database.mkdir()
    (database / "statsbidrag-test.ndb").write_text(
        f"Statsbidrag.Test.Virus:0:*:{TEST_VIRUS.hex()}\n"
    )
    port = free_port()
    config = folder / "clamd.conf"
    config.write_text(
        "Foreground yes\n"
        f"DatabaseDirectory {database}\n"
        f"TCPSocket {port}\nTCPAddr 127.0.0.1\n"
        f"LogFile {folder / 'clamd.log'}\n"
        "StreamMaxLength 30M\n"
    )
    process = subprocess.Popen(
        [CLAMD, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait_for(lambda: _clamd_answers(port), process, 60, "clamd")
        yield f"tcp://127.0.0.1:{port}"
    finally:
        _stop(process)


@contextmanager
def s3_server() -> Iterator[str]:
    """moto's S3-compatible server on a loopback port; yields its endpoint URL."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("moto_server")),
            "-H",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return False

    try:
        _wait_for(answers, process, 60, "moto_server")
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(process)
