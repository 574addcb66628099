"""Signing a submission (docs/security.md, "What a signature proves and what it does not").

1. The submitter presses "submit": the form is checked, and its data with the canonical
   content to sign (``requisition_content`` / ``report_content``, canonical JSON) and that
   content's SHA-256 are stored as a ``PendingSignature`` (``pending_create``); the submitter
   is sent to the e-ID broker for a fresh authentication (``prompt=login``, ``max_age=0``).
2. Back from the broker, with the ID token verified (accounts.oidc: signature, issuer,
   audience, expiry, nonce, state, PKCE), ``signature_complete`` checks in one transaction
   that the authentication is fresh (``auth_time``), that the e-ID is the logged-in user's
   (personnummer), that the signer is the certified signatory the form names, submits through
   the existing submit service, recomputes the content from what was stored and compares its
   hash, and writes the ``Signature`` with its audit event.
"""

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.personnummer import masked
from core import clock
from records.models import AuditAction
from records.services import audit_record

from .models import PendingSignature, Signature, SignedKind

# A signature under way is forgotten after this long at the broker.
PENDING_MINUTES = 15
# The broker's clock may differ from ours by this much.
CLOCK_SKEW_SECONDS = 30

REQUISITION_FIELDS = (
    "amount",
    "account_type",
    "account_number",
    "organisation_number_confirmed",
    "region_reference",
    "signatory_name",
    "signatory_title",
    "attested",
)


def canonical(content: dict[str, Any]) -> str:
    """One way of writing the content: JSON with sorted keys, no spaces, UTF-8 text."""
    return json.dumps(
        content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder
    )


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def requisition_content(
    *, source: Any, case: Any, organisation_number: str, diarienummer: str, allocation: int
) -> dict[str, Any]:
    """What a requisition's signature covers: the amount, the account, the certification and
    who certified it, for this case. Not the contact person, whom the region may still change
    after submitting (DOMAIN.md)."""
    return {
        "kind": SignedKind.REQUISITION.value,
        "grant": case.grant.year,
        "region": case.region.county_code,
        "organisation_number": organisation_number,
        "diarienummer": diarienummer,
        "allocation": allocation,
        **{name: getattr(source, name) for name in REQUISITION_FIELDS},
    }


def requisition_content_of(requisition: Any) -> dict[str, Any]:
    """The content recomputed from the requisition as stored."""
    return requisition_content(
        source=requisition,
        case=requisition.case,
        organisation_number=requisition.organisation_number,
        diarienummer=requisition.diarienummer,
        allocation=requisition.allocation_amount,
    )


def report_content(*, case: Any, content: dict[str, Any]) -> dict[str, Any]:
    """What a report's signature covers: the whole report version's content."""
    return {
        "kind": SignedKind.REPORT.value,
        "grant": case.grant.year,
        "region": case.region.county_code,
        "report": content,
    }


def report_content_of(version: Any) -> dict[str, Any]:
    return report_content(case=version.report.case, content=version.content)


def content_of(signature: Signature) -> dict[str, Any]:
    """The signed thing's content, recomputed from what is stored now."""
    if signature.kind == SignedKind.REQUISITION:
        return requisition_content_of(signature.requisition)
    return report_content_of(signature.report_version)


def hash_matches(signature: Signature) -> bool:
    """Whether the stored version still has the hash that was signed."""
    return sha256(canonical(content_of(signature))) == signature.content_sha256


def signing_required(user: Any) -> bool:
    """A submission is signed where e-ID is set up and the user's account carries their
    personnummer; otherwise (a password-only user, ``make run``) it is submitted unsigned,
    and marked so."""
    from accounts import oidc

    return oidc.enabled() and bool(getattr(user, "personnummer", ""))


@transaction.atomic
def pending_create(
    *, user: Any, kind: str, case: Any, form_data: dict[str, Any], content: dict[str, Any]
) -> PendingSignature:
    text = canonical(content)
    return PendingSignature.objects.create(
        user=user,
        kind=kind,
        case=case,
        form_data=form_data,
        content=text,
        content_sha256=sha256(text),
    )


def _same_name(a: str, b: str) -> bool:
    def norm(value: str) -> str:
        return re.sub(r"\s+", " ", value or "").strip().casefold()

    return bool(norm(a)) and norm(a) == norm(b)


def signer_name(claims: dict[str, Any]) -> str:
    name = claims.get("name")
    if isinstance(name, str) and name.strip():
        return name.strip()
    parts = [claims.get("given_name"), claims.get("family_name")]
    return " ".join(part.strip() for part in parts if isinstance(part, str) and part.strip())


