"""What the investment pages share: the module check, the filters read from a request."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from zoneops.core.models import User
from zoneops.core.navigation import require_module
from zoneops.core.params import query_int, query_parsed
from zoneops.investment.periods import Period, parse_period
from zoneops.investment.queries import ProjectFilter


def enter(request: HttpRequest) -> User:
    """Refuse (404) a user who may not use the module; mark the menu entry. Returns the
    signed-in user (every page here is behind ``login_required``)."""
    user = cast(User, request.user)
    require_module(user, "investment")
    request.nav_module = "investment"  # type: ignore[attr-defined]
    return user


def signed_in(request: HttpRequest) -> User:
    """The signed-in user of a page behind ``login_required``."""
    return cast(User, request.user)


def period_param(request: HttpRequest, name: str = "period") -> Period | None:
    return query_parsed(request, name, parse_period, _("年份或季度，如 2024 或 2024-Q1"))


def project_filters(request: HttpRequest) -> ProjectFilter:
    get = request.GET
    return ProjectFilter(
        q=get.get("q", "").strip(),
        stage=get.get("stage", ""),
        chain=query_int(request, "chain"),
        park=query_int(request, "park"),
        method=get.get("method", ""),
        officer=query_int(request, "officer"),
        origin=get.get("origin", ""),
        signed_in=period_param(request, "signed"),
        industrial=get.get("industrial") == "1",
        assigned=get.get("assigned") == "1",
        sort=get.get("sort", "updated"),
    )


def error_text(problem: ValidationError | Any) -> str:
    """A service's ValidationError, or a form's errors, as one line for a message."""
    if isinstance(problem, ValidationError):
        if not hasattr(problem, "error_dict"):
            return "；".join(str(m) for m in problem.messages)
        problem = problem.message_dict
    return "；".join(str(m) for messages in problem.values() for m in messages)


def attach_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, field by field where the form has it."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
