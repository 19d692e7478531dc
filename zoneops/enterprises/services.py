"""Writes to the enterprise registry: one function per action, atomic, recording history.

Pages, the API, the importer and the demo generator all call these, so there is one way to
create or change an enterprise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zoneops.core.history import assign, record, record_save, snapshot, snapshot_stored
from zoneops.core.models import ChangeRecord, User
from zoneops.core.permissions import can_edit_in_park, may_in_park, require
from zoneops.enterprises.models import (
    CapacitySource,
    Chain,
    ChainMembership,
    ChainNode,
    ChainRole,
    Contact,
    Enterprise,
    GrowthPoint,
    OutputTarget,
    Tag,
)

# Who counts as a 龙头企业 (enterprises/reference.py TAGS), or a chain's 链主.
LEADING_TAGS = ("leading", "chain_owner")


def is_leading(enterprise: Enterprise) -> bool:
    """龙头企业: tagged 龙头企业 or 链主企业, or 链主 of a chain."""
    return (
        enterprise.tags.filter(code__in=LEADING_TAGS).exists()
        or enterprise.chain_memberships.filter(role=ChainRole.OWNER).exists()
    )


# Fields a caller may set on an enterprise; anything else is ignored by design.
ENTERPRISE_FIELDS = (
    "credit_code",
    "name",
    "park",
    "industry",
    "is_above_scale",
    "above_scale_since",
    "status",
    "address",
    "legal_representative",
    "established_on",
    "service_officer",
)


def _apply(enterprise: Enterprise, data: dict[str, Any]) -> None:
    assign(enterprise, data, ENTERPRISE_FIELDS)
    if enterprise.is_above_scale is False:
        enterprise.above_scale_since = None


def _validate(enterprise: Enterprise) -> None:
    # full_clean checks the credit code's check digit, uniqueness and the model's own rules.
    enterprise.full_clean(exclude=["tags"])


@transaction.atomic
def enterprise_create(
    *,
    actor: User | None,
    data: dict[str, Any],
    tags: Iterable[Tag] | None = None,
    check: bool = True,
) -> Enterprise:
    """Register a new enterprise. ``check=False`` is for system jobs (demo data) only."""
    enterprise = Enterprise()
    _apply(enterprise, data)
    if check:
        require(can_edit_in_park(actor, enterprise.park_id))
    _validate(enterprise)
    enterprise.save()
    if tags is not None:
        enterprise.tags.set(tags)
    record(
        actor=actor,
        obj=enterprise,
        action=ChangeRecord.Action.CREATE,
        before=None,
        after=snapshot(enterprise),
    )
    return enterprise


@transaction.atomic
def enterprise_update(
    *,
    actor: User | None,
    enterprise: Enterprise,
    data: dict[str, Any],
    tags: Iterable[Tag] | None = None,
    check: bool = True,
) -> tuple[Enterprise, bool]:
    """Change an enterprise; returns it and whether anything changed (no change, no history)."""
    before = snapshot_stored(enterprise)
    if check:
        stored_park = (
            Enterprise.objects.filter(pk=enterprise.pk).values_list("park_id", flat=True).get()
        )
        require(can_edit_in_park(actor, stored_park))
    _apply(enterprise, data)
    if check:
        # Moving an enterprise to another park needs rights in the new park too.
        require(can_edit_in_park(actor, enterprise.park_id))
    _validate(enterprise)
    enterprise.save()
    if tags is not None:
        enterprise.tags.set(tags)
    after = snapshot(enterprise)
    changed = record(
        actor=actor, obj=enterprise, action=ChangeRecord.Action.UPDATE, before=before, after=after
    )
    return enterprise, changed is not None


@transaction.atomic
def contact_save(
    *,
    actor: User | None,
    enterprise: Enterprise,
    data: dict[str, Any],
    contact: Contact | None = None,
    check: bool = True,
) -> Contact:
    """Add or change a contact person of an enterprise. ``check=False``: system jobs only."""
    if check:
        require(can_edit_in_park(actor, enterprise.park_id))
    is_new = contact is None
    contact = contact or Contact(enterprise=enterprise)
    before = None if is_new else snapshot_stored(contact)
    assign(contact, data, ("name", "title", "phone", "email", "is_primary"))
    contact.full_clean()
    contact.save()
    if contact.is_primary:
        enterprise.contacts.exclude(pk=contact.pk).update(is_primary=False)
    record_save(actor=actor, obj=contact, before=before)
    return contact


@transaction.atomic
def contact_delete(*, actor: User, contact: Contact) -> None:
    require(can_edit_in_park(actor, contact.enterprise.park_id))
    before = snapshot(contact)
    record(actor=actor, obj=contact, action=ChangeRecord.Action.DELETE, before=before, after=None)
    contact.delete()


@transaction.atomic
def chain_membership_set(
    *,
    actor: User,
    enterprise: Enterprise,
    chain: Chain,
    node: ChainNode | None,
    role: str = ChainRole.SUPPORTING,
    check: bool = True,
) -> ChainMembership:
    """Place an enterprise in a chain (链主 or 配套, at a node), or move it within the chain."""
    if check:
        require(can_edit_in_park(actor, enterprise.park_id))
    membership = ChainMembership.objects.filter(enterprise=enterprise, chain=chain).first()
    is_new = membership is None
    membership = membership or ChainMembership(enterprise=enterprise, chain=chain)
    before = None if is_new else snapshot_stored(membership)
    membership.node = node
    membership.role = role
    membership.full_clean()
    membership.save()
    record_save(actor=actor, obj=membership, before=before)
    return membership


@transaction.atomic
def chain_membership_remove(*, actor: User, membership: ChainMembership) -> None:
    require(can_edit_in_park(actor, membership.enterprise.park_id))
    record(
        actor=actor,
        obj=membership,
        action=ChangeRecord.Action.DELETE,
        before=snapshot(membership),
        after=None,
    )
    membership.delete()


@transaction.atomic
def chain_save(
    *,
    actor: User,
    data: dict[str, Any],
    chain: Chain | None = None,
    nodes: list[tuple[str, str]] | None = None,
) -> Chain:
    """Create or change a chain; ``nodes`` is the full list of (segment, name) in order."""
    require(
        getattr(actor, "is_platform_admin", False) or getattr(actor, "role", "") == "zone_leader"
    )
    is_new = chain is None
    chain = chain or Chain()
    before = None if is_new else snapshot(chain) | {"nodes": [str(n) for n in chain.nodes.all()]}
    assign(
        chain, data, ("name", "description", "leader_name", "leader_title", "leader_user", "order")
    )
    chain.full_clean()
    chain.save()
    if nodes is not None:
        keep = []
        for order, (segment, name) in enumerate(nodes):
            node, _ = ChainNode.objects.update_or_create(
                chain=chain, name=name, defaults={"segment": segment, "order": order}
            )
            keep.append(node.pk)
        chain.nodes.exclude(pk__in=keep).delete()
    after = snapshot(chain) | {"nodes": [str(n) for n in chain.nodes.all()]}
    record(
        actor=actor,
        obj=chain,
        action=ChangeRecord.Action.CREATE if is_new else ChangeRecord.Action.UPDATE,
        before=before,
        after=after,
    )
    return chain


# --- 达产达效: designed capacity and output targets ------------------------------------------


def _capacity_errors(obj: GrowthPoint | OutputTarget) -> None:
    obj.full_clean(exclude=["enterprise"])


@transaction.atomic
def growth_point_set(
    *,
    actor: User | None,
    enterprise: Enterprise,
    designed_output: Decimal,
    producing_on: dt.date,
    source: str = CapacitySource.OFFICE,
    source_name: str = "",
    note: str = "",
    check: bool = True,
) -> GrowthPoint:
    """Make an enterprise a 新增长点 (or correct it): designed annual output in 元 and the day it
    started producing (not in the future). ``check=False`` is for a hand-over the caller has
    already authorised (an investment project moved to 投产) and for system jobs."""
    if check:
        require(may_in_park(actor, "enterprises.capacity", enterprise.park_id))
    point = GrowthPoint.objects.select_for_update().filter(enterprise=enterprise).first()
    before = None if point is None else snapshot_stored(point)
    point = point or GrowthPoint(enterprise=enterprise)
    point.designed_output = designed_output
    point.producing_on = producing_on
    point.source = source
    point.source_name = source_name
    point.note = note
    _capacity_errors(point)
    point.save()
    record_save(actor=actor, obj=point, before=before)
    return point


@transaction.atomic
def output_target_set(
    *,
    actor: User | None,
    enterprise: Enterprise,
    year: int,
    value: Decimal,
    check: bool = True,
) -> OutputTarget:
    """Set a 龙头企业's output target for a year (元); setting it again corrects it."""
    if check:
        require(may_in_park(actor, "enterprises.capacity", enterprise.park_id))
    if not is_leading(enterprise):
        raise ValidationError(
            {"enterprise": _("只有龙头企业（标签“龙头企业”“链主企业”或产业链链主）设年度产值目标")}
        )
    target = (
        OutputTarget.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
    )
    before = None if target is None else snapshot_stored(target)
    target = target or OutputTarget(enterprise=enterprise, year=year)
    target.value = value
    _capacity_errors(target)
    target.save()
    record_save(actor=actor, obj=target, before=before)
    return target


# The derived classifications (a topic of the registry) write through their own module.
from zoneops.enterprises.classifications.services import (  # noqa: E402
    Target as Target,
)
from zoneops.enterprises.classifications.services import (  # noqa: E402
    classification_save as classification_save,
)
from zoneops.enterprises.classifications.services import (  # noqa: E402
    membership_decide as membership_decide,
)
from zoneops.enterprises.classifications.services import (  # noqa: E402
    node_save as node_save,
)
