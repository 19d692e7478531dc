"""What the support pages share: number parsing, the enterprise door, form errors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404

from zoneops.core.http import AuthedRequest
from zoneops.core.navigation import require_module
from zoneops.enterprises import queries as registry
from zoneops.enterprises.models import Enterprise

PAGE_SIZE = 30


def module(request: AuthedRequest, key: str) -> None:
    require_module(request.user, key)
    request.nav_module = key  # type: ignore[attr-defined]


def visible_enterprise(request: AuthedRequest, enterprise_id: int | None) -> Enterprise:
    """An enterprise the user may see, else 404 (the one door for enterprise ids in URLs)."""
    return get_object_or_404(
        registry.enterprise_detail_queryset(user=request.user), pk=enterprise_id
    )


def report_errors(request: AuthedRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def form_errors(form: Any) -> str:
    return "; ".join(" ".join(str(m) for m in v) for v in form.errors.values())
