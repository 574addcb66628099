"""What the web benchmark and the deadline-day load test share: a fresh PostgreSQL database,
gunicorn on loopback, sessions made in the database, a keep-alive HTTP client, percentiles.

Nothing here sends traffic anywhere but 127.0.0.1, and every loop is bounded.
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ADMIN_URL = os.environ.get(
    "BENCH_DATABASE_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
# The in-process side (building data, counting queries) and gunicorn sign sessions alike.
BENCH_SECRET_KEY = "bench-only-not-a-secret-" + "x" * 32
# Both sides sign the audit trail with the same key (production settings require one).
BENCH_AUDIT_KEYS = "bench:bench-only-audit-key-not-a-secret-xxxxxxxxxx"


def audit_keys_env() -> str:
    """This process's audit keys, as AUDIT_KEYS for a server it starts on the same data."""
    from django.conf import settings

    return ",".join(f"{key_id}:{key.decode()}" for key_id, key in settings.AUDIT_KEYS.items())


def database_url(name: str) -> str:
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def recreate_database(name: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def bootstrap(db_name: str) -> None:
    """For a script: a fresh database, Django set up on it (test settings in-process: demo data
    allowed, e-mail kept in memory, Celery inline), migrated."""
    recreate_database(db_name)
    attach(db_name)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def attach(db_name: str) -> None:
    """Django set up on an existing benchmark database, as :func:`bootstrap` leaves it."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url(db_name)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["SECRET_KEY"] = BENCH_SECRET_KEY
    os.environ["AUDIT_KEYS"] = BENCH_AUDIT_KEYS
    os.environ["CELERY_BROKER_URL"] = ""
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def host(self) -> str:
        return "127.0.0.1"


@contextmanager
def gunicorn(
    *,
    database: str,
    secret_key: str,
    log: Path,
    workers: int = 2,
    threads: int = 4,
    pages_redis: str | None = None,
) -> Iterator[Server]:
    """gunicorn with the bench settings (production less HTTPS, see config/settings/bench.py)
    on 127.0.0.1 and a free port; stopped on leaving."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "DATABASE_URL": database,
        # Persistent connections, one per gunicorn thread (what a deployment should set).
        "DATABASE_CONN_MAX_AGE": "60",
        "SECRET_KEY": secret_key,
        "AUDIT_KEYS": audit_keys_env(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CELERY_BROKER_URL": "",  # e-mail is queued in the outbox and "sent" inline...
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",  # ...to memory
        "LOG_LEVEL": "WARNING",
        # Kept pages shared by the workers, as in the compose stack; none: each its own.
        "PAGE_CACHE_URL": pages_redis or "",
    }
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as out:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--worker-class",
                "gthread",
                "--threads",
                str(threads),
                "--keep-alive",
                "30",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(port=port, process=process, log=log)
    try:
        _wait_until_up(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _wait_until_up(server: Server, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {server.log.read_text()[-2000:]}")
        try:
            conn = http.client.HTTPConnection(server.host, server.port, timeout=2)
            conn.request("GET", "/halsa/")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"gunicorn did not answer within {timeout} s: {server.log.read_text()[-2000:]}"
    )


def session_for(user: Any) -> str:
    """A session in the database with what a full login leaves: the user, a verified second
    factor where the user needs one, the authentication time. Returns the session key."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.security import AUTH_AT_SESSION_KEY, requires_two_factor
    from core import clock

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if requires_two_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store[AUTH_AT_SESSION_KEY] = clock.now().isoformat()
    store.create()
    assert store.session_key is not None  # noqa: S101 - create() always sets it
    return store.session_key


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str
    seconds: float

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Browser:
    """One user's keep-alive connection with its cookies (no redirects followed)."""

    server: Server
    session_key: str | None = None
    cookies: dict[str, str] = field(default_factory=dict)
    conn: http.client.HTTPConnection | None = None

    def __post_init__(self) -> None:
        if self.session_key:
            self.cookies["sessionid"] = self.session_key

    def _send(self, method: str, path: str, body: str | None = None) -> Response:
        headers = {"Host": f"127.0.0.1:{self.server.port}", "Accept-Language": "sv"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(
                    self.server.host, self.server.port, timeout=60
                )
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=headers)
                raw = self.conn.getresponse()
                content = raw.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: open a new one, once.
                self.conn.close()
                self.conn = None
                if attempt == 2 or method != "GET":
                    raise
                continue
            seconds = time.perf_counter() - started
            break
        for name, value in raw.getheaders():
            if name.lower() == "set-cookie":
                cookie = value.split(";", 1)[0]
                key, _, val = cookie.partition("=")
                self.cookies[key.strip()] = val.strip()
        if raw.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return Response(
            status=raw.status,
            headers={k.lower(): v for k, v in raw.getheaders()},
            body=content.decode("utf-8", "replace"),
            seconds=seconds,
        )

    def get(self, path: str) -> Response:
        return self._send("GET", path)

    def post(self, path: str, data: dict[str, str], page: Response) -> Response:
        """Post a form as the page that showed it would (its CSRF token)."""
        token = CSRF_INPUT.search(page.body)
        fields = dict(data)
        if token:
            fields["csrfmiddlewaretoken"] = token.group(1)
        return self._send("POST", path, urllib.parse.urlencode(fields))

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0–100)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]
