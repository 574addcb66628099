"""Run the test OpenID provider: ``python -m tests.support.oidc_provider.server``.

Reads TEST_PROVIDER_* from the environment (see __init__.py; the compose profile ``eid``
sets them for development, docs/running.md), migrates its own SQLite database, registers
the service as a confidential client, makes a user per identity (the password is
TEST_PROVIDER_PASSWORD), then serves on TEST_PROVIDER_BIND (a free loopback port by default)
and prints ``READY <port>``."""

import json
import os
import sys
import tempfile


def _defaults() -> None:
    """What the tests always pass; for a development provider the defaults do."""
    from tests.support.oidc_provider import IDENTITIES, PASSWORD, private_key_pem

    os.environ.setdefault(
        "TEST_PROVIDER_DATABASE", os.path.join(tempfile.mkdtemp(), "provider.sqlite3")
    )
    os.environ.setdefault("TEST_PROVIDER_RSA_KEY", private_key_pem())
    os.environ.setdefault("TEST_PROVIDER_IDENTITIES", json.dumps(IDENTITIES))
    os.environ.setdefault("TEST_PROVIDER_PASSWORD", PASSWORD)


def main() -> None:
    _defaults()
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.support.oidc_provider.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    Application.objects.create(
        name="statsbidrag",
        client_id=os.environ["TEST_PROVIDER_CLIENT_ID"],
        client_secret=os.environ["TEST_PROVIDER_CLIENT_SECRET"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=os.environ["TEST_PROVIDER_REDIRECT_URIS"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    for username, identity in settings.IDENTITIES.items():
        User.objects.create_user(
            username=username,
            password=os.environ["TEST_PROVIDER_PASSWORD"],
            first_name=identity.get("name", ""),
        )

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    host, _colon, port = os.environ.get("TEST_PROVIDER_BIND", "127.0.0.1:0").rpartition(":")
    server = ThreadedWSGIServer((host, int(port)), QuietHandler)
    server.set_app(get_wsgi_application())
    print(f"READY {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    sys.exit(0)


if __name__ == "__main__":
    main()
