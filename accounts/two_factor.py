"""Authenticators (TOTP) and recovery codes: checking a code, adding and removing an
authenticator, renewing recovery codes. Each change is one transaction with its audit
event and an e-mail telling the user what happened.

- A code is accepted one 30-second step early or late (``OTP_TOTP_TOLERANCE``), never at
  or before the step of the last code the authenticator accepted: a code works once, and
  an older code after a newer one not at all. The window is pinned here (no learnt drift,
  whatever a row says), and the authenticator's row is locked while a code is checked.
- Adding an authenticator or removing one, and renewing recovery codes, need a fresh code
  from an authenticator the user already has (only a region user's very first one does not:
  they need no second factor until they have one; staff enrol through an administrator's
  link, :mod:`accounts.enrolment`). The fresh code is checked first, in its own
  transaction, so that a wrong one counts against the authenticator's throttling even
  though the change is refused.
- A new authenticator's key is kept in the session until its first code confirms it: the
  enrolment page writes no row until then.
"""

import io
import secrets
from base64 import b32encode
from typing import Any
from urllib.parse import quote, urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import clock
from notifications.services import email_queue
from records.models import AuditAction
from records.services import audit_record

from . import enrolment, security
from .backends import CONFIRMED_DEVICE_ATTRIBUTE
from .models import EnrolmentLink

RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_LENGTH = 10
KEY_BYTES = 20
STEP = 30
DIGITS = 6
AUTHENTICATOR_NAME = "Autentiseringsapp"
RECOVERY_CODES_NAME = "Återställningskoder"
# The key of the authenticator being set up, until its first code confirms it.
NEW_KEY_SESSION_KEY = "statsbidrag_new_totp_key"


# --- Codes ----------------------------------------------------------------------------------


def _digits(token: str | None) -> str:
    return (token or "").replace(" ", "").strip()


def accepted_step(
    key: bytes,
    token: str | None,
    *,
    after: int,
    step: int = STEP,
    t0: int = 0,
    digits: int = DIGITS,
) -> int | None:
    """The time step whose code ``token`` is, if it is within ``OTP_TOTP_TOLERANCE`` steps of
    now (no drift) and later than step ``after``; otherwise None."""
    token = _digits(token)
    if len(token) != digits or not token.isdigit():
        return None
    totp = TOTP(key, step, t0, digits, 0)
    totp.time = clock.now().timestamp()
    if totp.verify(int(token), settings.OTP_TOTP_TOLERANCE, after + 1):
        return totp.t()
    return None


def _check_totp(device: TOTPDevice, token: str | None) -> bool:
    """django-otp's check (with its throttling), on our window. The row is locked."""
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        return False
    accepted = accepted_step(
        device.bin_key,
        token,
        after=device.last_t,
        step=device.step,
        t0=device.t0,
        digits=device.digits,
    )
    if accepted is None:
        device.throttle_increment(commit=True)
        return False
    device.last_t = accepted
    device.tolerance = settings.OTP_TOTP_TOLERANCE
    device.drift = 0
    device.throttle_reset(commit=False)
    device.set_last_used_timestamp(commit=False)
    device.save()
    return True


@transaction.atomic
def device_for_token(user: Any, token: str | None) -> Any:
    """The confirmed device that accepts ``token``: six digits are an authenticator code,
    ten a recovery code (each works once). Returns None if none does (a wrong try counts
    against that kind of device only)."""
    token = _digits(token)
    if not token.isdigit():
        return None
    if len(token) == RECOVERY_CODE_LENGTH:
        for static in StaticDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if static.verify_token(token):
                return static
        return None
    for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
        if _check_totp(device, token):
            return device
    return None


@transaction.atomic
def fresh_code_device(user: Any, token: str | None) -> TOTPDevice | None:
    """The user's authenticator that accepts ``token`` now (never a recovery code)."""
    for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
        if _check_totp(device, token):
            return device
    return None


def seconds_to_wait(user: Any) -> int:
    """After wrong codes the authenticator refuses tries for a growing while; how long is left."""
    waits = []
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        allowed, info = device.verify_is_allowed()
        if not allowed and info and info.get("locked_until"):
            waits.append(int((info["locked_until"] - clock.now()).total_seconds()) + 1)
    return max(waits, default=0)


def wait_message(seconds: int) -> str:
    return _("Too many wrong codes. Wait %(seconds)d seconds and try again.") % {"seconds": seconds}


