"""Enrolling a TOTP authenticator with recovery codes, and checking a code. Each change is
one transaction with its audit event."""

import base64
import io
import secrets
from typing import Any

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from records.models import AuditAction
from records.services import audit_record

from .backends import CONFIRMED_DEVICE_ATTRIBUTE

RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_LENGTH = 10


def pending_totp_device(user: Any) -> TOTPDevice:
    """The user's unconfirmed authenticator, created if there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Autentiseringsapp", confirmed=False)


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    """The provisioning URI as an SVG QR code, to scan with an authenticator app."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode("utf-8").split("?>", 1)[-1]


@transaction.atomic
def totp_confirm(*, user: Any, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator with a first code; return new recovery codes, or None if the
    code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    if hasattr(user, CONFIRMED_DEVICE_ATTRIBUTE):  # what was known at the request's start
        delattr(user, CONFIRMED_DEVICE_ATTRIBUTE)
    codes = _new_recovery_codes(user)
    audit_record(
        actor=user,
        action=AuditAction.TWO_FACTOR_ENROLLED,
        target=user,
        data={"device": device.name},
    )
    return codes


def _new_recovery_codes(user: Any) -> list[str]:
    static, _created = StaticDevice.objects.get_or_create(
        user=user, name="Återställningskoder", defaults={"confirmed": True}
    )
    static.token_set.all().delete()
    codes = [
        f"{secrets.randbelow(10**RECOVERY_CODE_LENGTH):0{RECOVERY_CODE_LENGTH}d}"
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


@transaction.atomic
def recovery_codes_renew(*, user: Any) -> list[str]:
    codes = _new_recovery_codes(user)
    audit_record(actor=user, action=AuditAction.RECOVERY_CODES_RENEWED, target=user)
    return codes


def seconds_to_wait(user: Any) -> int:
    """After wrong codes the authenticator refuses tries for a growing while; how long is left."""
    from core import clock

    waits = []
    for device in TOTPDevice.objects.filter(user=user):
        allowed, info = device.verify_is_allowed()
        if not allowed and info and info.get("locked_until"):
            waits.append(int((info["locked_until"] - clock.now()).total_seconds()) + 1)
    return max(waits, default=0)


def device_for_token(user: Any, token: str) -> Any:
    """The confirmed device that accepts ``token``: six digits are an authenticator code,
    ten a recovery code. Returns None if none does (a wrong try counts against that kind
    of device only)."""
    token = (token or "").replace(" ", "").strip()
    if not token.isdigit():
        return None
    kind = StaticDevice if len(token) == RECOVERY_CODE_LENGTH else TOTPDevice
    for device in devices_for_user(user, confirmed=True):
        if isinstance(device, kind) and device.verify_token(token):
            return device
    return None
