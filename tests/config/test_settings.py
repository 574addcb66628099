"""Settings come from the environment with safe defaults; production refuses to start unsafe."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(settings: str, code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "AUDIT_KEYS", "DJANGO_SETTINGS_MODULE"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE=settings)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_database_url_the_database_is_a_sqlite_file_in_the_project():
    result = _run(
        "config.settings.local",
        "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'])",
    )
    assert result.returncode == 0, result.stderr
    engine, name = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert Path(name).is_relative_to(ROOT)


def test_database_url_chooses_postgresql():
    result = _run(
        "config.settings.local",
        "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'])",
        DATABASE_URL="postgres://postgres@db.example:5432/statsbidrag",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "statsbidrag", "db.example"]


def test_prepared_statements_are_on_for_postgresql_and_can_be_turned_off_for_a_pooler():
    """psycopg prepares the statements bound on the server (the inbox's) on their first run,
    and PostgreSQL plans each once per connection, unless an operator behind a pooler that
    cannot keep them turns it off; Django's own stay unprepared."""
    read = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    url = "postgres://postgres@db.example:5432/statsbidrag"
    on = _run("config.settings.local", read, DATABASE_URL=url)
    off = _run("config.settings.local", read, DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="0")
    assert on.returncode == 0 and off.returncode == 0, on.stderr + off.stderr
    assert "'prepare_threshold': 0" in on.stdout
    assert "plan_cache_mode=force_generic_plan" in on.stdout
    assert "'prepare_threshold': None" in off.stdout
    assert "plan_cache_mode" not in off.stdout


def test_production_refuses_to_start_without_secret_key():
    result = _run("config.settings.production", "print('started')")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "started" not in result.stdout


def test_production_refuses_to_start_without_an_audit_key():
    result = _run("config.settings.production", "print('started')", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "AUDIT_KEYS" in result.stderr
    assert "started" not in result.stdout


def test_production_starts_with_its_secrets_and_no_demo():
    result = _run(
        "config.settings.production",
        "from django.conf import settings; print(settings.DEBUG, settings.DEMO_ALLOWED, "
        "settings.SESSION_COOKIE_SECURE, list(settings.AUDIT_KEYS))",
        SECRET_KEY="x" * 60,
        AUDIT_KEYS="2026b:" + "n" * 48 + ",2026a:" + "o" * 48,
        ALLOWED_HOSTS="statsbidrag.example",
    )
    assert result.returncode == 0, result.stderr
    # The first key signs new events; the older one still verifies what it signed.
    assert result.stdout.strip().split(maxsplit=3) == [
        "False",
        "False",
        "True",
        "['2026b', '2026a']",
    ]


def test_the_deployment_checks_refuse_a_weak_or_development_audit_key():
    for keys, code in (("dev:" + "d" * 48, "records.W001"), ("short:tooshort", "records.W002")):
        result = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=ROOT,
            env={
                **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
                "DJANGO_SETTINGS_MODULE": "config.settings.production",
                "SECRET_KEY": "k3H8-v9Qx_27LmZp!Rt4Wn6Ys1Ub5Ec0Jd8Fg2Ha7Kj9Ls3Mq6Np4Or2Tu5Vx7Wy0Z",
                "ALLOWED_HOSTS": "statsbidrag.example",
                "AUDIT_KEYS": keys,
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode != 0
        assert code in result.stdout + result.stderr


def test_without_a_broker_tasks_run_inline_and_with_one_they_are_queued():
    code = "from django.conf import settings; print(settings.CELERY_TASK_ALWAYS_EAGER)"
    assert _run("config.settings.local", code).stdout.strip() == "True"
    queued = _run("config.settings.local", code, CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    assert queued.stdout.strip() == "False"


def test_swedish_first_stockholm_time_iso_dates_only():
    from django.conf import settings
    from django.utils import formats, translation

    assert settings.LANGUAGE_CODE == "sv"
    assert settings.TIME_ZONE == "Europe/Stockholm"
    assert settings.USE_TZ is True
    with translation.override("sv"):
        assert formats.get_format("DATE_INPUT_FORMATS") == ["%Y-%m-%d"]
        assert formats.get_format("THOUSAND_SEPARATOR") == "\xa0"
    with translation.override("en"):
        assert formats.get_format("DATE_INPUT_FORMATS") == ["%Y-%m-%d"]


def _checks(**env: str) -> subprocess.CompletedProcess:
    """`manage.py check` with production settings, as migrate and runserver run it at start."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "HTTPS",
            "SECURE_SSL_REDIRECT",
            "SITE_URL",
            "DJANGO_SETTINGS_MODULE",
        }
    }
    clean.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="k3H8-v9Qx_27LmZp!Rt4Wn6Ys1Ub5Ec0Jd8Fg2Ha7Kj9Ls3Mq6Np4Or2Tu5Vx7Wy0Z",
        AUDIT_KEYS="2026-1:" + "a" * 48,
        ALLOWED_HOSTS="statsbidrag.example",
        **env,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_plain_http_on_a_real_host_while_cookies_are_secure():
    # Over plain HTTP a browser drops __Host- cookies on any host but localhost: nobody could
    # log in, so the service refuses to start and names the setting that fixes it.
    result = _checks(SITE_URL="http://statsbidrag.example", SECURE_SSL_REDIRECT="False")
    assert result.returncode != 0
    assert "core.E002" in result.stderr
    assert "HTTPS=False" in result.stderr
    assert "SITE_URL" in result.stderr


def test_production_refuses_a_redirect_to_https_when_https_is_off():
    result = _checks(HTTPS="False", SECURE_SSL_REDIRECT="True")
    assert result.returncode != 0
    assert "core.E001" in result.stderr
    assert "HTTPS=False" in result.stderr


def test_https_false_turns_off_the_redirect_hsts_and_secure_cookies_together():
    code = (
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME)"
    )
    keys = {"SECRET_KEY": "x" * 60, "AUDIT_KEYS": "2026-1:" + "a" * 48}
    plain = _run("config.settings.production", code, HTTPS="False", **keys)
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.split() == ["False", "0", "False", "False", "sessionid", "csrftoken"]
    secure = _run("config.settings.production", code, **keys)
    assert secure.returncode == 0, secure.stderr
    assert secure.stdout.split() == [
        "True",
        "31536000",
        "True",
        "True",
        "__Host-sessionid",
        "__Host-csrftoken",
    ]
    # Plain HTTP on that footing passes the startup checks, on a real host as on localhost.
    started = _checks(HTTPS="False", SITE_URL="http://statsbidrag.intern")
    assert started.returncode == 0, started.stderr
    # And HTTPS with an https:// SITE_URL, the real deployment.
    assert _checks(SITE_URL="https://statsbidrag.example").returncode == 0


def test_makemigrations_check_on_a_fresh_clone_says_only_what_matters(tmp_path):
    # `make test` runs it with the test settings before the suite; a fresh clone has no var/.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", VAR_DIR=str(tmp_path / "var"))
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "No changes detected"
    assert result.stderr == ""
    assert not (tmp_path / "var").exists()


def test_a_gunicorn_worker_loads_every_view_at_start_and_freezes_it_out_of_full_collections():
    """config.wsgi, as each gunicorn worker imports it: the URL configuration and the views
    are loaded before the first request, and what is loaded then is frozen, so that the
    garbage collector's full collections do not walk it (a 50–60 ms pause otherwise)."""
    result = _run(
        "config.settings.local",
        "import gc, sys; import config.wsgi; "
        "print(gc.get_freeze_count(), 'portal.views' in sys.modules)",
    )
    assert result.returncode == 0, result.stderr
    frozen, views_loaded = result.stdout.split()
    assert int(frozen) > 50_000
    assert views_loaded == "True"
