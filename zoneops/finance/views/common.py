from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from zoneops.core.models import User
from zoneops.core.navigation import require_module


def _user(request: HttpRequest) -> User:
    require_module(request.user, "finance")
    request.nav_module = "finance"  # type: ignore[attr-defined]
    return cast(User, request.user)


def _fail(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else str(error))


def _run(request: HttpRequest, form: Any, write: Callable[[dict[str, Any]], object]) -> None:
    """A posted form: its errors, or the service's refusal, as messages; else the write."""
    if not form.is_valid():
        _form_errors(request, form)
        return
    try:
        write(form.cleaned_data)
    except ValidationError as exc:
        _fail(request, exc)
