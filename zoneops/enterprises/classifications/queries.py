"""Reads of the derived classifications, and membership as it is derived.

An enterprise belongs to a node when its 小类 is mapped there whole, or (a zone direction)
when it sits in a chain the node is mapped to: automatically. A partial mapping (``*``) makes
it a candidate: in the review queue until an officer confirms it with the qualifying product
(then a member) or rejects it. An override adds an enterprise to a node, or removes it from
the node and everything under it, with a reason. Nothing of this is stored but the decisions,
so a changed table or a changed industry code is followed at once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet

from zoneops.core.models import User
from zoneops.enterprises.classifications.models import (
    Classification,
    ClassMapping,
    ClassNode,
    Decision,
    MembershipDecision,
)
from zoneops.enterprises.models import ChainMembership, Enterprise

AUTOMATIC, CONFIRMED, ADDED = "automatic", "confirmed", "added"


@dataclass
class Member:
    """An enterprise in a node, and why: automatic (by its code or chain), confirmed with a
    product, or added by hand with a reason."""

    enterprise_id: int
    node_id: int
    how: str
    basis: str = ""  # the code or chain it matched, "3841" or "3841*"
    by_chain: bool = False  # automatic through a chain the node maps (a zone direction)
    product: str = ""
    reason: str = ""
    decided_by: str = ""
    decided_at: dt.datetime | None = None


@dataclass
class Pending:
    enterprise_id: int
    node_id: int
    basis: str
    note: str


@dataclass
class Membership:
    classification: Classification
    nodes: dict[int, ClassNode]
    members: list[Member] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)

    def top_of(self, node_id: int) -> int:
        node = self.nodes[node_id]
        while node.parent_id is not None:
            node = self.nodes[node.parent_id]
        return node.pk

    def by_top(self) -> dict[int, set[int]]:
        """Top-level node → the enterprises in it (an enterprise once per node, even when it
        matches several of its leaves)."""
        found: dict[int, set[int]] = defaultdict(set)
        for member in self.members:
            found[self.top_of(member.node_id)].add(member.enterprise_id)
        return dict(found)

    def path(self, node_id: int) -> list[ClassNode]:
        out = []
        current: int | None = node_id
        while current is not None:
            out.append(self.nodes[current])
            current = self.nodes[current].parent_id
        return list(reversed(out))


def membership(
    *,
    user: User,
    classification: Classification,
    enterprises: QuerySet[Enterprise] | None = None,
) -> Membership:
    """The members and the candidates of one classification among the enterprises the user may
    see (or the given ones, already scoped). A few queries whatever the number of enterprises."""
    nodes = {n.pk: n for n in classification.nodes.all()}
    result = Membership(classification=classification, nodes=nodes)
    scoped = enterprises if enterprises is not None else Enterprise.objects.visible_to(user)
    by_code: dict[str, list[ClassMapping]] = defaultdict(list)
    by_chain: dict[int, list[ClassMapping]] = defaultdict(list)
    for mapping in ClassMapping.objects.filter(node__classification=classification).select_related(
        "industry", "chain"
    ):
        if mapping.industry is not None:
            by_code[mapping.industry.code].append(mapping)
        elif mapping.chain_id is not None:
            by_chain[mapping.chain_id].append(mapping)
    chains_of: dict[int, list[int]] = defaultdict(list)
    if by_chain:
        for enterprise_id, chain_id in ChainMembership.objects.filter(
            chain_id__in=list(by_chain), enterprise__in=scoped
        ).values_list("enterprise_id", "chain_id"):
            chains_of[enterprise_id].append(chain_id)
    decisions = {
        (d.enterprise_id, d.node_id): d
        for d in MembershipDecision.objects.filter(
            node__classification=classification, enterprise__in=scoped
        ).select_related("decided_by")
    }
    for enterprise_id, code in scoped.values_list("pk", "industry__code").order_by():
        matched = [
            *by_code.get(code, ()),
            *(m for c in chains_of[enterprise_id] for m in by_chain[c]),
        ]
        _place(result, enterprise_id, matched, decisions)
    _overrides(result, decisions.values())
    return result


def _basis(mapping: ClassMapping) -> str:
    shown = mapping.industry.code if mapping.industry else str(mapping.chain)
    return shown + ("*" if mapping.partial else "")


def _place(
    result: Membership,
    enterprise_id: int,
    matched: Iterable[ClassMapping],
    decisions: dict[tuple[int, int], MembershipDecision],
) -> None:
    for mapping in matched:
        if not mapping.partial:
            result.members.append(
                Member(
                    enterprise_id,
                    mapping.node_id,
                    AUTOMATIC,
                    _basis(mapping),
                    by_chain=mapping.chain_id is not None,
                )
            )
            continue
        decided = decisions.get((enterprise_id, mapping.node_id))
        if decided is None or decided.decision not in (Decision.CONFIRMED, Decision.REJECTED):
            result.pending.append(
                Pending(enterprise_id, mapping.node_id, _basis(mapping), mapping.note)
            )
        elif decided.decision == Decision.CONFIRMED:
            result.members.append(
                Member(
                    enterprise_id,
                    mapping.node_id,
                    CONFIRMED,
                    _basis(mapping),
                    product=decided.product,
                    decided_by=_who(decided),
                    decided_at=decided.decided_at,
                )
            )


def _who(decision: MembershipDecision) -> str:
    person = decision.decided_by
    return "" if person is None else (person.full_name or person.username)


def _overrides(result: Membership, decisions: Iterable[MembershipDecision]) -> None:
    for decision in decisions:
        if decision.decision == Decision.ADDED:
            result.members.append(
                Member(
                    decision.enterprise_id,
                    decision.node_id,
                    ADDED,
                    reason=decision.reason,
                    decided_by=_who(decision),
                    decided_at=decision.decided_at,
                )
            )
        elif decision.decision == Decision.REMOVED:
            under = {decision.node_id} | _descendants(result, decision.node_id)
            result.members = [
                m
                for m in result.members
                if not (m.enterprise_id == decision.enterprise_id and m.node_id in under)
            ]
            result.pending = [
                p
                for p in result.pending
                if not (p.enterprise_id == decision.enterprise_id and p.node_id in under)
            ]


def _descendants(result: Membership, node_id: int) -> set[int]:
    found: set[int] = set()
    frontier = {node_id}
    while frontier:
        frontier = {n.pk for n in result.nodes.values() if n.parent_id in frontier} - found
        found |= frontier
    return found


# --- the pages' reads -----------------------------------------------------------------------


def classification_list(*, user: User) -> QuerySet[Classification]:
    return (
        Classification.objects.visible_to(user)
        .annotate(node_count=Count("nodes"))
        .order_by("order", "name", "edition")
    )


@dataclass
class TreeRow:
    node: ClassNode
    depth: int
    mappings: list[ClassMapping]
    members: int


def tree(*, user: User, classification: Classification) -> tuple[list[TreeRow], Membership]:
    """The nodes in the table's order with their depth, their mappings and how many of the
    user's enterprises each holds (itself and below)."""
    nodes = list(
        classification.nodes.prefetch_related(
            Prefetch(
                "mappings",
                queryset=ClassMapping.objects.select_related("industry", "chain").order_by(
                    "industry__code", "chain__order", "pk"
                ),
            )
        ).order_by("order", "pk")
    )
    found = membership(user=user, classification=classification)
    counts: dict[int, set[int]] = defaultdict(set)
    for member in found.members:
        for node in found.path(member.node_id):
            counts[node.pk].add(member.enterprise_id)
    depth: dict[int, int] = {}
    rows = []
    for node in nodes:
        depth[node.pk] = 0 if node.parent_id is None else depth.get(node.parent_id, 0) + 1
        rows.append(TreeRow(node, depth[node.pk], list(node.mappings.all()), len(counts[node.pk])))
    return rows, found


