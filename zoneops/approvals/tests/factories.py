"""Approval fixtures for tests: the departments the shipped templates name, the templates
imported from the shipped file (``zoneops/approvals/data/approval_templates.csv``), and key
projects made through the projects' own services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from zoneops.approvals import services
from zoneops.approvals.importers import TemplateSpec
from zoneops.approvals.models import ApprovalMatrix, ApprovalTemplate
from zoneops.core.imports import engine
from zoneops.core.models import Park
from zoneops.core.tests.factories import DepartmentFactory

TEMPLATES = Path(__file__).resolve().parents[1] / "data" / "approval_templates.csv"
DEPARTMENTS = (
    ("economy", "经济发展局"),
    ("natural_resources", "自然资源分局"),
    ("construction", "规划建设局"),
    ("ecology", "生态环境分局"),
    ("projects", "项目办"),
)


def departments() -> dict[str, Any]:
    return {code: DepartmentFactory(code=code, name=name) for code, name in DEPARTMENTS}


def import_templates(actor: Any = None, data: bytes | None = None, name: str = "模板.csv") -> Any:
    departments()
    return engine.run(
        TemplateSpec(),
        data if data is not None else TEMPLATES.read_bytes(),
        actor=actor,
        dry_run=False,
        filename=name,
    )


def key_project(
    *, park: Park, name: str = "测试报建项目", members: tuple[Any, ...] = (), **extra: Any
) -> Any:
    from zoneops.projects import public as projects

    project = projects.key_project_create(
        None,
        name=name,
        year=2024,
        category="industrial",
        level="zone",
        park=park,
        total_investment=Decimal(100_000_000),
        check=False,
        **extra,
    )
    for user in members:
        projects.member_set(actor=None, project=project, user=user, role="member", check=False)
    return project


def matrix(*, park: Park, template: str = "ENT-FILING", **kwargs: Any) -> ApprovalMatrix:
    if not ApprovalTemplate.objects.exists():
        import_templates()
    project = key_project(park=park, **kwargs)
    return services.matrix_create(
        actor=None,
        key_project=project,
        template=ApprovalTemplate.objects.get(code=template),
        check=False,
    )


def accept(item: Any, on: dt.date, **data: Any) -> Any:
    return services.item_update(
        actor=None,
        item=item,
        data={"status": "accepted", "accepted_on": on, **data},
        today=on,
        check=False,
    )
