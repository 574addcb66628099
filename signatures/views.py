"""Starting and finishing a signature, and the check page of a signature."""

import base64
import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views import View

from accounts import oidc
from accounts.mixins import StaffRequiredMixin

from . import services
from .models import Signature, SignedKind

# What submits a signed version of each kind: (request, pending, result) -> response.
FINISHERS = {
    SignedKind.REQUISITION: "requisitions.views.region.finish_signed_requisition",
    SignedKind.REPORT: "reports.views.region.finish_signed_report",
}
# The session key under which a refused signature sends the form back with its errors:
# {"pending": id, "errors": {field: [messages]}, "message": text}.
RETURN_SESSION_KEY = "statsbidrag_signing_return"


def form_data_of(request: HttpRequest) -> dict[str, list[str]]:
    """The POSTed form, without the CSRF token, as kept while signing."""
    return {
        name: request.POST.getlist(name) for name in request.POST if name != "csrfmiddlewaretoken"
    }


def start_signing(
    request: HttpRequest, *, kind: str, case: Any, content: dict[str, Any]
) -> HttpResponse:
    """Keep the version to sign and send the submitter to the e-ID broker."""
    pending = services.pending_create(
        user=request.user, kind=kind, case=case, form_data=form_data_of(request), content=content
    )
    return oidc.start_flow(request, purpose="sign", fresh=True, data={"pending": pending.pk})


def finish_signing(request: HttpRequest, flow: dict[str, Any], result: Any) -> HttpResponse:
    """accounts.oidc's callback for a flow whose purpose is signing."""
    pending = services.pending_for(pk=flow.get("pending"), user=request.user)
    if pending is None:
        messages.error(request, _("The signature could not be found. Submit again."))
        return redirect("core:home")
    return import_string(FINISHERS[SignedKind(pending.kind)])(request, pending, result)


def send_back(
    request: HttpRequest, pending: Any, error: Any, to: str, **kwargs: Any
) -> HttpResponse:
    """Back to the form, which shows what was typed and what was wrong (nothing is lost)."""
    errors = getattr(error, "message_dict", None) or {}
    request.session[RETURN_SESSION_KEY] = {
        "pending": pending.pk,
        "errors": errors,
        "message": "" if errors else " ".join(getattr(error, "messages", [str(error)])),
    }
    return redirect(to, **kwargs)


def take_return(request: HttpRequest, kind: str, case: Any) -> tuple[Any, dict, str] | None:
    """The form data and errors of a refused signature of this case, once."""
    value = request.session.get(RETURN_SESSION_KEY)
    if not isinstance(value, dict):
        return None
    pending = services.pending_for(pk=value.get("pending"), user=request.user)
    if pending is None or pending.kind != kind or pending.case_id != case.pk:
        return None
    del request.session[RETURN_SESSION_KEY]
    return pending, value.get("errors") or {}, value.get("message") or ""


def token_claims(id_token: str) -> dict[str, Any]:
    """The ID token's payload as it was received (its signature was verified at signing)."""
    try:
        payload = id_token.split(".")[1]
        decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        claims = json.loads(decoded)
    except (IndexError, ValueError):
        return {}
    return claims if isinstance(claims, dict) else {}


class SignatureCheckView(StaffRequiredMixin, View):
    """/handlaggare/signaturer/<pk>/: who signed what, when and how, and whether the stored
    version still has the hash that was signed (recomputed now)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        signature = get_object_or_404(
            Signature.objects.select_related(
                "signer",
                "requisition__case__grant",
                "requisition__case__region",
                "report_version__report__case__grant",
                "report_version__report__case__region",
            ),
            pk=pk,
        )
        recomputed = services.sha256(services.canonical(services.content_of(signature)))
        claims = token_claims(signature.id_token)
        return render(
            request,
            "signatures/check.html",
            {
                "signature": signature,
                "recomputed": recomputed,
                "matches": recomputed == signature.content_sha256,
                "case": (
                    signature.requisition.case
                    if signature.requisition
                    else signature.report_version.report.case  # type: ignore[union-attr]
                ),
                "token_issuer": claims.get("iss", ""),
                "token_audience": claims.get("aud", ""),
            },
        )
