"""History-table rows: approvals (templates, a key project's approval matrix, 一窗受理)."""

from __future__ import annotations

from typing import Any

from tests.history.rows_projects import _key_project, _office
from tests.history.table import CREATE, UPDATE, Service, Wrote, _department, _officer, case, wrote

# --- templates -------------------------------------------------------------------------

FIELDS = {"name": "企业投资备案项目审批流程", "project_type": "filing", "target_days": 30}


def _items() -> list[Any]:
    from zoneops.approvals.services import ItemData

    office = _department("projects", "项目办")
    return [
        ItemData(
            stage=1,
            order=1,
            name="企业投资项目备案",
            department=office,
            limit_days=1,
            materials="备案申请表\n营业执照",
        ),
        ItemData(
            stage=3,
            order=1,
            name="施工许可证",
            department=office,
            limit_days=3,
            materials="施工许可申请表",
        ),
    ]


def _template() -> Any:
    from zoneops.approvals import services

    template, _changed = services.template_import(
        actor=None, code="T-FILING", fields=FIELDS, items=_items(), check=False
    )
    return template


@case("approvals", "template_import")
def _template_import(w: Any, fn: Service) -> Wrote:
    office = _office()
    template, changed = fn(actor=office, code="T-FILING", fields=FIELDS, items=_items())
    assert changed
    return wrote(template, CREATE, office)


@case("approvals", "template_item_save")
def _template_item_save(w: Any, fn: Service) -> Wrote:
    office = _office()
    item = _template().items.get(name="施工许可证")
    fn(actor=office, item=item, data={"limit_days": 5})
    return wrote(item, UPDATE, office)


# --- matrices --------------------------------------------------------------------------


def _matrix(w: Any) -> Any:
    from zoneops.approvals import services

    return services.matrix_create(
        actor=None, key_project=_key_project(w), template=_template(), check=False
    )


@case("approvals", "matrix_create")
def _matrix_create(w: Any, fn: Service) -> Wrote:
    office = _office()
    matrix = fn(actor=office, key_project=_key_project(w), template=_template())
    return wrote(matrix, CREATE, office)


@case("approvals", "matrix_update")
def _matrix_update(w: Any, fn: Service) -> Wrote:
    office = _office()
    matrix = _matrix(w)
    fn(actor=office, matrix=matrix, data={"target_days": 25})
    return wrote(matrix, UPDATE, office)


@case("approvals", "item_update")
def _item_update(w: Any, fn: Service) -> Wrote:
    import datetime as dt

    office = _office()
    item = _matrix(w).items.get(name="企业投资项目备案")
    day = dt.date(2024, 3, 4)
    fn(actor=office, item=item, data={"status": "accepted", "accepted_on": day}, today=day)
    return wrote(item, UPDATE, office)


@case("approvals", "intake_create")
def _intake_create(w: Any, fn: Service) -> Wrote:
    import datetime as dt

    window = _officer("service", "企业服务中心", "t-window")
    item = _matrix(w).items.get(name="企业投资项目备案")
    intake = fn(
        actor=window,
        item=item,
        enterprise=w.enterprise_x,
        materials_checked=["备案申请表"],
        received_on=dt.date(2024, 3, 4),
    )
    return wrote(intake, CREATE, window)