def _require_fresh_code(user: Any, token: str | None, *, field: str = "code") -> TOTPDevice:
    wait = seconds_to_wait(user)
    if wait > 0:
        raise ValidationError({field: wait_message(wait)})
    device = fresh_code_device(user, token)
    if device is None:
        raise ValidationError(
            {
                field: _(
                    "The code is wrong or already used. Wait for the next code in your "
                    "authenticator app and try again."
                )
            }
        )
    return device


def has_authenticator(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


# --- A new authenticator ----------------------------------------------------------------------


def new_key(session: Any) -> str:
    """The key (hex) of the authenticator being set up in this session, made if none."""
    key = session.get(NEW_KEY_SESSION_KEY)
    if not isinstance(key, str) or len(key) != 2 * KEY_BYTES:
        key = secrets.token_hex(KEY_BYTES)
        session[NEW_KEY_SESSION_KEY] = key
    return key


def secret_base32(key: str) -> str:
    return b32encode(bytes.fromhex(key)).decode("ascii").rstrip("=")


def config_url(key: str, user: Any) -> str:
    """The provisioning URI an authenticator app reads from the QR code."""
    issuer = settings.OTP_TOTP_ISSUER.replace(":", "")
    label = quote(f"{issuer}:{user.get_username()}")
    params = urlencode(
        {"secret": secret_base32(key), "algorithm": "SHA1", "digits": DIGITS, "period": STEP}
    )
    return f"otpauth://totp/{label}?{params}&issuer={quote(issuer)}"


def qr_svg(key: str, user: Any) -> str:
    """The provisioning URI as an SVG QR code, to scan with an authenticator app."""
    image = qrcode.make(
        config_url(key, user), image_factory=qrcode.image.svg.SvgPathImage, box_size=8
    )
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode("utf-8").split("?>", 1)[-1]


def authenticator_add(
    *,
    user: Any,
    key: str,
    code: str | None,
    current_code: str | None = None,
    link: EnrolmentLink | None = None,
) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator with key ``key`` by its first ``code`` and add it.

    Through an enrolment link (``link``, the user's own and usable): the administrator's
    link is the proof, and the user gets new recovery codes. Otherwise a user who has an
    authenticator gives a fresh code from it (``current_code``); a user without one may
    add one with their password session only if they need no second factor (a region
    user); staff need a link. Returns the device and any new recovery codes."""
    if link is not None:
        if link.user_id != user.pk:
            raise PermissionDenied
        link_state = enrolment.state(link)
        if link_state is not enrolment.LinkState.USABLE:
            raise ValidationError(enrolment.refusal(link_state))
    elif not has_authenticator(user) and security.is_staff_account(user):
        raise PermissionDenied
    if len(key) != 2 * KEY_BYTES or any(c not in "0123456789abcdef" for c in key):
        raise ValidationError(_("The authenticator could not be set up. Start again."))
    step = accepted_step(bytes.fromhex(key), code, after=-1)
    if step is None:
        raise ValidationError(
            {"code": _("The code is wrong. Check that the app shows the account you just added.")}
        )
    if link is None and has_authenticator(user):
        _require_fresh_code(user, current_code, field="current_code")
    return _authenticator_add(user=user, key=key, step=step, link=link)


@transaction.atomic
def _authenticator_add(
    *, user: Any, key: str, step: int, link: EnrolmentLink | None
) -> tuple[TOTPDevice, list[str]]:
    existing = list(TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True))
    if TOTPDevice.objects.filter(user=user, key=key).exists():
        raise ValidationError(_("This authenticator is already set up. Start again."))
    if link is not None:
        enrolment.link_use(link=link, user=user)
    device = TOTPDevice.objects.create(
        user=user,
        name=AUTHENTICATOR_NAME,
        key=key,
        step=STEP,
        digits=DIGITS,
        tolerance=settings.OTP_TOTP_TOLERANCE,
        drift=0,
        last_t=step,
        confirmed=True,
    )
    if hasattr(user, CONFIRMED_DEVICE_ATTRIBUTE):  # what was known at the request's start
        delattr(user, CONFIRMED_DEVICE_ATTRIBUTE)
    first = not existing
    codes = _new_recovery_codes(user) if first or link is not None else []
    audit_record(
        actor=user,
        action=AuditAction.TWO_FACTOR_ENROLLED if first else AuditAction.TWO_FACTOR_DEVICE_ADDED,
        target=user,
        data={
            "device": device.persistent_id,
            "authenticators": len(existing) + 1,
            "enrolment_link": link.pk if link is not None else None,
            "new_recovery_codes": bool(codes),
        },
    )
    _notify(user=user, change="added", key=device.persistent_id, recovery_codes=bool(codes))
    return device, codes


# --- Recovery codes -------------------------------------------------------------------------


def _new_recovery_codes(user: Any) -> list[str]:
    static, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_CODES_NAME, defaults={"confirmed": True}
    )
    static.token_set.all().delete()
    codes = [
        f"{secrets.randbelow(10**RECOVERY_CODE_LENGTH):0{RECOVERY_CODE_LENGTH}d}"
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def recovery_codes_renew(*, user: Any, code: str | None) -> list[str]:
    """New recovery codes in place of the old ones, for a fresh authenticator code."""
    if not has_authenticator(user):
        raise PermissionDenied
    _require_fresh_code(user, code)
    return _recovery_codes_renew(user=user)


@transaction.atomic
def _recovery_codes_renew(*, user: Any) -> list[str]:
    codes = _new_recovery_codes(user)
    event = audit_record(actor=user, action=AuditAction.RECOVERY_CODES_RENEWED, target=user)
    _notify(user=user, change="recovery_codes", key=str(event.pk))
    return codes


# --- Removing -----------------------------------------------------------------------------


LAST_AUTHENTICATOR = "last_authenticator"


def _refuse_last(user: Any, device: Any, remaining: int) -> None:
    if isinstance(device, TOTPDevice) and remaining == 0 and security.is_staff_account(user):
        raise ValidationError(
            _(
                "This is your only authenticator, and your role needs one. Add a new "
                "authenticator first, or ask an administrator to remove it."
            ),
            code=LAST_AUTHENTICATOR,
        )


def authenticator_remove(*, device: Any, actor: Any, code: str | None = None) -> Any:
    """Remove an authenticator (or, for an administrator, a set of recovery codes).

    The user removes their own authenticator with a fresh code from one of theirs; staff
    keep at least one. An administrator removes anyone else's device (a lost phone) without
    a code. When a user's last authenticator goes, their recovery codes go with it. Returns
    the authenticator that accepted the code (None for an administrator)."""
    user = device.user
    verifier = None
    if device.user_id == getattr(actor, "pk", None):
        if not isinstance(device, TOTPDevice):
            raise PermissionDenied
        others = TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk)
        _refuse_last(user, device, others.count())
        verifier = _require_fresh_code(user, code)
    elif not getattr(actor, "is_superuser", False):
        raise PermissionDenied
    _authenticator_remove(device=device, actor=actor)
    return verifier


@transaction.atomic
def _authenticator_remove(*, device: Any, actor: Any) -> None:
    user = device.user
    kind = type(device)
    authenticators = list(TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True))
    device = kind.objects.select_for_update().filter(pk=device.pk).first()
    if device is None:  # removed meanwhile
        return
    by_user = device.user_id == getattr(actor, "pk", None)
    remaining = [other for other in authenticators if other.pk != device.pk]
    if by_user:
        _refuse_last(user, device, len(remaining))
    persistent_id = device.persistent_id
    name = device.name
    device.delete()
    codes_removed = False
    if isinstance(device, TOTPDevice) and not remaining:
        codes_removed = StaticDevice.objects.filter(user=user).delete()[0] > 0
    if hasattr(user, CONFIRMED_DEVICE_ATTRIBUTE):
        delattr(user, CONFIRMED_DEVICE_ATTRIBUTE)
    event = audit_record(
        actor=actor,
        action=AuditAction.TWO_FACTOR_DEVICE_REMOVED,
        target=user,
        data={
            "device": persistent_id,
            "name": name,
            "kind": "recovery_codes" if kind is StaticDevice else "authenticator",
            "by_administrator": not by_user,
            "recovery_codes_removed": codes_removed,
            "authenticators_left": len(remaining) if kind is TOTPDevice else len(authenticators),
        },
    )
    _notify(
        user=user,
        change="recovery_codes_removed" if kind is StaticDevice else "removed",
        key=str(event.pk),
        by_administrator=not by_user,
        recovery_codes=codes_removed,
    )


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def devices_of(user: Any) -> list[TOTPDevice]:
    """The user's confirmed authenticators, oldest first."""
    return list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("created_at", "pk"))


# --- Telling the user -----------------------------------------------------------------------


def _notify(
    *,
    user: Any,
    change: str,
    key: str,
    by_administrator: bool = False,
    recovery_codes: bool = False,
) -> None:
    email_queue(
        key=f"two-factor:{change}:{user.pk}:{key}",
        to=[user.email],
        template="accounts/email/two_factor_changed",
        context={
            "user": user,
            "change": change,
            "at": clock.now(),
            "by_administrator": by_administrator,
            "recovery_codes": recovery_codes,
            "staff": security.is_staff_account(user),
        },
    )
