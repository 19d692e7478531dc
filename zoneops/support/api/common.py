"""What every part of the enterprise-services API shares: its router and two answers."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Status

from zoneops.core.http import AuthedRequest
from zoneops.core.navigation import module_allowed

router = Router(tags=["support"])


def require_module(request: AuthedRequest, key: str) -> None:
    """A module the caller's role may not use answers 404, as its pages do."""
    if not module_allowed(request.user, key):
        raise Http404


def refused(exc: ValidationError) -> Any:
    """A 422 naming each field's errors."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return Status(422, {"detail": "数据有误", "errors": errors})
