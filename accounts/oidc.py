"""Login with e-ID over OpenID Connect (mozilla-django-oidc), and the fresh e-ID
authentication a signature asks for (signatures/).

The provider is a Swedish e-ID broker (BankID, Freja eID) configured from the environment:
``OIDC_ISSUER``, ``OIDC_CLIENT_ID``, ``OIDC_CLIENT_SECRET``, ``OIDC_SCOPES``. Its endpoints
and keys come from ``<issuer>/.well-known/openid-configuration``, read at the first e-ID
login (not at start-up: a provider that is down never stops the password login). Without an
issuer the e-ID login is off and its URLs answer 404 (``make run``).

Every round trip to the provider is a *flow* with a purpose, kept in the session under its
``state``: ``login`` (log in), ``bind`` (connect the personnummer to the account one is
logged in to) and ``sign`` (sign a submission: a fresh login, ``prompt=login`` and
``max_age=0``). The callback verifies the ID token (signature with the provider's published
key, issuer, audience, expiry, nonce; PKCE), validates the personnummer claim and then does
what the purpose asks. The personnummer is the identity: an e-ID login whose personnummer is
on no active account is refused, and the provider never creates an account or gives a role.

The ID token's assurance level (``acr``) is kept in the session; an acr in
``OIDC_REQUIRED_ACR`` counts as every factor (no authenticator code), and every audit event of
the session names it (``core.assurance``).
"""

import dataclasses
import datetime as dt
import functools
import logging
from typing import Any, cast
from urllib.parse import parse_qs, urlparse

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from jwt.exceptions import PyJWTError
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from core import assurance, clock

from . import security
from .backends import UserBackend
from .personnummer import InvalidPersonnummer, masked, normalise

logger = logging.getLogger("statsbidrag.security")

# {"user": id, "acr": "…", "at": ISO time, "personnummer": masked} after an e-ID login.
SESSION_KEY = "statsbidrag_eid"
# state -> {"purpose": "login" | "bind" | "sign", "user": id, …}: the flows under way.
FLOWS_SESSION_KEY = "statsbidrag_eid_flows"
MAX_FLOWS = 20

PURPOSES = ("login", "bind", "sign")
# What finishes a flow whose purpose is not logging in: (request, flow, result) -> response.
FLOW_HANDLERS = {
    "bind": "accounts.oidc.finish_bind",
    "sign": "signatures.views.finish_signing",
}

_DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


class ProviderUnavailable(Exception):
    """The provider's configuration could not be read."""


def enabled() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


@functools.lru_cache(maxsize=4)
def _discovery(issuer: str) -> dict[str, Any]:
    try:
        response = requests.get(
            f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
        )
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(str(error)) from error
    if not isinstance(document, dict) or document.get("issuer", "").rstrip("/") != issuer:
        raise ProviderUnavailable(f"the discovery document of {issuer} names another issuer")
    missing = [key for key in _DISCOVERED.values() if not document.get(key)]
    if missing:
        raise ProviderUnavailable(f"the discovery document lacks {', '.join(missing)}")
    return document


def discovery() -> dict[str, Any]:
    """The provider's configuration (cached per issuer once read successfully)."""
    return _discovery(settings.OIDC_ISSUER)


def provider_setting(attr: str, *args: Any) -> Any:
    """mozilla-django-oidc's settings, with the endpoints taken from discovery."""
    if attr in _DISCOVERED:
        return discovery()[_DISCOVERED[attr]]
    return import_from_settings(attr, *args)


@dataclasses.dataclass
class EidResult:
    """What a verified ID token says (or why it was refused)."""

    error: str = ""
    personnummer: str = ""
    acr: str = ""
    auth_time: dt.datetime | None = None
    id_token: str = ""
    claims: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def acr_counts_as_every_factor(self) -> bool:
        return bool(self.acr) and self.acr in settings.OIDC_REQUIRED_ACR


def result_from_token(id_token: str, claims: dict[str, Any]) -> EidResult:
    result = EidResult(id_token=id_token, claims=claims)
    acr = claims.get("acr")
    result.acr = acr if isinstance(acr, str) else ""
    auth_time = claims.get("auth_time")
    if isinstance(auth_time, int) and not isinstance(auth_time, bool):
        result.auth_time = dt.datetime.fromtimestamp(auth_time, tz=dt.UTC)
    try:
        result.personnummer = normalise(claims.get(settings.OIDC_PERSONNUMMER_CLAIM))
    except InvalidPersonnummer:
        result.error = "invalid_personnummer"
    return result


