"""The industrial structure: for each top-level node of a classification (战新's 九大领域, a
zone direction, the seed's groups), its share of the place's output and revenue, its growth
on the same set and its pull (拉动) on the place's growth, year to date.

Membership comes from the registry (``enterprises.queries.top_groups``: automatic where a
mapping is whole, confirmed or added by officers). The sums, the growth and the 拉动 are the
dashboard's own (``analysis.aggregates``: an enterprise counts towards growth only where it
reported both years' year to date; 拉动 = the group's increase ÷ the place's last-year
same-set total × 100). An enterprise sits in each node it belongs to, so nodes do not add up
to the place. Everything is computed from gross output at current prices, and labelled so
(按产值测算); the bureau's value-added shares are read beside, never folded in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from zoneops.core.models import User
from zoneops.enterprises import queries as registry
from zoneops.enterprises.models import Classification, ClassNode
from zoneops.monitoring.analysis.aggregates import Group, Slice, _fold, _group, _values
from zoneops.monitoring.reports.models import Indicator, ReportingPeriod
from zoneops.monitoring.structure.models import ValueAddedShare

CODES = ("output_value", "revenue")


@dataclass
class Figure:
    """One indicator for one node: the dashboard's group with its share of the place."""

    group: Group
    share: Decimal | None  # 比重 % of the place's year to date


@dataclass
class NodeRow:
    node: ClassNode
    enterprises: int  # members that reported the period
    figures: dict[str, Figure]
    official: ValueAddedShare | None = None


@dataclass
class ClassStructure:
    classification: Classification
    rows: list[NodeRow]
    whole: dict[str, Group]
    members: int = 0  # enterprises in any node
    figures_in_any: dict[str, Figure] = field(default_factory=dict)


def _cells(values: Any) -> dict[int, dict[str, Any]]:
    """Each enterprise's year to date as a cell of the dashboard's sums (ytd, same-set ytd,
    last year's same-set, count)."""
    cells = {}
    for enterprise_id, ytd, last in values.values_list(
        "report__enterprise_id", "ytd_value", "last_ytd_value"
    ).order_by():
        same = ytd is not None and last is not None
        cells[enterprise_id] = {
            "ytd": ytd,
            "ytd_same": ytd if same else None,
            "last": last if same else None,
            "n": 1,
        }
    return cells


def _figure(cells: Iterable[dict[str, Any]], whole: dict[str, Any], key: str, label: str) -> Figure:
    row = {"key": key, "label": label, **_fold(list(cells))}
    group = _group(row, whole["last"], whole["ytd_same"])
    share = group.ytd / whole["ytd"] * 100 if whole["ytd"] else None
    return Figure(group, share)


def structure(
    *,
    user: User,
    period: ReportingPeriod,
    classification: Classification,
    park: int | None = None,
) -> ClassStructure:
    """The classification's top-level nodes for the period (year to date) and the place (the
    user's scope, or one park)."""
    slice_ = Slice(park=park)
    groups = registry.top_groups(user=user, classification=classification)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=CODES)}
    official = {
        v.node_id: v
        for v in ValueAddedShare.objects.visible_to(user).filter(
            period=period, node__classification=classification
        )
        if (v.park_id == park)
    }
    rows = [NodeRow(node, 0, {}, official.get(node.pk)) for node, _ids in groups]
    wholes: dict[str, Group] = {}
    in_any: set[int] = set().union(*(ids for _n, ids in groups)) if groups else set()
    figures_in_any: dict[str, Figure] = {}
    for code in CODES:
        indicator = indicators.get(code)
        if indicator is None:
            continue
        cells = _cells(_values(user=user, period=period, indicator=indicator, slice_=slice_))
        whole = _fold(list(cells.values()))
        wholes[code] = _group(
            {"key": "place", "label": "", **whole}, whole["last"], whole["ytd_same"]
        )
        for row, (node, ids) in zip(rows, groups, strict=True):
            members = [cells[e] for e in ids if e in cells]
            row.figures[code] = _figure(members, whole, str(node.pk), node.name)
            row.enterprises = max(row.enterprises, len(members))
        figures_in_any[code] = _figure(
            [cells[e] for e in in_any if e in cells], whole, "any", str(classification)
        )
    return ClassStructure(
        classification=classification,
        rows=rows,
        whole=wholes,
        members=len(in_any),
        figures_in_any=figures_in_any,
    )


def structures(
    *, user: User, period: ReportingPeriod, park: int | None = None
) -> list[ClassStructure]:
    """Every classification the user sees that has nodes, in its order."""
    return [
        structure(user=user, period=period, classification=item, park=park)
        for item in registry.classification_list(user=user)
        if item.nodes.exists()
    ]
