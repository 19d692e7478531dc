"""A photo of an inspection's finding or a rectification's evidence, served to those who see
the enterprise's safety records (anyone else: 404, like the hazard)."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from zoneops.core.models import User
from zoneops.core.navigation import require_module
from zoneops.safety.models import Photo


@require_safe
@login_required
def photo(request: HttpRequest, photo_id: int) -> FileResponse:
    user = cast(User, request.user)
    require_module(user, "safety")
    found = get_object_or_404(Photo.objects.visible_to(user), pk=photo_id)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=found.content_type, filename=found.name)
    # A stored file is never a page of the site: no scripts, no framing, not cached elsewhere.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, max-age=0"
    return response
