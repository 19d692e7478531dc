"""What the key-project API's modules share: the caller, the project a caller may see, refusals
as 403 and invalid values as 422, and the bounded types of its bodies."""

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Literal, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Status
from ninja.errors import HttpError

from zoneops.core.models import User
from zoneops.core.navigation import require_module
from zoneops.projects import queries
from zoneops.projects.models import KeyProject

Money = Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)]
Year = Annotated[int, Field(ge=2000, le=2100)]
CategoryIn = Literal["industrial", "infrastructure", "park_upgrading"]
LevelIn = Literal["province", "city", "zone"]
StatusIn = Literal["planned", "building", "completed", "suspended"]
NatureIn = Literal["new", "continuing"]
RoleIn = Literal["head", "deputy", "liaison", "member"]
FundingKindIn = Literal[
    "central_budget", "province_budget", "special_bonds", "general_bonds", "own_funds", "loans"
]


def _user(request: HttpRequest) -> User:
    """The signed-in caller: the API lets no anonymous request through."""
    return cast(User, request.user)


def _call(action: Callable[[], Any]) -> Any:
    """Run a service: refusals become 403, invalid values 422 naming the fields."""
    try:
        return action()
    except PermissionDenied as exc:
        raise HttpError(403, "无权进行此操作") from exc
    except ValidationError as exc:
        errors = (
            {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
            if hasattr(exc, "error_dict")
            else {"__all__": [str(m) for m in exc.messages]}
        )
        return Status(422, {"detail": "数据有误", "errors": errors})


def _visible(request: HttpRequest, project_id: int) -> KeyProject:
    require_module(_user(request), "projects")
    return get_object_or_404(queries.project_detail_queryset(user=_user(request)), pk=project_id)
