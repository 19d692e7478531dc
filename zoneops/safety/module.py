"""What 安全生产 adds: its pages, API, menu entry, home panel, import kind and daily job."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from zoneops.core.exports import DOCX, ExportKind
from zoneops.core.house import AppModule, HomePanel
from zoneops.core.models import Role
from zoneops.core.navigation import OFFICERS, Module
from zoneops.core.schedules import Job, daily

SAFETY_DEPARTMENT = "safety"


def _works_safety(user: Any) -> bool:
    """Among the departments, the safety bureau (others reach safety through the leaders)."""
    if user.role != Role.DEPARTMENT_OFFICER:
        return True
    return user.department_id is not None and user.department.code == SAFETY_DEPARTMENT


MODULE = AppModule(
    urls="zoneops.safety.urls",
    api="zoneops.safety.api:router",
    api_prefix="/safety/",
    menu=(
        Module(
            "safety",
            _("安全生产"),
            "safety:home",
            "shield-check",
            OFFICERS | {Role.ENTERPRISE, Role.GRID_MEMBER},
            allows=_works_safety,
            order=60,
        ),
    ),
    panels=(HomePanel("safety", "safety/_home.html", "zoneops.safety.queries:home_panel"),),
    import_kinds=("zoneops.safety.importers", "zoneops.safety.risk_import"),
    # 现场检查记录, 责令限期整改指令书, 整改复查意见书 (documents.py), written on the worker.
    export_kinds=(
        ExportKind(
            "safety.document",
            _("安全生产执法文书（Word）"),
            "zoneops.safety.documents:write",
            allowed="zoneops.safety.documents:allowed",
            content_type=DOCX,
            extension=".docx",
        ),
        # 安全生产周报 (bulletin.py): the Word bulletin on the worker, its table inline.
        ExportKind(
            "safety.bulletin",
            _("安全生产周报（Word）"),
            "zoneops.safety.bulletin:write_document",
            allowed="zoneops.safety.bulletin:allowed",
            content_type=DOCX,
            extension=".docx",
        ),
        ExportKind(
            "safety.bulletin_xlsx",
            _("安全生产周报统计表（Excel）"),
            "zoneops.safety.bulletin:write_xlsx",
            count="zoneops.safety.bulletin:count",
            allowed="zoneops.safety.bulletin:allowed",
        ),
    ),
    jobs=(
        Job(
            "safety.deadlines",
            _("隐患整改到期提醒与逾期督办"),
            "zoneops.safety.jobs:deadlines",
            daily(7, 20),
            counts={
                "checked": _("检查隐患"),
                "reminded": _("发出提醒"),
                "escalated": _("升级督办"),
            },
        ),
        Job(
            "safety.drills",
            _("应急演练频次与预案有效期提醒"),
            "zoneops.safety.jobs:drills",
            daily(7, 30),
            counts={
                "late": _("演练逾期"),
                "expiring": _("预案到期"),
                "reminded": _("发出提醒"),
            },
        ),
        Job(
            "safety.plan_rounds",
            _("循环检查计划生成下一轮"),
            "zoneops.safety.jobs:plan_rounds",
            daily(7, 40),
            counts={"created": _("生成计划"), "skipped": _("范围内无企业")},
        ),
    ),
)
