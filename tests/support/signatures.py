"""A signature row as signing with e-ID keeps it (signatures/), for the tests that need one to
look at (the permission matrix, the accessibility walk, the auditors' admin site) without
going through the e-ID provider; tests/signatures/ and tests/browser/test_signing.py sign
for real."""

from signatures.models import PendingSignature, Signature
from signatures.services import canonical, pending_create, requisition_content_of, sha256


def signature_for(requisition, signer) -> Signature:
    content = canonical(requisition_content_of(requisition))
    return Signature.objects.create(
        kind="requisition",
        requisition=requisition,
        signer=signer,
        personnummer="199001011239",
        signer_name=signer.full_name or "Sara Representant",
        acr="http://id.elegnamnden.se/loa/1.0/loa3",
        issuer="https://e-id.example.test",
        auth_time=requisition.submitted_at,
        id_token="eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
        content=content,
        content_sha256=sha256(content),
    )


def pending_for(requisition, user) -> PendingSignature:
    return pending_create(
        user=user,
        kind="requisition",
        case=requisition.case,
        form_data={"action": ["submit"]},
        content=requisition_content_of(requisition),
    )
