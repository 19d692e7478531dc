"""Project approvals as JSON, under /api/projects/approvals/. Thin: parse, call a query or a
service, answer. Scope is the pages': a matrix is visible exactly when its key project is;
anything out of scope is 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from zoneops.approvals import clocks, queries, services
from zoneops.approvals.models import ApprovalItem, ApprovalMatrix, ApprovalTemplate, Intake
from zoneops.core.bounds import Bound, Id
from zoneops.core.models import Department, User
from zoneops.core.navigation import require_module
from zoneops.core.pagination import Pagination
from zoneops.core.schemas import ErrorOut, InputSchema
from zoneops.enterprises.queries import enterprise_list
from zoneops.projects.public import project_list

router = Router(tags=["approvals"])
StatusIn = Literal["not_applied", "preparing", "accepted", "correcting", "concluded", "refused"]


def _user(request: HttpRequest) -> User:
    require_module(request.user, "approvals")
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


class TemplateItemOut(Schema):
    id: int
    stage: int
    order: int
    name: str
    department: str = Field(..., alias="department.name")
    limit_days: int
    materials: list[str]

    @staticmethod
    def resolve_materials(obj: Any) -> list[str]:
        return [line for line in obj.materials.splitlines() if line.strip()]


class TemplateOut(Schema):
    id: int
    code: str
    name: str
    project_type: str
    variant: str
    target_days: int
    items: list[TemplateItemOut]

    @staticmethod
    def resolve_items(obj: ApprovalTemplate) -> list[Any]:
        return list(obj.items.all())


@router.get("/templates", response=list[TemplateOut])
@paginate(Pagination)
def approval_template_list(request: HttpRequest) -> Any:
    return queries.template_list(user=_user(request))


class ItemOut(Schema):
    id: int
    matrix_id: int
    stage: int
    order: int
    name: str
    department: str = Field(..., alias="department.name")
    department_code: str = Field(..., alias="department.code")
    limit_days: int
    status: str
    accepted_on: dt.date | None
    concluded_on: dt.date | None
    excluded_days: int
    document_number: str
    helper: str | None = Field(None, alias="helper.username")
    note: str
    materials: list[str]
    problem_id: int | None
    counted_days: int | None = None
    due_on: dt.date | None = None
    overdue: bool = False

    @staticmethod
    def resolve_materials(obj: ApprovalItem) -> list[str]:
        return obj.material_list()


def _item_out(item: ApprovalItem, calendar: clocks.Calendar, today: dt.date) -> ApprovalItem:
    """The item with its clock's figures set on it, for :class:`ItemOut`."""
    clock = clocks.item_clock(item, calendar, today)
    item.counted_days = clock.counted_days  # type: ignore[attr-defined]
    item.due_on = clock.due_on  # type: ignore[attr-defined]
    item.overdue = clock.overdue  # type: ignore[attr-defined]
    return item


class WarningOut(Schema):
    kind: str
    message: str
    item_id: int | None


class MatrixOut(Schema):
    id: int
    key_project_id: int
    key_project: str = Field(..., alias="key_project.name")
    template: str = Field(..., alias="template.code")
    project_code: str
    land_ready: bool
    target_days: int


class MatrixDetailOut(MatrixOut):
    current_stage: int | None
    flow_days: int | None
    items: list[ItemOut]
    warnings: list[WarningOut]


def _detail(matrix: ApprovalMatrix) -> dict[str, Any]:
    calendar, today = clocks.Calendar.load(), queries.as_of()
    view = queries.matrix_view(matrix, calendar=calendar, today=today)
    return {
        "id": matrix.pk,
        "key_project_id": matrix.key_project_id,
        "key_project": {"name": matrix.key_project.name},
        "template": {"code": matrix.template.code},
        "project_code": matrix.project_code,
        "land_ready": matrix.land_ready,
        "target_days": matrix.target_days,
        "current_stage": view.current_stage,
        "flow_days": view.clock.days,
        "items": [_item_out(r.item, calendar, today) for s in view.stages for r in s.rows],
        "warnings": [
            {"kind": w.kind, "message": w.message, "item_id": w.item_id} for w in view.warnings
        ],
    }


@router.get("/matrices", response=list[MatrixOut])
@paginate(Pagination)
def approval_matrix_list(request: HttpRequest) -> Any:
    return queries.matrix_list(user=_user(request))


