"""Imports of the monthly ledgers, on the shared engine (:mod:`zoneops.core.imports`): the
enterprises' monthly figures (:mod:`.monthly`) and the grid company's electricity ledger
(:mod:`.electricity`), both read in the layouts staff keep (:mod:`.layout`).

The app's ``module.py`` names this module (and the province table's,
:mod:`zoneops.monitoring.province.importer`) in ``import_kinds``; importing each registers its
kinds.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _lazy

from zoneops.core.imports.registry import ImportKind, register
from zoneops.monitoring.permissions import can_review_any
from zoneops.monitoring.reports.importers.electricity import ElectricitySpec
from zoneops.monitoring.reports.importers.monthly import MonthlySpec

__all__ = ["ElectricitySpec", "MonthlySpec", "can_import_reports"]


def can_import_reports(user: Any) -> bool:
    """Who may import monthly figures: those who review reports — the economy office and
    administrators for the whole zone, park officers for their parks' enterprises (each row is
    checked against the park of its enterprise)."""
    return can_review_any(user)


register(
    ImportKind(
        key="monthly",
        options=("period",),
        label=_lazy("月度经济指标（企业月报）"),
        spec=MonthlySpec,
        allowed=can_import_reports,
        description=_lazy(
            "一行一家企业：企业名称（或统一社会信用代码）和各指标的 本月 / 1—本月累计 / "
            "上年同期累计，可为两行合并表头。报告期写在标题中（如“2024年3月”“2024年1—2月”）；"
            "单位取表头或“单位：千元、万千瓦时”一行，未写明时按报表单位（金额千元、用电量"
            "万千瓦时、人数人）。合计、小计行自动跳过；企业须已在企业库中，不会自动新建。"
        ),
    )
)
register(
    ImportKind(
        key="electricity",
        options=("period",),
        label=_lazy("电网用电量台账"),
        spec=ElectricitySpec,
        allowed=can_import_reports,
        description=_lazy(
            "电网公司的月度用电台账：户号、用电量（须写明单位，如“用电量（千瓦时）”），可有"
            "户名、统一社会信用代码。按已维护的用电户号对应企业，同一企业的多个户号合计；"
            "未维护的户号可由文件中的统一社会信用代码新建对应。报告期写在标题中。"
        ),
    )
)
