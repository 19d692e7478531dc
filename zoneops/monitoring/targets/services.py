"""Targets (目标): adding one.

A target is yearly (no quarter) or quarterly, for the zone, a park or a chain, on any indicator,
as a value (stored in the indicator's stored unit: 元, kWh, persons) or a growth rate (%).
How far along it is, and its wording, is in :mod:`.queries`.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zoneops.core.history import record, snapshot
from zoneops.core.models import ChangeRecord, Park, User
from zoneops.core.permissions import require
from zoneops.enterprises.models import Chain
from zoneops.monitoring.models import Indicator, Target, TargetKind, TargetScope
from zoneops.monitoring.permissions import can_manage_catalogue

QUARTERS = (1, 2, 3, 4)


@transaction.atomic
def target_save(
    *,
    actor: User | None,
    scope: str,
    indicator: Indicator,
    year: int,
    kind: str,
    value: Decimal,
    quarter: int | None = None,
    park: Park | None = None,
    chain: Chain | None = None,
) -> Target:
    """Add a target (``value`` in the indicator's stored unit for value targets, % for growth).

    Raises ValidationError with the field at fault; records the new target in history.
    """
    require(can_manage_catalogue(actor))
    errors: dict[str, str] = {}
    if scope not in TargetScope.values:
        errors["scope"] = _("请选择目标范围")
    if scope == TargetScope.PARK and park is None:
        errors["park"] = _("园区目标须选择园区")
    if scope == TargetScope.CHAIN and chain is None:
        errors["chain"] = _("产业链目标须选择产业链")
    if quarter is not None and quarter not in QUARTERS:
        errors["quarter"] = _("季度应为 1—4，年度目标留空")
    if not 2000 <= year <= 2100:
        errors["year"] = _("年度应在 2000—2100 之间")
    if kind not in TargetKind.values:
        errors["kind"] = _("请选择目标类型")
    if kind == TargetKind.VALUE and (value is None or value <= 0):
        errors["value"] = _("总量目标须大于 0")
    if not indicator.is_active:
        errors["indicator"] = _("该指标已停用")
    if errors:
        raise ValidationError(errors)
    # A zone target has neither park nor chain; a park target no chain, and so on.
    park = park if scope == TargetScope.PARK else None
    chain = chain if scope == TargetScope.CHAIN else None
    duplicate = Target.objects.filter(
        scope=scope,
        park=park,
        chain=chain,
        indicator=indicator,
        year=year,
        quarter=quarter,
        kind=kind,
    ).exists()
    if duplicate:
        raise ValidationError(_("已有相同范围、期间和指标的目标，请勿重复添加"))
    target = Target.objects.create(
        scope=scope,
        park=park,
        chain=chain,
        indicator=indicator,
        year=year,
        quarter=quarter,
        kind=kind,
        value=value,
    )
    record(
        actor=actor,
        obj=target,
        action=ChangeRecord.Action.CREATE,
        before=None,
        after=snapshot(target),
    )
    return target