@dataclass
class QueueRow:
    enterprise: Enterprise
    classification: Classification
    path: list[ClassNode]
    basis: str
    note: str


def review_queue(*, user: User, classification: Classification | None = None) -> list[QueueRow]:
    """The enterprises a partial mapping (``*``) makes candidates of, not yet decided."""
    classifications = classification_list(user=user)
    if classification is not None:
        classifications = classifications.filter(pk=classification.pk)
    entries: list[tuple[Membership, Pending]] = []
    for item in classifications:
        found = membership(user=user, classification=item)
        entries.extend((found, p) for p in found.pending)
    enterprises = (
        Enterprise.objects.visible_to(user)
        .select_related("park", "industry")
        .in_bulk({p.enterprise_id for _m, p in entries})
    )
    rows = [
        QueueRow(
            enterprises[p.enterprise_id],
            found.classification,
            found.path(p.node_id),
            p.basis,
            p.note,
        )
        for found, p in entries
    ]
    return sorted(rows, key=lambda r: (r.classification.order, r.path[-1].order, r.enterprise.name))


@dataclass
class EnterpriseClass:
    classification: Classification
    path: list[ClassNode]
    member: Member | None
    pending: Pending | None = None


def for_enterprise(*, user: User, enterprise: Enterprise) -> list[EnterpriseClass]:
    """The classifications an enterprise belongs to (or awaits review in), and why."""
    out: list[EnterpriseClass] = []
    one = Enterprise.objects.visible_to(user).filter(pk=enterprise.pk)
    for item in Classification.objects.visible_to(user):
        found = membership(user=user, classification=item, enterprises=one)
        out.extend(EnterpriseClass(item, found.path(m.node_id), m) for m in found.members)
        out.extend(EnterpriseClass(item, found.path(p.node_id), None, p) for p in found.pending)
    return out


def top_groups(*, user: User, classification: Classification) -> list[tuple[ClassNode, set[int]]]:
    """Each top-level node of a classification with the ids of the user's enterprises in it:
    what the structure analysis sums over."""
    found = membership(user=user, classification=classification)
    members = found.by_top()
    tops = sorted(
        (n for n in found.nodes.values() if n.parent_id is None), key=lambda n: (n.order, n.pk)
    )
    return [(node, members.get(node.pk, set())) for node in tops]
