"""达产达效 of the demo zone: producing investment projects hand their designed output over to
the local enterprise that carries them (增资扩产), the economy office enters two 新增长点 of its
own, and the zone's 龙头企业 get this year's output target.

Figures are set against each enterprise's own approved output so that the page reads like a
real zone's: some growth points at or beyond their design, most still ramping up (a few
months in, or well short after a year), and some 龙头企业 behind 序时进度.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q, Sum

from zoneops.demo.context import DemoContext
from zoneops.enterprises import services as registry
from zoneops.enterprises.models import ChainRole, Enterprise, GrowthPoint
from zoneops.investment import services as investment
from zoneops.investment.models import Project, Stage
from zoneops.monitoring.models import ReportingPeriod, ReportStatus, ReportValue

WAN = Decimal(10_000)
OUTPUT = "output_value"
# 达产率 the demo aims each project's enterprise at (designed = actual ÷ ratio).
PROJECT_RATIOS = (Decimal("0.62"), Decimal("1.08"), Decimal("0.81"), Decimal("0.47"))
# (months before the latest report month the office's growth point started, ratio)
OFFICE_POINTS = ((5, Decimal("0.74")), (16, Decimal("1.03")))
# A 龙头企业's target against its pace so far (>1: behind 序时进度).
TARGET_FACTORS = (
    Decimal("1.18"),
    Decimal("0.95"),
    Decimal("1.07"),
    Decimal("1.25"),
    Decimal("0.9"),
    Decimal("1.12"),
)


def _index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _monthly() -> dict[int, dict[int, Decimal]]:
    """Every enterprise's approved monthly output, by month index."""
    found: dict[int, dict[int, Decimal]] = {}
    for enterprise_id, y, m, v in ReportValue.objects.filter(
        report__status=ReportStatus.APPROVED,
        indicator__code=OUTPUT,
        month_value__isnull=False,
    ).values_list(
        "report__enterprise_id", "report__period__year", "report__period__month", "month_value"
    ):
        found.setdefault(enterprise_id, {})[_index(y, m)] = v or Decimal(0)
    return found


def _annual(values: dict[int, Decimal], start: int, end: int) -> Decimal | None:
    """The annualised output of the months start..end (at most the last twelve)."""
    months = [m for m in range(max(start, end - 11), end + 1)]
    if not months:
        return None
    total = sum((values.get(m, Decimal(0)) for m in months), Decimal(0))
    return total * 12 / len(months) if total > 0 else None


def _round_wan(value: Decimal) -> Decimal:
    return (value / WAN).quantize(Decimal(1)) * WAN


def build_capacity(ctx: DemoContext) -> None:
    latest = (
        ReportingPeriod.objects.filter(reports__status=ReportStatus.APPROVED)
        .order_by("-year", "-month")
        .first()
    )
    if latest is None:
        return
    end = _index(latest.year, latest.month)
    economy = ctx.users["econ"]
    rng = ctx.stream("capacity")
    taken: set[int] = set()
    reporters = list(
        Enterprise.objects.filter(monthly_reports__status=ReportStatus.APPROVED)
        .distinct()
        .order_by("credit_code")
    )
    monthly = _monthly()
    handed = 0
    projects = Project.objects.filter(
        stage=Stage.PRODUCING, enterprise__isnull=True, expected_output__isnull=False
    ).order_by("producing_on", "pk")
    for project, ratio in zip(projects, PROJECT_RATIOS, strict=False):
        assert project.producing_on is not None
        start = _index(project.producing_on.year, project.producing_on.month)
        designed = project.expected_output or Decimal(0)
        # The reporting enterprise of the project's park whose output since the start is
        # nearest the ratio aimed at: the project is its expansion (增资扩产).
        best: tuple[Decimal, Enterprise] | None = None
        for enterprise in reporters:
            if enterprise.pk in taken or (
                project.park_id and enterprise.park_id != project.park_id
            ):
                continue
            annual = _annual(monthly.get(enterprise.pk, {}), start, end)
            if annual is None:
                continue
            miss = abs(annual / designed - ratio)
            if best is None or miss < best[0]:
                best = (miss, enterprise)
        if best is None:
            continue
        taken.add(best[1].pk)
        investment.project_link_enterprise(
            actor=project.follow_up or economy, project=project, enterprise=best[1], check=False
        )
        handed += 1
    office = 0
    candidates = [e for e in reporters if e.pk not in taken]
    rng.shuffle(candidates)
    for (months_ago, ratio), enterprise in zip(OFFICE_POINTS, candidates, strict=False):
        year, month = divmod(end - months_ago, 12)
        start_on = dt.date(year, month + 1, 1) + dt.timedelta(days=rng.randint(0, 20))
        annual = _annual(monthly.get(enterprise.pk, {}), end - months_ago, end)
        if annual is None or start_on > ctx.today:
            continue
        registry.growth_point_set(
            actor=economy,
            enterprise=enterprise,
            designed_output=_round_wan(annual / ratio),
            producing_on=start_on,
            note="二期技改扩能",
            check=False,
        )
        taken.add(enterprise.pk)
        office += 1
    leaders = list(
        Enterprise.objects.filter(
            Q(tags__code__in=registry.LEADING_TAGS) | Q(chain_memberships__role=ChainRole.OWNER)
        )
        .distinct()
        .order_by("credit_code")
    )
    targets = 0
    for enterprise, factor in zip(leaders, TARGET_FACTORS, strict=False):
        ytd = ReportValue.objects.filter(
            report__enterprise=enterprise,
            report__period=latest,
            report__status=ReportStatus.APPROVED,
            indicator__code=OUTPUT,
        ).aggregate(total=Sum("ytd_value"))["total"]
        if not ytd:
            continue
        registry.output_target_set(
            actor=economy,
            enterprise=enterprise,
            year=latest.year,
            value=_round_wan(ytd * 12 / latest.month * factor),
            check=False,
        )
        targets += 1
    ctx.counts["growth_points"] = GrowthPoint.objects.count()
    ctx.counts["output_targets"] = targets
    ctx.say(
        f"达产达效：{handed} 个投产项目移交设计产值，{office} 个经济发展局录入的新增长点，"
        f"{targets} 户龙头企业年度产值目标"
    )
