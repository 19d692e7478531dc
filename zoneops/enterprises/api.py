"""The registry as JSON. Thin: parse, call a query or a service, answer."""

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from zoneops.core.bounds import Bound, Id
from zoneops.core.http import AuthedRequest
from zoneops.core.pagination import Pagination
from zoneops.core.permissions import can_edit_in_park, can_edit_registry
from zoneops.core.schemas import ErrorOut, InputSchema
from zoneops.enterprises import queries, services
from zoneops.enterprises.forms import EnterpriseForm
from zoneops.enterprises.models import Enterprise, IndustryLevel

router = Router(tags=["enterprises"])


class TagOut(Schema):
    code: str
    name: str


class ChainPlaceOut(Schema):
    chain_id: int
    chain: str = Field(..., alias="chain.name")
    node: str | None = Field(None, alias="node.name")
    role: str


class EnterpriseOut(Schema):
    id: int
    credit_code: str
    name: str
    park_id: Id
    park: str = Field(..., alias="park.name")
    industry_code: str = Field(..., alias="industry.code")
    industry: str = Field(..., alias="industry.name")
    is_above_scale: bool
    above_scale_since: dt.date | None
    status: str
    address: str
    legal_representative: str
    established_on: dt.date | None
    service_officer_id: int | None
    tags: list[TagOut]
    chains: list[ChainPlaceOut] = Field(..., alias="chain_memberships")

    @staticmethod
    def resolve_tags(obj: Enterprise) -> list[Any]:
        return list(obj.tags.all())

    @staticmethod
    def resolve_chains(obj: Enterprise) -> list[Any]:
        return list(obj.chain_memberships.all())


class EnterpriseIn(InputSchema):
    credit_code: str
    name: str
    park_id: Id
    industry_code: str
    is_above_scale: bool = False
    above_scale_since: Annotated[dt.date, Bound(Enterprise, "above_scale_since")] | None = None
    status: Literal["operating", "stopped", "closed"] = "operating"
    address: str = ""
    legal_representative: str = ""
    established_on: Annotated[dt.date, Bound(Enterprise, "established_on")] | None = None
    service_officer_id: Id | None = None
    tags: list[str] = []


class EnterprisePatch(InputSchema):
    credit_code: str | None = None
    name: str | None = None
    park_id: Id | None = None
    industry_code: str | None = None
    is_above_scale: bool | None = None
    above_scale_since: Annotated[dt.date, Bound(Enterprise, "above_scale_since")] | None = None
    status: Literal["operating", "stopped", "closed"] | None = None
    address: str | None = None
    legal_representative: str | None = None
    established_on: Annotated[dt.date, Bound(Enterprise, "established_on")] | None = None
    service_officer_id: Id | None = None
    tags: list[str] | None = None


class EnterpriseFilters(InputSchema):
    q: str = ""
    park: Id | None = None
    industry: str = ""
    chain: Id | None = None
    tag: str = ""
    scale: Literal["", "above", "below"] = ""
    status: Literal["", "operating", "stopped", "closed"] = ""
    sort: str = "name"


def _form_data(payload: dict[str, Any], instance: Enterprise | None) -> dict[str, Any]:
    """Map the API's field names onto the form's, starting from the current values on PATCH."""
    data: dict[str, Any] = {}
    if instance is not None:
        data = {
            "credit_code": instance.credit_code,
            "name": instance.name,
            "park": instance.park_id,
            "industry": instance.industry.code,
            "is_above_scale": instance.is_above_scale,
            "above_scale_since": instance.above_scale_since,
            "status": instance.status,
            "address": instance.address,
            "legal_representative": instance.legal_representative,
            "established_on": instance.established_on,
            "service_officer": instance.service_officer_id,
            "tags": [t.pk for t in instance.tags.all()],
        }
    renames = {
        "park_id": "park",
        "industry_code": "industry",
        "service_officer_id": "service_officer",
    }
    for key, value in payload.items():
        if key == "tags":
            from zoneops.enterprises.models import Tag

            codes = set(value or [])
            found = list(Tag.objects.filter(code__in=codes))
            unknown = codes - {t.code for t in found}
            if unknown:
                raise HttpError(422, "未知标签：" + "、".join(sorted(unknown)))
            data["tags"] = [t.pk for t in found]
        else:
            data[renames.get(key, key)] = value
    if not data.get("is_above_scale"):
        data["above_scale_since"] = None
    return {k: ("" if v is None else v) for k, v in data.items()}


