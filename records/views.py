"""Serving kept documents to those who may see the case they belong to."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404

from accounts.permissions import can_view_document

from .models import Document


@login_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_object_or_404(Document.objects.defer("content"), pk=pk)
    if not can_view_document(request.user, doc):
        raise PermissionDenied
    # Asked after the permission check, so an outsider learns nothing from the method either.
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    content = Document.objects.values_list("content", flat=True).get(pk=pk)
    response = HttpResponse(bytes(content), content_type=doc.content_type)
    response["Content-Disposition"] = f'inline; filename="{doc.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
