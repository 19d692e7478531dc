"""Writes of the derived classifications: the tables (the economy office's) and the decisions
on enterprises' membership (a partial mapping confirmed or rejected; an override)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from zoneops.core.history import assign, record, record_save, snapshot, snapshot_stored
from zoneops.core.models import ChangeRecord, User
from zoneops.core.permissions import may, may_in_park, require
from zoneops.enterprises.classifications.models import (
    Classification,
    ClassMapping,
    ClassNode,
    Decision,
    MembershipDecision,
)
from zoneops.enterprises.models import Chain, Enterprise, Industry

CLASSIFICATION_FIELDS = ("name", "edition", "issuer", "level", "kind", "note", "order")
REVIEW_DECISIONS = (Decision.CONFIRMED, Decision.REJECTED)


@dataclass(frozen=True)
class Target:
    """One mapping of a node: a 小类 (whole or partial, with its key products) or a chain."""

    industry: Industry | None = None
    chain: Chain | None = None
    partial: bool = False
    note: str = ""

    def key(self) -> tuple[Any, ...]:
        return (
            self.industry.code if self.industry else None,
            self.chain.pk if self.chain else None,
            self.partial,
            self.note,
        )


def can_classify(user: Any) -> bool:
    return may(user, "enterprises.classify")


@transaction.atomic
def classification_save(
    *,
    actor: User | None,
    data: dict[str, Any],
    classification: Classification | None = None,
    check: bool = True,
) -> Classification:
    """Create or change a classification's edition (its name, edition, issuer, level, kind)."""
    if check:
        require(can_classify(actor))
    before = None if classification is None else snapshot_stored(classification)
    classification = classification or Classification()
    assign(classification, data, CLASSIFICATION_FIELDS)
    classification.full_clean()
    classification.save()
    record_save(actor=actor, obj=classification, before=before)
    return classification


def _node_snapshot(node: ClassNode) -> dict[str, Any]:
    return snapshot(node) | {"mappings": sorted(str(m) for m in node.mappings.all())}


def _stored_targets(node: ClassNode) -> list[tuple[Any, ...]]:
    return sorted(
        (m.industry.code if m.industry else None, m.chain_id, m.partial, m.note)
        for m in node.mappings.select_related("industry")
    )


@transaction.atomic
def node_save(
    *,
    actor: User | None,
    classification: Classification,
    code: str,
    name: str,
    parent: ClassNode | None = None,
    order: int = 0,
    targets: Sequence[Target] | None = None,
    check: bool = True,
) -> tuple[ClassNode, bool]:
    """Create or change the node ``code`` of a classification and, if ``targets`` is given,
    replace its mappings with exactly these. Returns the node and whether anything changed
    (nothing changed, nothing recorded: re-importing a table writes nothing)."""
    if check:
        require(can_classify(actor))
    node = ClassNode.objects.filter(classification=classification, code=code).first()
    is_new = node is None
    before = None if node is None else _node_snapshot(node)
    same_targets = (
        targets is None
        or (not is_new and _stored_targets(node) == sorted(t.key() for t in targets))  # type: ignore[arg-type]
    )
    node = node or ClassNode(classification=classification, code=code)
    unchanged = (
        not is_new
        and node.name == name
        and node.parent_id == (parent.pk if parent else None)
        and node.order == order
        and same_targets
    )
    if unchanged:
        return node, False
    node.name, node.parent, node.order = name, parent, order
    node.full_clean()
    node.save()
    if targets is not None and not same_targets:
        node.mappings.all().delete()
        for target in targets:
            mapping = ClassMapping(
                node=node,
                industry=target.industry,
                chain=target.chain,
                partial=target.partial,
                note=target.note,
            )
            mapping.full_clean()
            mapping.save()
    record(
        actor=actor,
        obj=node,
        action=ChangeRecord.Action.CREATE if is_new else ChangeRecord.Action.UPDATE,
        before=before,
        after=_node_snapshot(node),
    )
    return node, True


def may_decide(user: Any, enterprise: Enterprise, decision: str) -> bool:
    """Confirming or rejecting a partial membership is the reviewers' (the economy office, the
    enterprise's park office); adding or removing by hand is the economy office's."""
    if decision in REVIEW_DECISIONS:
        return may_in_park(user, "enterprises.classify_review", enterprise.park_id)
    return can_classify(user)


@transaction.atomic
def membership_decide(
    *,
    actor: User | None,
    enterprise: Enterprise,
    node: ClassNode,
    decision: str,
    product: str = "",
    reason: str = "",
    check: bool = True,
) -> MembershipDecision:
    """Record an officer's decision on an enterprise in a node: confirmed (with the product
    that qualifies) or rejected, or added / removed by hand (with the reason). A later
    decision on the same enterprise and node replaces the earlier one; history keeps both."""
    if check:
        require(may_decide(actor, enterprise, decision))
    found = MembershipDecision.objects.filter(enterprise=enterprise, node=node).first()
    before = None if found is None else snapshot_stored(found)
    found = found or MembershipDecision(enterprise=enterprise, node=node)
    found.decision = decision
    found.product = product.strip()
    found.reason = reason.strip()
    found.decided_by = actor
    found.full_clean()
    found.save()
    record_save(actor=actor, obj=found, before=before)
    return found
