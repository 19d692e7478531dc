"""The approval clocks, in working days on the shared statutory calendar.

An item's clock runs from its acceptance to its conclusion (or to today while it is open),
less the days not counted (补正, technical review, public notice: ``excluded_days``). A stage
runs from its first acceptance to its last conclusion, and the whole flow from the first
acceptance of all to the last conclusion (docs/domain.md#approval-clocks, a default), compared with
the zone's
target (90 or 120 working days).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from zoneops.approvals.models import DONE, ApprovalItem, ItemStatus, Stage
from zoneops.core.workdays import Calendar  # the shared working-day calendar

__all__ = ["Calendar", "ItemClock", "SpanClock", "item_clock", "span_clock"]


@dataclass(frozen=True)
class ItemClock:
    gross_days: int | None  # working days since acceptance (None: not accepted)
    counted_days: int | None  # less the days not counted
    due_on: dt.date | None
    overdue: bool
    days_over: int


def item_clock(item: ApprovalItem, calendar: Calendar, today: dt.date) -> ItemClock:
    if item.accepted_on is None:
        return ItemClock(None, None, None, False, 0)
    end = item.concluded_on if item.status in DONE and item.concluded_on else today
    gross = max(calendar.working_days_between(item.accepted_on, end), 0)
    counted = max(gross - item.excluded_days, 0)
    due = calendar.add_working_days(item.accepted_on, item.limit_days + item.excluded_days)
    over = counted - item.limit_days
    return ItemClock(gross, counted, due, over > 0, max(over, 0))


@dataclass(frozen=True)
class SpanClock:
    """A stage's or the whole flow's clock."""

    started_on: dt.date | None
    ended_on: dt.date | None  # the last conclusion, once every item is done
    days: int | None

    @property
    def done(self) -> bool:
        return self.ended_on is not None


def span_clock(items: Sequence[ApprovalItem], calendar: Calendar, today: dt.date) -> SpanClock:
    accepted = [i.accepted_on for i in items if i.accepted_on is not None]
    if not accepted:
        return SpanClock(None, None, None)
    start = min(accepted)
    finished = bool(items) and all(i.status in DONE and i.concluded_on for i in items)
    end = max(i.concluded_on for i in items if i.concluded_on) if finished else None
    days = max(calendar.working_days_between(start, end or today), 0)
    return SpanClock(start, end, days)


def by_stage(items: Iterable[ApprovalItem]) -> dict[int, list[ApprovalItem]]:
    stages: dict[int, list[ApprovalItem]] = {stage.value: [] for stage in Stage}
    for item in items:
        stages.setdefault(item.stage, []).append(item)
    return stages


def current_stage(items: Sequence[ApprovalItem]) -> int | None:
    """The first stage with an item not yet concluded (None: every item is concluded)."""
    open_stages = [i.stage for i in items if i.status != ItemStatus.CONCLUDED]
    return min(open_stages) if open_stages else None
