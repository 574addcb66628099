"""A real OpenID provider for the tests: django-oauth-toolkit's OpenID Connect support,
running as a small Django project of its own (settings.py, urls.py, validator.py) in a
separate process on a free loopback port. Its ID tokens are RS256-signed with a key made for
the run, and carry the person's personnummer (the Sweden Connect claim) and assurance level
(acr), as a Swedish e-ID broker's do. Neither the protocol nor mozilla-django-oidc is mocked:
the service discovers the provider, sends the browser to it, exchanges the code at its token
endpoint and checks the token with its published key.

``TestProvider.identities`` are the people it knows (log in with the username and
``PASSWORD``). ``login_without_browser`` drives the provider's login form over HTTP for the
tests that use Django's test client; the browser tests type into it."""

import json
import os
import subprocess  # nosec B404 - starts the test provider, a fixed command
import sys
from pathlib import Path
from urllib.parse import urljoin

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

BASE_DIR = Path(__file__).resolve().parents[3]
PASSWORD = "provider-password"  # nosec B105 - a test fixture
CLIENT_ID = "statsbidrag-test"
CLIENT_SECRET = "statsbidrag-test-secret-not-secret"  # nosec B105
LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"
LOA2 = "http://id.elegnamnden.se/loa/1.0/loa2"
CALLBACK_PATH = "/konto/e-legitimation/svar/"

# Valid personnummer (check digit), none of them a real person's.
OFFICER_PNR = "19850709-9805"
SUBMITTER_PNR = "19900101-1239"
UNKNOWN_PNR = "19750505-4325"
SECOND_SUBMITTER_PNR = "19600606-0609"

IDENTITIES = {
    "officer": {"personnummer": OFFICER_PNR, "acr": LOA3, "name": "Olivia Handläggare"},
    "officer-low": {"personnummer": OFFICER_PNR, "acr": LOA2, "name": "Olivia Handläggare"},
    "submitter": {"personnummer": SUBMITTER_PNR, "acr": LOA3, "name": "Sara Representant"},
    "submitter2": {"personnummer": SECOND_SUBMITTER_PNR, "acr": LOA3, "name": "Per Person"},
    "unknown": {"personnummer": UNKNOWN_PNR, "acr": LOA3, "name": "Ulla Okänd"},
    # A wrong check digit, and no personnummer claim at all.
    "invalid": {"personnummer": "19850709-9806", "acr": LOA3, "name": "Ivar Ogiltig"},
    "none": {"acr": LOA3, "name": "Nils Utan"},
}


def private_key_pem() -> str:
    """An RSA key made for the run: the provider signs its ID tokens with it (RS256)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


class TestProvider:
    __test__ = False  # not a test class

    def __init__(self, *, redirect_uris: list[str], directory: Path) -> None:
        pem = private_key_pem()
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "TEST_PROVIDER_DATABASE": str(directory / "provider.sqlite3"),
            "TEST_PROVIDER_RSA_KEY": pem,
            "TEST_PROVIDER_IDENTITIES": json.dumps(IDENTITIES),
            "TEST_PROVIDER_PASSWORD": PASSWORD,
            "TEST_PROVIDER_CLIENT_ID": CLIENT_ID,
            "TEST_PROVIDER_CLIENT_SECRET": CLIENT_SECRET,
            "TEST_PROVIDER_REDIRECT_URIS": " ".join(redirect_uris),
        }
        self.process = subprocess.Popen(  # nosec B603 - fixed arguments
            [sys.executable, "-m", "tests.support.oidc_provider.server"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line.startswith("READY "):
            self.stop()
            raise RuntimeError(f"the test OpenID provider did not start: {line!r}")
        self.url = f"http://127.0.0.1:{int(line.split()[1])}"
        self.issuer = f"{self.url}/o"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def settings(self) -> dict[str, object]:
        """The service's settings for this provider."""
        return {
            "OIDC_ISSUER": self.issuer,
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_RP_SCOPES": "openid profile",
            "OIDC_REQUIRED_ACR": [LOA3],
        }

    def login_without_browser(self, authorize_url: str, username: str) -> str:
        """Follow the service's redirect to the provider, log in there as ``username`` and
        return the address the provider sends the browser back to (the service's callback)."""
        session = requests.Session()
        response = session.get(authorize_url, allow_redirects=False, timeout=10)
        for _hop in range(5):
            location = response.headers.get("Location", "")
            if CALLBACK_PATH in location:
                return location
            if response.status_code in (301, 302):
                response = session.get(
                    urljoin(response.url, location), allow_redirects=False, timeout=10
                )
                continue
            # The provider's login form.
            token = session.cookies.get("provider_csrftoken")
            response = session.post(
                response.url,
                data={
                    "csrfmiddlewaretoken": token,
                    "username": username,
                    "password": PASSWORD,
                    "next": _next_of(response.url),
                },
                headers={"Referer": response.url},
                allow_redirects=False,
                timeout=10,
            )
        raise AssertionError(f"the provider did not send the browser back: {response.status_code}")


def _next_of(url: str) -> str:
    from urllib.parse import parse_qs, urlparse

    return parse_qs(urlparse(url).query).get("next", [""])[0]