@router.get("/matrices/{matrix_id}", response=MatrixDetailOut)
def approval_matrix_detail(request: HttpRequest, matrix_id: int) -> Any:
    return _detail(get_object_or_404(queries.matrix_list(user=_user(request)), pk=matrix_id))


class MatrixIn(InputSchema):
    key_project_id: Id
    template_code: str = Field(..., max_length=40)
    project_code: str = Field("", max_length=24)


@router.post("/matrices", response={201: MatrixDetailOut, 403: ErrorOut, 422: ErrorOut})
def approval_matrix_create(request: HttpRequest, body: MatrixIn) -> Any:
    user = _user(request)
    project = get_object_or_404(project_list(user=user), pk=body.key_project_id)
    template = ApprovalTemplate.objects.filter(code=body.template_code).first()
    if template is None:
        raise HttpError(422, f"template_code: 不存在“{body.template_code}”")

    def create() -> Any:
        made = services.matrix_create(
            actor=user, key_project=project, template=template, project_code=body.project_code
        )
        return Status(201, _detail(get_object_or_404(queries.matrix_list(user=user), pk=made.pk)))

    return _call(create)


class ItemIn(InputSchema):
    status: StatusIn | None = None
    accepted_on: Annotated[dt.date, Bound(ApprovalItem, "accepted_on")] | None = None
    concluded_on: Annotated[dt.date, Bound(ApprovalItem, "concluded_on")] | None = None
    excluded_days: Annotated[int, Bound(ApprovalItem, "excluded_days")] | None = None
    document_number: str | None = Field(None, max_length=100)
    department_code: str | None = Field(None, max_length=30)
    helper_username: str | None = Field(None, max_length=150)
    note: str | None = Field(None, max_length=200)


@router.patch("/items/{item_id}", response={200: ItemOut, 403: ErrorOut, 422: ErrorOut})
def approval_item_update(request: HttpRequest, item_id: int, body: ItemIn) -> Any:
    """Change where an item stands; fields left out stay as they are."""
    user = _user(request)
    item = get_object_or_404(queries.item_list(user=user), pk=item_id)
    data = body.model_dump(exclude_unset=True)
    if "department_code" in data:
        code = data.pop("department_code")
        department = Department.objects.filter(code=code).first()
        if department is None:
            raise HttpError(422, f"department_code: 不存在“{code}”")
        data["department"] = department
    if "helper_username" in data:
        name = data.pop("helper_username")
        data["helper"] = User.objects.filter(username=name).first() if name else None
        if name and data["helper"] is None:
            raise HttpError(422, f"helper_username: 不存在“{name}”")
    for key in ("document_number", "note"):
        if key in data and data[key] is None:
            data[key] = ""

    def update() -> Any:
        services.item_update(actor=user, item=item, data=data)
        return _item_out(item, clocks.Calendar.load(), queries.as_of())

    return _call(update)


class IntakeOut(Schema):
    id: int
    item_id: int
    enterprise_id: int
    received_on: dt.date
    materials_checked: list[str]
    complete: bool
    note: str
    appeal_number: str | None = Field(None, alias="appeal.number")


class IntakeIn(InputSchema):
    item_id: Id
    enterprise_id: Id
    materials_checked: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, max_length=50
    )
    note: str = Field("", max_length=200)


@router.get("/intakes", response=list[IntakeOut])
@paginate(Pagination)
def approval_intake_list(request: HttpRequest) -> Any:
    return queries.intake_list(user=_user(request))


@router.post("/intakes", response={201: IntakeOut, 403: ErrorOut, 422: ErrorOut})
def approval_intake_create(request: HttpRequest, body: IntakeIn) -> Any:
    """一窗受理: tick the item's materials and hand it over to its department (as an appeal)."""
    user = _user(request)
    item = get_object_or_404(queries.item_list(user=user), pk=body.item_id)
    enterprise = get_object_or_404(enterprise_list(user=user), pk=body.enterprise_id)

    def create() -> Any:
        made: Intake = services.intake_create(
            actor=user,
            item=item,
            enterprise=enterprise,
            materials_checked=body.materials_checked,
            note=body.note,
        )
        return Status(201, made)

    return _call(create)
