"""The yearly plan of key projects, on the shared import engine (:mod:`zoneops.core.imports`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zoneops.core.imports.registry import ImportKind, register
from zoneops.projects.importers.plan import PlanSpec
from zoneops.projects.permissions import can_manage_plan

__all__ = ["PlanSpec"]

register(
    ImportKind(
        key="key_projects",
        label=_("重点项目计划表"),
        spec=PlanSpec,
        allowed=can_manage_plan,
        description=_(
            "按“年度 + 项目名称”匹配：已有的项目更新，新的项目列入计划。导出的计划表可直接导入；"
            "本年计划投资按月填在合并表头下的“1月”至“12月”列，金额单位为万元。"
        ),
    )
)
