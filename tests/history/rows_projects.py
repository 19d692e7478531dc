"""History-table rows: projects."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.history.rows_investment import _signed
from tests.history.table import (
    CREATE,
    UPDATE,
    WAN,
    D,
    Service,
    Wrote,
    _department,
    _officer,
    case,
    gone,
    wrote,
)
from zoneops.core.models import User

# --- key projects ----------------------------------------------------------------------


def _office() -> User:
    return _officer("projects", "项目办", "t-office")


def _key_project(w: Any) -> Any:
    from zoneops.projects.tests.factories import key_project

    return key_project(park=w.park_a, owner_enterprise=w.enterprise_x)


@case("projects", "key_project_create")
def _key_project_create(w: Any, fn: Service) -> Wrote:
    office = _office()
    project = fn(
        actor=office,
        name="锂电池扩产项目",
        year=2024,
        category="industrial",
        level="zone",
        park=w.park_a,
        total_investment=5000 * WAN,
        planned_start=D(2024, 3, 1),
        planned_completion=D(2025, 12, 31),
        plan_months={m: 100 * WAN for m in range(1, 13)},
    )
    return wrote(project, CREATE, office)


@case("handover", "key_project_from_investment")
def _key_project_from_investment(w: Any, fn: Service) -> Wrote:
    p = _signed(w, None)
    project = fn(actor=w.leader, project=p, year=2024, category="industrial", level="zone")
    return wrote(project, CREATE, w.leader)


@case("projects", "key_project_update")
def _key_project_update(w: Any, fn: Service) -> Wrote:
    office = _office()
    project = _key_project(w)
    fn(actor=office, project=project, data={"name": "锂电池扩产二期"})
    return wrote(project, UPDATE, office)


@case("projects", "member_set")
def _member_set(w: Any, fn: Service) -> Wrote:
    office = _office()
    member = fn(actor=office, project=_key_project(w), user=w.task_force, role="member")
    return wrote(member, CREATE, office)


@case("projects", "member_remove")
def _member_remove(w: Any, fn: Service) -> Wrote:
    from zoneops.projects import services

    office = _office()
    member = services.member_set(
        actor=None, project=_key_project(w), user=w.task_force, role="member", check=False
    )
    expected = gone(member)
    fn(actor=office, member=member)
    return expected(office)


@case("projects", "funding_save")
def _funding_save(w: Any, fn: Service) -> Wrote:
    office = _office()
    funding = fn(
        actor=office,
        project=_key_project(w),
        data={"kind": "own_funds", "year": 2024, "requested": 1000 * WAN},
    )
    return wrote(funding, CREATE, office)


@case("projects", "funding_delete")
def _funding_delete(w: Any, fn: Service) -> Wrote:
    from zoneops.projects import services

    office = _office()
    funding = services.funding_save(
        actor=None,
        project=_key_project(w),
        data={"kind": "loans", "year": 2024, "requested": 1000 * WAN},
        check=False,
    )
    expected = gone(funding)
    fn(actor=office, funding=funding)
    return expected(office)


def _ledger(w: Any) -> Any:
    from zoneops.projects import services

    return services.ledger_update_save(
        actor=None,
        project=_key_project(w),
        month=D(2024, 1, 1),
        investment=80 * WAN,
        progress="主体结构施工",
        check=False,
    )


@case("projects", "ledger_update_save")
def _ledger_update_save(w: Any, fn: Service) -> Wrote:
    office = _office()
    update = fn(
        actor=office,
        project=_key_project(w),
        month=D(2024, 2, 1),
        investment=90 * WAN,
        progress="设备安装",
    )
    return wrote(update, CREATE, office)


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@case("projects", "attachment_add")
def _project_attachment_add(w: Any, fn: Service) -> Wrote:
    office = _office()
    attachment = fn(
        actor=office,
        update=_ledger(w),
        kind="photo",
        upload=SimpleUploadedFile("现场.png", PNG, "image/png"),
    )
    return wrote(attachment, CREATE, office)


def _problem(w: Any) -> Any:
    from zoneops.projects import services

    return services.problem_raise(
        actor=None,
        project=_key_project(w),
        data={
            "description": "用地指标未落实",
            "department": _department("projects", "项目办"),
            "deadline": D(2024, 5, 1),
            "raised_on": D(2024, 1, 5),
        },
        check=False,
    )


@case("projects", "problem_raise")
def _problem_raise(w: Any, fn: Service) -> Wrote:
    office = _office()
    problem = fn(
        actor=office,
        project=_key_project(w),
        data={
            "description": "施工用电未接入",
            "department": _department("projects", "项目办"),
            "deadline": D(2024, 5, 1),
            "raised_on": D(2024, 1, 5),
        },
    )
    return wrote(problem, CREATE, office)


@case("projects", "problem_resolve")
def _problem_resolve(w: Any, fn: Service) -> Wrote:
    office = _office()
    problem = _problem(w)
    fn(actor=office, problem=problem, resolution="已协调", resolved_on=D(2024, 2, 1))
    return wrote(problem, UPDATE, office)


@case("projects", "warning_rules_save")
def _warning_rules_save(w: Any, fn: Service) -> Wrote:
    office = _office()
    rules = fn(actor=office, data={"lag_points": 15, "update_day": 5})
    return wrote(rules, CREATE, office)  # the defaults, until someone sets them