class EidBackend(OIDCAuthenticationBackend):
    """Answers only the callback of an e-ID flow; every other authenticate() (the password
    login) passes it by without asking the provider anything."""

    get_settings = staticmethod(provider_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # mozilla-django-oidc reads the endpoints here; they are read in authenticate().
        self.UserModel = get_user_model()

    def authenticate(self, request: Any = None, **kwargs: Any) -> Any:
        if request is None or not enabled() or getattr(request, "eid_purpose", None) is None:
            return None
        self.OIDC_OP_TOKEN_ENDPOINT = provider_setting("OIDC_OP_TOKEN_ENDPOINT")
        self.OIDC_OP_USER_ENDPOINT = provider_setting("OIDC_OP_USER_ENDPOINT")
        self.OIDC_OP_JWKS_ENDPOINT = provider_setting("OIDC_OP_JWKS_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The library checks the signature (with the provider's published key), the
        algorithm, the expiry and the nonce; the issuer and the audience are checked here."""
        payload = cast(dict[str, Any], super().verify_token(token, **kwargs))
        if str(payload.get("iss", "")).rstrip("/") != settings.OIDC_ISSUER:
            raise SuspiciousOperation("The ID token names another issuer.")
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is for another client.")
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict) -> Any:
        """The identity is the ID token's personnummer claim (signed by the provider), not
        the userinfo answer. Only a login looks for the account; the other purposes are
        finished by their handler with the verified result."""
        result = result_from_token(id_token, payload)
        self.request.eid_result = result
        if result.error or self.request.eid_purpose != "login":
            return None
        user = self.UserModel.objects.filter(personnummer=result.personnummer).first()
        if user is None or not user.is_active:
            result.error = "unknown_personnummer"
            return None
        return user

    def get_user(self, user_id: Any) -> Any:
        # A session logged in with e-ID loads its user like any other (accounts.backends).
        return UserBackend().get_user(user_id)


def _remember_flow(request: HttpRequest, state: str, flow: dict[str, Any]) -> None:
    flows = dict(request.session.get(FLOWS_SESSION_KEY) or {})
    flows[state] = flow
    # The oldest flows (abandoned at the provider) are forgotten.
    request.session[FLOWS_SESSION_KEY] = dict(list(flows.items())[-MAX_FLOWS:])


class EidStartView(OIDCAuthenticationRequestView):
    """GET /konto/e-legitimation/?next=…: off to the provider to log in."""

    purpose = "login"
    fresh = False

    get_settings = staticmethod(provider_setting)

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)  # the endpoints are read when a flow starts

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def flow_data(self) -> dict[str, Any]:
        return {}

    def get_extra_params(self, request: HttpRequest) -> dict[str, str]:
        params = {}
        if settings.OIDC_ACR_VALUES:
            params["acr_values"] = settings.OIDC_ACR_VALUES
        if self.fresh:
            # The person authenticates again now, whatever session the provider has.
            params.update({"prompt": "login", "max_age": "0"})
        return params

    def start(self, request: HttpRequest) -> HttpResponse:
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except ProviderUnavailable as error:
            logger.warning("e-ID provider unavailable: %s", error)
            messages.error(
                request, _("Logging in with e-ID is not possible right now. Try again later.")
            )
            return redirect("accounts:login" if self.purpose == "login" else "accounts:account")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        response = super().get(request)
        state = parse_qs(urlparse(response["Location"]).query)["state"][0]
        _remember_flow(request, state, {"purpose": self.purpose, **self.flow_data()})
        return cast(HttpResponse, response)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.start(request)


def start_flow(
    request: HttpRequest, *, purpose: str, fresh: bool, data: dict[str, Any]
) -> HttpResponse:
    """Send the logged-in user to the provider for ``purpose`` (``bind`` or ``sign``), from
    a form's POST. The answer is a page that goes on to the provider by itself (a Refresh
    header) with a link as well: the pages' Content Security Policy (``form-action 'self'``)
    stops a form's POST from being redirected to another site."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    view = EidStartView(purpose=purpose, fresh=fresh)
    view.flow_data = lambda: {"user": request.user.pk, **data}  # type: ignore[method-assign]
    view.setup(request)
    response = view.start(request)
    if response.status_code != 302 or not response["Location"].startswith(
        provider_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
    ):
        return response  # the provider is unavailable: back with a message
    page = render(request, "accounts/eid_continue.html", {"provider_url": response["Location"]})
    page["Refresh"] = f"0;url={response['Location']}"
    return page


REFUSALS = {
    "invalid_personnummer": gettext_lazy(
        "The e-ID did not give a valid personal identity number, so you cannot be logged in. "
        "Contact Socialstyrelsen."
    ),
    "unknown_personnummer": gettext_lazy(
        "No account in the service has your personal identity number. Ask your region's "
        "ombud for an invitation; if you have an account, log in with your e-mail address and "
        "connect your e-ID on your account page."
    ),
    "cancelled": gettext_lazy("The e-ID login was cancelled. Nothing was changed."),
    "failed": gettext_lazy("The e-ID login could not be completed. Try again."),
    "expired": gettext_lazy("The e-ID login took too long or was already used. Try again."),
}


def refusal(code: str) -> str:
    return str(REFUSALS.get(code, REFUSALS["failed"]))


class EidCallbackView(OIDCAuthenticationCallbackView):
    """GET /konto/e-legitimation/svar/?code=…&state=…: the provider's answer."""

    get_settings = staticmethod(provider_setting)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        state = request.GET.get("state", "")
        flows = dict(request.session.get(FLOWS_SESSION_KEY) or {})
        flow = flows.pop(state, None)
        if flow is not None:
            request.session[FLOWS_SESSION_KEY] = flows
        self.flow = flow if isinstance(flow, dict) else {"purpose": "login"}
        request.eid_purpose = self.flow.get("purpose", "login")  # type: ignore[attr-defined]
        request.eid_result = EidResult(error="failed")  # type: ignore[attr-defined]
        if request.GET.get("error"):
            # Cancelled at the provider: forget the state; unlike the library, never log out
            # a user who was signing or connecting their e-ID.
            states = request.session.get("oidc_states") or {}
            if state in states:
                del states[state]
                request.session["oidc_states"] = states
            request.eid_result = EidResult(error="cancelled")  # type: ignore[attr-defined]
            return self.login_failure()
        if flow is None and "code" in request.GET:
            request.eid_result = EidResult(error="expired")  # type: ignore[attr-defined]
            return self.login_failure()
        try:
            return cast(HttpResponse, super().get(request))
        except (
            SuspiciousOperation,
            PyJWTError,
            requests.RequestException,
            ProviderUnavailable,
            KeyError,
            ValueError,
        ) as error:
            logger.warning("e-ID callback refused: %s", error)
            request.eid_result = EidResult(error="failed")  # type: ignore[attr-defined]
            return self.login_failure()

    def login_success(self) -> HttpResponse:
        request = self.request
        result: EidResult = request.eid_result  # type: ignore[attr-defined]
        response = cast(HttpResponse, super().login_success())
        user = request.user
        request.session[SESSION_KEY] = {
            "user": user.pk,
            "acr": result.acr,
            "at": clock.now().isoformat(),
            "personnummer": masked(result.personnummer),
        }
        apply_session(request)
        security.record_attempt(email=user.email, ip=security.client_ip(request), succeeded=True)
        # The login is every factor when its level suffices or none is needed; otherwise the
        # middleware sends the user to the code page next, which marks the session then.
        security.mark_authenticated(request)
        logger.info("e-ID login of user %s at acr %r", user.pk, result.acr)
        return response

    def login_failure(self) -> HttpResponse:
        request = self.request
        result: EidResult = getattr(request, "eid_result", EidResult(error="failed"))
        purpose = self.flow.get("purpose", "login")
        if purpose in FLOW_HANDLERS:
            if not request.user.is_authenticated or self.flow.get("user") != request.user.pk:
                raise PermissionDenied
            handler = import_string(FLOW_HANDLERS[purpose])
            return cast(HttpResponse, handler(request, self.flow, result))
        logger.info("e-ID login refused: %s", result.error or "failed")
        messages.error(request, refusal(result.error))
        return redirect("accounts:login")


def apply_session(request: HttpRequest) -> None:
    """Mark the request's user with what the session's e-ID login proves."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or session is None or not user.is_authenticated:
        return
    info = session.get(SESSION_KEY)
    if not isinstance(info, dict) or info.get("user") != user.pk:
        return
    if info.get("acr") in settings.OIDC_REQUIRED_ACR:
        setattr(user, security.EID_EVERY_FACTOR_ATTRIBUTE, True)


def session_assurance(request: HttpRequest) -> dict[str, Any] | None:
    info = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    user = getattr(request, "user", None)
    if not isinstance(info, dict) or user is None or info.get("user") != user.pk:
        return None
    return info


class EidSessionMiddleware:
    """After django-otp's middleware: the e-ID login's assurance for the two-factor check
    (accounts.security) and for the audit events of this request (core.assurance)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        info = None
        if SESSION_KEY in request.session:
            apply_session(request)
            info = session_assurance(request)
        token = assurance.set_current(
            {"user": info["user"], "login": "e-id", "acr": info.get("acr", "")} if info else None
        )
        try:
            return cast(HttpResponse, self.get_response(request))
        finally:
            assurance.reset(token)


class EidBindView(View):
    """POST /konto/e-legitimation/koppla/: connect one's e-ID to the account one is logged in
    to (with every factor): off to the provider, and the personnummer it vouches for is
    stored on the account (``finish_bind``)."""

    http_method_names = ["post"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not enabled():
            raise Http404
        if not request.user.is_authenticated:
            return redirect("accounts:login")
        return super().dispatch(request, *args, **kwargs)

    def post(self, request: HttpRequest) -> HttpResponse:
        if request.user.personnummer:  # type: ignore[union-attr]
            messages.info(request, _("Your account is already connected to your e-ID."))
            return redirect("accounts:account")
        return start_flow(request, purpose="bind", fresh=True, data={})


def finish_bind(request: HttpRequest, flow: dict[str, Any], result: EidResult) -> HttpResponse:
    from .services import personnummer_bind

    if result.error:
        messages.error(request, refusal(result.error))
        return redirect("accounts:account")
    try:
        personnummer_bind(
            user=request.user,  # type: ignore[arg-type]
            personnummer=result.personnummer,
            actor=request.user,
            how="e-id",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:account")
    messages.success(request, _("Your e-ID is connected. From now on you can log in with it."))
    return redirect("accounts:account")