def pending_for(*, pk: Any, user: Any) -> PendingSignature | None:
    pending = PendingSignature.objects.select_related("case__region", "case__grant").filter(
        pk=pk, user=user
    )
    return pending.first()


def check_result(
    *, pending: PendingSignature, result: Any, actor: Any, signatory_field: str, signatory: str
) -> None:
    """Everything a signature must be, before anything is submitted."""
    now = clock.now()
    if pending.user_id != actor.pk:
        raise PermissionDenied
    if pending.used_at is not None:
        raise ValidationError(_("This signature has already been used. Submit again."))
    if now - pending.created_at > dt.timedelta(minutes=PENDING_MINUTES):
        raise ValidationError(_("The signing took too long. Submit again."))
    if result.error:
        from accounts.oidc import refusal

        raise ValidationError(refusal(result.error))
    skew = dt.timedelta(seconds=CLOCK_SKEW_SECONDS)
    if (
        result.auth_time is None
        or result.auth_time < pending.created_at - skew
        or now - result.auth_time > dt.timedelta(seconds=settings.OIDC_SIGN_MAX_AGE_SECONDS)
    ):
        raise ValidationError(
            _("The e-ID did not confirm a new identification just now, so nothing was signed.")
        )
    if not actor.personnummer or result.personnummer != actor.personnummer:
        raise ValidationError(
            _(
                "You identified yourself with an e-ID that is not the one of your account, so "
                "nothing was signed or submitted."
            )
        )
    name = signer_name(result.claims)
    if not _same_name(name, signatory):
        raise ValidationError(
            {
                signatory_field: _(
                    "The certified signatory named here is %(named)s, but the e-ID that signed "
                    "is %(signer)s's. The person named here must sign the submission, or name "
                    "yourself if you are the one authorised to certify it."
                )
                % {"named": signatory or "–", "signer": name or "–"}
            }
        )


@transaction.atomic
def signature_complete(
    *,
    pending: PendingSignature,
    result: Any,
    actor: Any,
    signatory_field: str,
    signatory: str,
    submit: Callable[[], Any],
) -> Signature:
    """Check the signature, submit through ``submit`` (the existing submit service, in this
    transaction), and keep the evidence. Anything wrong raises and nothing is stored."""
    pending = PendingSignature.objects.select_for_update().get(pk=pending.pk)
    check_result(
        pending=pending,
        result=result,
        actor=actor,
        signatory_field=signatory_field,
        signatory=signatory,
    )
    record = submit()
    if pending.kind == SignedKind.REQUISITION:
        stored = canonical(requisition_content_of(record))
        links: dict[str, Any] = {"requisition": record}
        target_of_event = record
    else:
        stored = canonical(report_content_of(record))
        links = {"report_version": record}
        target_of_event = record.report
    if sha256(stored) != pending.content_sha256:
        # What was stored is not what was signed: nothing is kept.
        raise ValidationError(_("The submitted version differs from the signed one. Submit again."))
    signature = Signature.objects.create(
        kind=pending.kind,
        signer=actor,
        personnummer=result.personnummer,
        signer_name=signer_name(result.claims),
        acr=result.acr,
        issuer=str(result.claims.get("iss", "")),
        auth_time=result.auth_time,
        id_token=result.id_token,
        content=stored,
        content_sha256=pending.content_sha256,
        **links,
    )
    pending.used_at = clock.now()
    pending.save(update_fields=["used_at"])
    audit_record(
        actor=actor,
        action=AuditAction.SUBMISSION_SIGNED,
        target=target_of_event,
        grant=pending.case.grant,
        region=pending.case.region,
        data={
            "signature": signature.pk,
            "kind": pending.kind,
            "content_sha256": signature.content_sha256,
            "personnummer": masked(signature.personnummer),
            "signer_name": signature.signer_name,
            "acr": signature.acr,
            "auth_time": signature.auth_time,
        },
    )
    return signature


def signature_of(signed: Any) -> Signature | None:
    """A requisition's or report version's signature, or None (submitted unsigned)."""
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return signed.signature  # type: ignore[no-any-return]
    except ObjectDoesNotExist:
        return None


def signature_text(signature: Signature | None) -> str:
    """One line for a PDF or the dossier, in the active language."""
    from core import formats

    if signature is None:
        return _("Unsigned: submitted after a password login, without an e-ID signature.")
    return _(
        "Signed with e-ID by %(name)s (%(personnummer)s) on %(time)s, assurance level "
        "%(acr)s. SHA-256 of the signed version: %(sha256)s"
    ) % {
        "name": signature.signer_name,
        "personnummer": signature.personnummer_masked,
        "time": formats.moment_iso(signature.signed_at),
        "acr": signature.acr or "–",
        "sha256": signature.content_sha256,
    }
