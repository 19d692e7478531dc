"""What the investment API's modules share: the caller, the module check, errors as 422, the
period parameter and the project a caller may see."""

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Status
from ninja.errors import HttpError

from zoneops.core.models import User
from zoneops.core.navigation import module_allowed
from zoneops.investment import queries, targets
from zoneops.investment.models import (
    Project,
)
from zoneops.investment.periods import Period, parse_period, period_of


def _enter(request: HttpRequest) -> User:
    """The signed-in caller (the API lets no anonymous request through), 404 outside the
    module."""
    user = cast(User, request.user)
    if not module_allowed(user, "investment"):
        raise HttpError(404, "Not Found")
    return user


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _errors(exc: ValidationError) -> Any:
    if hasattr(exc, "error_dict"):
        errors = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
    return Status(422, {"detail": "数据有误", "errors": errors})


def _period(text: str, request: HttpRequest) -> Period:
    if not text:
        from django.utils import timezone

        return targets.default_period(user=_user(request)) or period_of(timezone.localdate())
    period = parse_period(text)
    if period is None:
        raise HttpError(422, "期间应为 2024 或 2024-Q1")
    return period


def _project(request: HttpRequest, project_id: int) -> Project:
    return get_object_or_404(queries.project_list(user=_enter(request)), pk=project_id)