def _save(request: AuthedRequest, payload: dict[str, Any], instance: Enterprise | None) -> Any:
    # Whose action this is comes before what the body says (the form would name the park).
    allowed = (
        can_edit_registry(request.user)
        if instance is None
        else can_edit_in_park(request.user, instance.park_id)
    )
    if not allowed:
        raise HttpError(403, "无权进行此操作")
    form = EnterpriseForm(_form_data(payload, instance), instance=instance, actor=request.user)
    if not form.is_valid():
        return Status(
            422,
            {
                "detail": "数据有误",
                "errors": {k: [str(m) for m in v] for k, v in form.errors.items()},
            },
        )
    try:
        if instance is None:
            enterprise = services.enterprise_create(
                actor=request.user, data=form.service_data(), tags=form.cleaned_data["tags"]
            )
        else:
            enterprise, _ = services.enterprise_update(
                actor=request.user,
                enterprise=instance,
                data=form.service_data(),
                tags=form.cleaned_data["tags"],
            )
    except PermissionDenied as exc:
        raise HttpError(403, "无权进行此操作") from exc
    return Status(
        200 if instance else 201, queries.enterprise_list(user=request.user).get(pk=enterprise.pk)
    )


@router.get("/enterprises", response=list[EnterpriseOut])
@paginate(Pagination)
def enterprise_list(request: AuthedRequest, filters: Query[EnterpriseFilters]) -> Any:
    return queries.enterprise_list(
        user=request.user, filters=queries.EnterpriseFilter(**filters.model_dump())
    )


@router.post("/enterprises", response={201: EnterpriseOut, 403: ErrorOut, 422: ErrorOut})
def enterprise_create(request: AuthedRequest, body: EnterpriseIn) -> Any:
    return _save(request, body.model_dump(), None)


@router.get("/enterprises/{enterprise_id}", response=EnterpriseOut)
def enterprise_detail(request: AuthedRequest, enterprise_id: int) -> Any:
    return get_object_or_404(queries.enterprise_list(user=request.user), pk=enterprise_id)


@router.patch(
    "/enterprises/{enterprise_id}",
    response={200: EnterpriseOut, 403: ErrorOut, 422: ErrorOut},
)
def enterprise_patch(request: AuthedRequest, enterprise_id: int, body: EnterprisePatch) -> Any:
    enterprise = get_object_or_404(queries.enterprise_list(user=request.user), pk=enterprise_id)
    return _save(request, body.model_dump(exclude_unset=True), enterprise)


class IndustryOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None = Field(None, alias="parent.code")

    @staticmethod
    def resolve_level(obj: Any) -> str:
        return str(IndustryLevel(obj.level).label)


LEVELS = {
    "门类": 1,
    "大类": 2,
    "中类": 3,
    "小类": 4,
    "section": 1,
    "division": 2,
    "group": 3,
    "class": 4,
}


@router.get("/industries", response=list[IndustryOut], tags=["reference"])
@paginate(Pagination)
def industry_list(
    request: AuthedRequest,
    level: Literal["门类", "大类", "中类", "小类", "section", "division", "group", "class"]
    | None = None,
    parent: str = "",
    q: str = "",
) -> Any:
    return queries.industry_list(
        user=request.user, level=LEVELS[level] if level else None, parent=parent, q=q
    )


class NodeOut(Schema):
    id: int
    name: str
    segment: str


class ChainOut(Schema):
    id: int
    name: str
    leader_name: str
    leader_title: str
    enterprise_count: int
    owner_count: int
    nodes: list[NodeOut]

    @staticmethod
    def resolve_nodes(obj: Any) -> list[Any]:
        return list(obj.nodes.all())


@router.get("/chains", response=list[ChainOut])
@paginate(Pagination)
def chain_list(request: AuthedRequest) -> Any:
    return queries.chain_list(user=request.user)
