"""Innovation as JSON, under /api/innovation/: platforms, recognitions and talents. Scope is
the enterprise's; anything out of scope is 404. A talent's ID number is masked for everyone
but those who keep the talent records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Literal, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from zoneops.core.bounds import Bound, Id
from zoneops.core.models import User
from zoneops.core.navigation import require_module
from zoneops.core.pagination import Pagination
from zoneops.core.schemas import ErrorOut, InputSchema
from zoneops.enterprises.queries import enterprise_list
from zoneops.innovation import queries, services
from zoneops.innovation.models import PLATFORMS, Recognition, Talent
from zoneops.innovation.permissions import can_manage_talents

router = Router(tags=["innovation"])
KindIn = Literal[
    "key_lab",
    "engineering_centre",
    "enterprise_centre",
    "new_rd",
    "high_tech",
    "tech_sme",
    "innovative_sme",
    "specialised",
    "little_giant",
]
LevelIn = Literal["national", "province", "city"]
StatusIn = Literal["applying", "notice", "valid", "reviewing", "expired", "revoked"]


def _user(request: HttpRequest) -> User:
    require_module(request.user, "innovation")
    return cast(User, request.user)


def _call(action: Callable[[], Any]) -> Any:
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


class RecognitionOut(Schema):
    id: int
    enterprise_id: int
    enterprise: str = Field(..., alias="enterprise.name")
    kind: str
    level: str
    name: str
    recognised_by: str
    document_number: str
    certificate_number: str
    issued_on: dt.date
    valid_until: dt.date | None
    review_years: int | None
    edition: str
    status: str


@router.get("/recognitions", response=list[RecognitionOut])
@paginate(Pagination)
def innovation_recognition_list(request: HttpRequest) -> Any:
    return queries.recognition_list(user=_user(request))


@router.get("/platforms", response=list[RecognitionOut])
@paginate(Pagination)
def innovation_platform_list(request: HttpRequest) -> Any:
    return queries.recognition_list(user=_user(request)).filter(kind__in=PLATFORMS)


@router.get("/recognitions/{recognition_id}", response=RecognitionOut)
def innovation_recognition_detail(request: HttpRequest, recognition_id: int) -> Any:
    return get_object_or_404(queries.recognition_list(user=_user(request)), pk=recognition_id)


class RecognitionIn(InputSchema):
    enterprise_id: Id
    kind: KindIn
    level: LevelIn
    name: str = Field("", max_length=200)
    recognised_by: str = Field("", max_length=100)
    document_number: str = Field("", max_length=100)
    certificate_number: str = Field("", max_length=100)
    issued_on: Annotated[dt.date, Bound(Recognition, "issued_on")]
    valid_until: Annotated[dt.date, Bound(Recognition, "valid_until")] | None = None
    review_years: Annotated[int, Bound(Recognition, "review_years")] | None = None
    edition: str = Field("", max_length=20)
    status: StatusIn = "valid"


class RecognitionPatch(InputSchema):
    level: LevelIn | None = None
    name: str | None = Field(None, max_length=200)
    certificate_number: str | None = Field(None, max_length=100)
    valid_until: Annotated[dt.date, Bound(Recognition, "valid_until")] | None = None
    review_years: Annotated[int, Bound(Recognition, "review_years")] | None = None
    status: StatusIn | None = None


@router.post("/recognitions", response={201: RecognitionOut, 403: ErrorOut, 422: ErrorOut})
def innovation_recognition_create(request: HttpRequest, body: RecognitionIn) -> Any:
    user = _user(request)
    data = body.model_dump()
    data["enterprise"] = get_object_or_404(enterprise_list(user=user), pk=data.pop("enterprise_id"))
    return _call(lambda: Status(201, services.recognition_save(actor=user, data=data)))


@router.patch(
    "/recognitions/{recognition_id}", response={200: RecognitionOut, 403: ErrorOut, 422: ErrorOut}
)
def innovation_recognition_patch(
    request: HttpRequest, recognition_id: int, body: RecognitionPatch
) -> Any:
    user = _user(request)
    found = get_object_or_404(queries.recognition_list(user=user), pk=recognition_id)
    data = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    return _call(lambda: services.recognition_save(actor=user, data=data, recognition=found))


class TalentOut(Schema):
    id: int
    name: str
    id_number: str
    enterprise_id: int
    programme: str
    tier: str
    mode: str
    year: int
    support: Decimal


class TalentIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=50)
    id_number: str = Field("", max_length=18)
    enterprise_id: Id
    programme: str = Field(..., min_length=1, max_length=100)
    tier: str = Field("", max_length=50)
    mode: Literal["recruited", "home_grown"] = "recruited"
    year: Annotated[int, Bound(Talent, "year")]
    support: Annotated[Decimal, Bound(Talent, "support")] = Decimal(0)


def _talent_out(talent: Talent, full: bool) -> dict[str, Any]:
    return {
        "id": talent.pk,
        "name": talent.name,
        "id_number": talent.id_number if full else talent.masked_id,
        "enterprise_id": talent.enterprise_id,
        "programme": talent.programme,
        "tier": talent.tier,
        "mode": talent.mode,
        "year": talent.year,
        "support": talent.support,
    }


@router.get("/talents", response=list[TalentOut])
@paginate(Pagination)
def innovation_talent_list(request: HttpRequest) -> Any:
    user = _user(request)
    full = can_manage_talents(user)
    return [_talent_out(t, full) for t in queries.talent_list(user=user)]


@router.post("/talents", response={201: TalentOut, 403: ErrorOut, 422: ErrorOut})
def innovation_talent_create(request: HttpRequest, body: TalentIn) -> Any:
    user = _user(request)
    data = body.model_dump()
    data["enterprise"] = get_object_or_404(enterprise_list(user=user), pk=data.pop("enterprise_id"))
    return _call(
        lambda: Status(201, _talent_out(services.talent_save(actor=user, data=data), True))
    )
