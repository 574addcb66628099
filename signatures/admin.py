from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import PendingSignature, Signature


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["signed_at", "kind", "signer_name", "acr"]
    list_filter = ["kind"]
    exclude = ["personnummer"]  # the masked number is on the check page


@admin.register(PendingSignature)
class PendingSignatureAdmin(ReadOnlyAdmin):
    keep_pages = False  # written without an audit event: the signature is the record
    list_display = ["created_at", "kind", "user", "used_at"]
    list_filter = ["kind"]
