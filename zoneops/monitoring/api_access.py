"""What the app's API modules share: who may use the 经济运行 API, and the period a request
names."""

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja.errors import HttpError

from zoneops.core.models import Role, User
from zoneops.core.navigation import module_allowed
from zoneops.monitoring.models import ReportingPeriod
from zoneops.monitoring.periods import parse_period


def require_user(request: HttpRequest, *, enterprise_ok: bool = False) -> Any:
    """The user, if the 经济运行 module is theirs (or, where allowed, they are an enterprise)."""
    user = cast(User, request.user)
    if enterprise_ok and getattr(user, "role", None) == Role.ENTERPRISE:
        return user
    if not module_allowed(user, "monitoring"):
        raise HttpError(404, "Not Found")
    return user


def period_or_404(text: str) -> ReportingPeriod:
    """The period ``YYYY-MM`` names: 422 when the text is not a period, 404 when there is none."""
    try:
        year, month = parse_period(text)
    except Exception as exc:
        message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        raise HttpError(422, message) from exc
    return get_object_or_404(ReportingPeriod, year=year, month=month)
