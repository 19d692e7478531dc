"""What the investment pages share: the module check, the filters read from a request."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from zoneops.core.navigation import require_module
from zoneops.investment.periods import Period, parse_period
from zoneops.investment.queries import ProjectFilter


def enter(request: HttpRequest) -> Any:
    """Refuse (404) a user who may not use the module; mark the menu entry."""
    require_module(request.user, "investment")
    request.nav_module = "investment"  # type: ignore[attr-defined]
    return request.user


def as_int(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def period_param(request: HttpRequest, name: str = "period") -> Period | None:
    return parse_period(request.GET.get(name, ""))


def project_filters(request: HttpRequest) -> ProjectFilter:
    get = request.GET
    return ProjectFilter(
        q=get.get("q", "").strip(),
        stage=get.get("stage", ""),
        chain=as_int(request, "chain"),
        park=as_int(request, "park"),
        method=get.get("method", ""),
        officer=as_int(request, "officer"),
        origin=get.get("origin", ""),
        signed_in=period_param(request, "signed"),
        industrial=get.get("industrial") == "1",
        assigned=get.get("assigned") == "1",
        sort=get.get("sort", "updated"),
    )


def error_text(exc: ValidationError) -> str:
    """A service's ValidationError as one line for a message."""
    if hasattr(exc, "error_dict"):
        return "；".join(str(m) for messages in exc.message_dict.values() for m in messages)
    return "；".join(str(m) for m in exc.messages)
