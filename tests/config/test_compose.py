"""docker-compose.yml: every service the production stack needs, each with a health check,
and every command pointing at something that exists in the project."""

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
# The production stack: what `docker compose up` starts. Services in a profile (the
# development e-ID provider) start only when asked for.
SERVICES = {name: s for name, s in COMPOSE["services"].items() if not s.get("profiles")}
DEVELOPMENT = {name: s for name, s in COMPOSE["services"].items() if s.get("profiles")}


def command(service: str) -> str:
    value = SERVICES[service]["command"]
    return " ".join(value) if isinstance(value, list) else value


# Run once and exit; the others wait for them to succeed (minio-bucket makes the bucket).
ONE_SHOT = {"migrate", "minio-bucket"}


def test_the_stack_has_every_service_with_a_health_check():
    assert set(SERVICES) == {
        "migrate",
        "web",
        "worker",
        "beat",
        "postgres",
        "redis",
        "mailpit",
        "minio",
        "minio-bucket",
        "clamd",
    }
    for name, service in SERVICES.items():
        if name in ONE_SHOT:
            assert service["restart"] == "no", name
            continue
        assert "healthcheck" in service and service["healthcheck"]["test"], name


def test_migrations_run_as_the_owner_and_the_rest_as_the_application():
    assert command("migrate") == "python manage.py migrate --database owner --noinput"
    for name in ("web", "worker", "beat"):
        assert "migrate" not in command(name), name
        assert SERVICES[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    env = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    app, owner = env["DATABASE_URL"], env["DATABASE_OWNER_URL"]
    assert app.startswith("postgres://statsbidrag_app:")
    assert owner.startswith("postgres://statsbidrag_owner:")
    assert app.rsplit("/", 1)[1] == owner.rsplit("/", 1)[1] == "statsbidrag"
    # PostgreSQL makes both roles on its first start, from the same .env.
    postgres = SERVICES["postgres"]
    assert postgres["env_file"] == ".env"
    assert (
        "./deploy/postgres/initdb.sh:/docker-entrypoint-initdb.d/10-roles.sh:ro"
        in (postgres["volumes"])
    )
    assert "./deploy/postgres:/deploy:ro" in postgres["volumes"]


def test_the_audit_anchors_live_on_a_volume_of_their_own():
    env = (ROOT / ".env.example").read_text()
    assert "AUDIT_ANCHOR_LOG=/app/anchors/" in env
    assert "AUDIT_KEYS=" in env
    for name in ("web", "worker", "beat"):
        assert "audit-anchors:/app/anchors" in SERVICES[name]["volumes"], name
    assert "audit-anchors" in COMPOSE["volumes"]


def test_the_app_services_build_from_the_projects_dockerfile_and_env_file():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for path in re.findall(r"^COPY (\S+) ", dockerfile, re.M):
        if path != ".":
            assert (ROOT / path).exists(), path
    for name in ("migrate", "web", "worker", "beat"):
        service = SERVICES[name]
        assert service["build"] == "."
        assert service["env_file"] == ".env"
        assert (ROOT / ".env.example").exists()
        assert {"postgres", "redis", "mailpit"} <= set(service["depends_on"])


def test_management_commands_in_the_stack_exist():
    commands = get_commands()
    for name in ("migrate", "web"):
        for used in re.findall(r"manage\.py (\w+)", command(name)):
            assert used in commands, used


def test_gunicorn_and_celery_point_at_the_projects_modules():
    assert "gunicorn config.wsgi" in command("web")
    assert hasattr(importlib.import_module("config.wsgi"), "application")
    for name in ("worker", "beat"):
        assert command(name).startswith("celery -A config ")
    celery_app = importlib.import_module("config").celery_app
    celery_app.loader.import_default_modules()  # what a worker does at start: find the tasks
    registered = set(celery_app.tasks.keys())
    for entry in celery_app.conf.beat_schedule.values():
        assert entry["task"] in registered, entry["task"]


def test_every_variable_in_the_env_example_is_read_by_the_settings():
    settings_source = "\n".join(p.read_text() for p in (ROOT / "config" / "settings").glob("*.py"))
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name = line.split("=", 1)[0]
            assert name == "DJANGO_SETTINGS_MODULE" or f'"{name}"' in settings_source, name


def test_mailpit_shows_the_mail_where_the_readme_says():
    assert "8025:8025" in SERVICES["mailpit"]["ports"]
    assert "http://localhost:8025" in (ROOT / "README.md").read_text()


def test_a_shell_reads_the_env_example_as_compose_does():
    # What docs/operations.md's commands do on a plain server: `set -a; . ./.env`.
    script = (
        "set -eu; set -a; . ./.env.example; set +a; "
        'printf "%s\\n" "$DEFAULT_FROM_EMAIL" "$DATABASE_CONN_MAX_AGE" "$HTTPS" "$SITE_URL"'
    )
    result = subprocess.run(
        ["bash", "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "Socialstyrelsen statsbidrag <statsbidrag@socialstyrelsen.se>",
        "60",
        "False",
        "http://localhost:8000",
    ]


def test_the_env_example_settings_start_and_pass_the_startup_checks():
    # The compose stack's settings as written: plain HTTP on localhost, cookies that a
    # browser keeps there, and no check refusing to start.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "AUDIT_KEYS", "DJANGO_SETTINGS_MODULE"}
    }
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, value = line.split("=", 1)
            env[name] = value.strip('"')
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.core import checks; "
        "print(settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE, "
        "settings.SESSION_COOKIE_NAME, [m.id for m in checks.run_checks() if m.is_serious()])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "sessionid", "[]"]


def test_the_web_health_check_polls_the_health_page_the_docs_name():
    probe = " ".join(SERVICES["web"]["healthcheck"]["test"])
    page = re.search(r"http://127\.0\.0\.1:8000(/[^']*)'", probe)
    assert page is not None
    assert page.group(1) == "/halsa/"
    assert f"`GET {page.group(1)}`" in (ROOT / "docs" / "operations.md").read_text()
    # As through the TLS proxy: with HTTPS on, a plain probe would get the redirect.
    assert "'X-Forwarded-Proto': 'https'" in probe


def test_the_long_running_services_come_back_after_a_crash_or_reboot():
    for name, service in SERVICES.items():
        if name not in ONE_SHOT:
            assert service.get("restart") in {"unless-stopped", "always"}, name


def test_static_files_come_from_the_image_not_from_a_volume():
    # A named volume keeps what it held: collected files inside one would outlive an upgrade.
    dockerfile = (ROOT / "Dockerfile").read_text()
    static_root = re.search(r"STATIC_ROOT=(\S+)", dockerfile)
    assert static_root is not None
    static_root = static_root.group(1)
    assert "collectstatic" in dockerfile
    for name in ("web", "worker", "beat", "migrate"):
        for volume in SERVICES[name].get("volumes", []):
            mount = volume.split(":")[1]
            assert not static_root.startswith(mount.rstrip("/") + "/"), (name, volume)
            assert static_root != mount, (name, volume)
    # Nor where the project's own static sources are (STATICFILES_DIRS, /app/static).
    assert static_root.rstrip("/") != "/app/static"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(STATIC_ROOT=static_root, DJANGO_SETTINGS_MODULE="config.settings.local")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.STATIC_ROOT)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == static_root, result.stderr


def test_the_development_e_id_provider_starts_only_when_asked_for():
    assert set(DEVELOPMENT) == {"oidc-dev"}
    provider = DEVELOPMENT["oidc-dev"]
    assert provider["profiles"] == ["eid"]
    assert "tests.support.oidc_provider.server" in " ".join(provider["command"])
    importlib.import_module("tests.support.oidc_provider.server")
    # Its client is the one .env.example's commented OIDC lines name.
    example = (ROOT / ".env.example").read_text()
    assert f"#OIDC_CLIENT_ID={provider['environment']['TEST_PROVIDER_CLIENT_ID']}" in example
    assert f"#OIDC_ISSUER={provider['environment']['TEST_PROVIDER_ISSUER']}" in example
