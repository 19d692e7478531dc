"""达产达效 read from the approved monthly reports.

- A 新增长点 (``enterprises.GrowthPoint``: designed annual output, production start) is
  measured over the twelve months ending at the chosen month: the sum of its approved reports'
  工业总产值 本月 values. When fewer than twelve months have passed since the production month
  (counted inclusive: started in March, measured at October = 8 months), only those months are
  summed and the sum is annualised (× 12 ÷ months) before it is set against the designed output,
  and the page says so. Months without an approved report count as nothing produced; the row
  says how many are missing.
- A 龙头企业 with a target for the year (``enterprises.OutputTarget``) is measured by its
  approved 1—本月累计 工业总产值 at the chosen month against the target, beside 序时进度 (the
  monitoring targets' own ``year_elapsed``).

Behind first: the lowest 达产率, then the furthest behind 序时进度.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q

from zoneops.core.models import User
from zoneops.enterprises.models import GrowthPoint, OutputTarget
from zoneops.monitoring.models import ReportingPeriod, ReportStatus, ReportValue
from zoneops.monitoring.targets.queries import year_elapsed

OUTPUT = "output_value"
WINDOW = 12
HUNDRED = Decimal(100)


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _ym(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


@dataclass(frozen=True)
class GrowthPointRow:
    point_id: int
    enterprise_id: int
    enterprise: str
    park_id: int
    park: str
    source: str  # the source's label
    source_name: str
    producing_on: dt.date
    designed_output: Decimal  # 元 a year
    months_since_start: int  # months from the production month to the chosen one, inclusive
    months_counted: int  # min(months since start, 12)
    months_missing: int  # months of the window without an approved report
    output: Decimal  # 元 summed over the months counted
    annualised: Decimal  # output × 12 ÷ months counted (= output over a full window)
    rate: Decimal | None  # 达产率 %, None before production
    gap: Decimal  # designed − annualised, 元 (negative: beyond the design)

    @property
    def started(self) -> bool:
        return self.months_since_start > 0

    @property
    def partial(self) -> bool:
        return 0 < self.months_since_start < WINDOW

    @property
    def behind(self) -> bool:
        return self.rate is not None and self.rate < HUNDRED

    @property
    def beyond(self) -> Decimal:
        """How far past the designed output (元), once at design."""
        return max(-self.gap, Decimal(0))


@dataclass(frozen=True)
class LeadingRow:
    target_id: int
    enterprise_id: int
    enterprise: str
    park_id: int
    park: str
    year: int
    target: Decimal  # 元
    output: Decimal | None  # approved 1—本月累计 at the chosen month, 元
    completion: Decimal | None  # %
    elapsed: Decimal  # 序时进度 %
    gap: Decimal | None  # target − output, 元 (0 once reached)
    ahead_points: Decimal | None  # completion − elapsed

    @property
    def behind(self) -> bool:
        return self.ahead_points is not None and self.ahead_points < 0


def _approved_values(
    user: User, enterprise_ids: list[int], first: int, last: int
) -> list[dict[str, Any]]:
    """Approved 工业总产值 values of these enterprises in the months ``first``..``last``."""
    if not enterprise_ids:
        return []
    (fy, fm), (ly, lm) = _ym(first), _ym(last)
    rows: Any = (
        ReportValue.objects.visible_to(user)
        .filter(
            indicator__code=OUTPUT,
            report__status=ReportStatus.APPROVED,
            report__enterprise_id__in=enterprise_ids,
        )
        .filter(
            Q(report__period__year__gt=fy)
            | Q(report__period__year=fy, report__period__month__gte=fm)
        )
        .filter(
            Q(report__period__year__lt=ly)
            | Q(report__period__year=ly, report__period__month__lte=lm)
        )
        .values(
            "report__enterprise_id",
            "report__period__year",
            "report__period__month",
            "month_value",
            "ytd_value",
        )
    )
    return list(rows)


def growth_points(
    *, user: User, period: ReportingPeriod, park: int | None = None
) -> list[GrowthPointRow]:
    """The 新增长点 the user sees (of one park if given), as of ``period``, behind first."""
    points = list(
        GrowthPoint.objects.visible_to(user)
        .select_related("enterprise__park")
        .filter(**({"enterprise__park_id": park} if park else {}))
    )
    end = month_index(period.year, period.month)
    values = _approved_values(user, [p.enterprise_id for p in points], end - WINDOW + 1, end)
    by_enterprise: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for row in values:
        index = month_index(row["report__period__year"], row["report__period__month"])
        if row["month_value"] is not None:
            by_enterprise[row["report__enterprise_id"]][index] = row["month_value"]
    rows = []
    for point in points:
        since = end - month_index(point.producing_on.year, point.producing_on.month) + 1
        counted = max(0, min(since, WINDOW))
        months = range(end - counted + 1, end + 1)
        reported = by_enterprise.get(point.enterprise_id, {})
        output = sum((reported[m] for m in months if m in reported), Decimal(0))
        annualised = output * WINDOW / counted if counted else Decimal(0)
        rate = annualised / point.designed_output * HUNDRED if counted else None
        rows.append(
            GrowthPointRow(
                point_id=point.pk,
                enterprise_id=point.enterprise_id,
                enterprise=point.enterprise.name,
                park_id=point.enterprise.park_id,
                park=point.enterprise.park.name,
                source=point.get_source_display(),
                source_name=point.source_name,
                producing_on=point.producing_on,
                designed_output=point.designed_output,
                months_since_start=max(since, 0),
                months_counted=counted,
                months_missing=sum(1 for m in months if m not in reported),
                output=output,
                annualised=annualised,
                rate=rate,
                gap=point.designed_output - annualised if counted else point.designed_output,
            )
        )
    rows.sort(key=lambda r: (r.rate is None, r.rate if r.rate is not None else 0, r.enterprise))
    return rows


def leading(*, user: User, period: ReportingPeriod, park: int | None = None) -> list[LeadingRow]:
    """The 龙头企业 with a target for ``period``'s year, as of ``period``, behind first."""
    targets = list(
        OutputTarget.objects.visible_to(user)
        .select_related("enterprise__park")
        .filter(year=period.year, **({"enterprise__park_id": park} if park else {}))
    )
    end = month_index(period.year, period.month)
    ytd = {
        row["report__enterprise_id"]: row["ytd_value"]
        for row in _approved_values(user, [t.enterprise_id for t in targets], end, end)
        if row["report__period__year"] == period.year
        and row["report__period__month"] == period.month
    }
    elapsed = year_elapsed(period.year, period)
    rows = []
    for target in targets:
        output = ytd.get(target.enterprise_id)
        completion = output / target.value * HUNDRED if output is not None else None
        rows.append(
            LeadingRow(
                target_id=target.pk,
                enterprise_id=target.enterprise_id,
                enterprise=target.enterprise.name,
                park_id=target.enterprise.park_id,
                park=target.enterprise.park.name,
                year=target.year,
                target=target.value,
                output=output,
                completion=completion,
                elapsed=elapsed,
                gap=max(target.value - output, Decimal(0)) if output is not None else None,
                ahead_points=completion - elapsed if completion is not None else None,
            )
        )
    rows.sort(
        key=lambda r: (
            r.ahead_points is None,
            r.ahead_points if r.ahead_points is not None else 0,
            r.enterprise,
        )
    )
    return rows
