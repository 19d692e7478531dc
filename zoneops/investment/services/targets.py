"""Writes of the bureau's targets (of newly signed projects) and of who works which chain."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zoneops.core.history import record, record_save, snapshot, snapshot_stored
from zoneops.core.models import ChangeRecord, User
from zoneops.core.permissions import require
from zoneops.enterprises.models import Chain
from zoneops.investment.models import ChainOfficer, Target, TargetScope
from zoneops.investment.permissions import can_manage_targets


@transaction.atomic
def target_save(
    *,
    actor: User,
    year: int,
    scope: str,
    project_count: int,
    amount: Decimal,
    quarter: int | None = None,
    chain: Chain | None = None,
    officer: User | None = None,
    industrial_only: bool = True,
    target: Target | None = None,
    check: bool = True,
) -> Target:
    """Add or change a target of newly signed projects (count and amount, 元)."""
    if check:
        require(can_manage_targets(actor))
    errors: dict[str, str] = {}
    if scope == TargetScope.CHAIN and chain is None:
        errors["chain"] = _("产业链目标须选择产业链")
    if scope == TargetScope.OFFICER and officer is None:
        errors["officer"] = _("个人目标须选择招商人员")
    if quarter is not None and quarter not in (1, 2, 3, 4):
        errors["quarter"] = _("季度应为 1—4，年度目标留空")
    if not 2000 <= year <= 2100:
        errors["year"] = _("年度应在 2000—2100 之间")
    if project_count <= 0 and amount <= 0:
        errors["project_count"] = _("项目数和金额至少一项大于 0")
    if errors:
        raise ValidationError(errors)
    chain = chain if scope == TargetScope.CHAIN else None
    officer = officer if scope == TargetScope.OFFICER else None
    same = Target.objects.filter(
        year=year, quarter=quarter, scope=scope, chain=chain, officer=officer
    )
    if target is not None:
        same = same.exclude(pk=target.pk)
    if same.exists():
        raise ValidationError(_("已有相同范围和期间的目标，请修改原目标"))
    is_new = target is None
    target = target or Target()
    before = None if is_new else snapshot_stored(target)
    target.year, target.quarter, target.scope = year, quarter, scope
    target.chain, target.officer = chain, officer
    target.project_count, target.amount = project_count, amount
    target.industrial_only = industrial_only
    target.full_clean()
    target.save()
    record_save(actor=actor, obj=target, before=before)
    return target


@transaction.atomic
def chain_officer_set(
    *, actor: User, chain: Chain, officer: User, is_head: bool = False, check: bool = True
) -> ChainOfficer:
    """Put an investment officer on a chain's team (they then see the chain's leads)."""
    if check:
        require(can_manage_targets(actor))
    link = ChainOfficer.objects.filter(chain=chain, officer=officer).first()
    is_new = link is None
    link = link or ChainOfficer(chain=chain, officer=officer)
    before = None if is_new else snapshot_stored(link)
    link.is_head = is_head
    link.full_clean()
    link.save()
    record_save(actor=actor, obj=link, before=before)
    return link


@transaction.atomic
def chain_officer_remove(*, actor: User, link: ChainOfficer) -> None:
    require(can_manage_targets(actor))
    record(
        actor=actor, obj=link, action=ChangeRecord.Action.DELETE, before=snapshot(link), after=None
    )
    link.delete()
