"""The yearly plan of key projects and their funding sources, on the shared import engine
(:mod:`zoneops.core.imports`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zoneops.core.imports.registry import ImportKind, register
from zoneops.projects.importers.funding import FundingSpec
from zoneops.projects.importers.plan import PlanSpec
from zoneops.projects.permissions import can_manage_plan

__all__ = ["FundingSpec", "PlanSpec"]

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

register(
    ImportKind(
        key="key_project_funding",
        label=_("重点项目资金来源"),
        spec=FundingSpec,
        allowed=can_manage_plan,
        description=_(
            "每行一笔资金：计划年度、项目名称、资金类别、年度、批次、申请/批复/到位金额（万元）。"
            "计划表导出的第二张表“资金来源”可直接导入。按“项目 + 资金类别 + 年度 + 批次”匹配："
            "已有的更新金额，新的添加，表中没有的保持不变。"
        ),
    )
)
