"""Imports of the enterprise registry, on the shared engine (:mod:`zoneops.core.imports`):
the enterprise list (:mod:`.enterprises`) and the GB/T 4754-2017 table (:mod:`.industries`).

The registry finds this module by name (``<app>.importers``) and registers both kinds here.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _lazy

from zoneops.core.imports.registry import ImportKind, register
from zoneops.core.models import User
from zoneops.core.permissions import can_import
from zoneops.enterprises.classifications.services import can_classify
from zoneops.enterprises.importers.classifications import ClassificationSpec
from zoneops.enterprises.importers.enterprises import EnterpriseImportForm, EnterpriseSpec
from zoneops.enterprises.importers.industries import IndustrySpec

__all__ = ["ClassificationSpec", "EnterpriseImportForm", "EnterpriseSpec", "IndustrySpec"]


def _is_platform_admin(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_platform_admin


register(
    ImportKind(
        key="enterprises",
        label=_lazy("企业名录"),
        spec=EnterpriseSpec,
        allowed=can_import,
        description=_lazy(
            "按统一社会信用代码匹配：已有的企业更新，新的企业登记。导出的企业库文件可直接导入。"
        ),
    )
)
register(
    ImportKind(
        key="industries",
        label=_lazy("国民经济行业分类（GB/T 4754-2017）"),
        spec=IndustrySpec,
        allowed=_is_platform_admin,
        description=_lazy("国家统计局发布的行业分类表原样导入：每个层级一列，名称在小类之后一列。"),
    )
)
register(
    ImportKind(
        key="classification",
        label=_lazy("产业分类表（战新、高技术、数字经济核心等）"),
        spec=ClassificationSpec,
        allowed=can_classify,
        description=_lazy(
            "在“产业分类”页面打开一个分类后上传：序号、名称、国民经济行业代码（带 * 为部分属于），"
            "版式同国家统计局发布的分类表。"
        ),
        options=("classification",),
    )
)
