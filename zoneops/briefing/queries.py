"""管委会一张图: one screen of the zone (or a park) for a period, each tile read from its
module's own public queries and linking to that module's page.

No tile reads another app's models: each comes from ``queries``/``services``/``public`` of its
app (the import-linter contracts in pyproject.toml), within what the user may see, so a park
officer's page is their park's.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.appeals import public as appeals
from zoneops.approvals import public as approvals
from zoneops.briefing.models import Briefing, BriefingVersion
from zoneops.briefing.permissions import can_write
from zoneops.core import units
from zoneops.core.models import Park, User
from zoneops.core.navigation import module_allowed
from zoneops.core.queries import park_list
from zoneops.core.scope import scope_of
from zoneops.finance import public as finance
from zoneops.innovation import public as innovation
from zoneops.investment import public as investment
from zoneops.investment.public import Period
from zoneops.monitoring import public as monitoring
from zoneops.projects import public as projects
from zoneops.safety import public as safety
from zoneops.support import public as support

SPANS = ("month", "quarter", "ytd")


def span_choices() -> list[tuple[str, str]]:
    return [("month", _("本月")), ("quarter", _("本季度")), ("ytd", _("年初至今"))]


@dataclass(frozen=True)
class Window:
    """The period the page shows: a month, its quarter, or the year to its end."""

    year: int
    month: int
    span: str
    start: dt.date
    end: dt.date
    as_of: dt.date  # the end, or today when the period is still running

    @classmethod
    def of(cls, year: int, month: int, span: str, *, today: dt.date) -> Window:
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        if span == "quarter":
            first_month = (month - 1) // 3 * 3 + 1
            start = dt.date(year, first_month, 1)
            end = dt.date(year, first_month + 2, calendar.monthrange(year, first_month + 2)[1])
        elif span == "ytd":
            start, end = dt.date(year, 1, 1), last
        else:
            start, end = dt.date(year, month, 1), last
        return cls(year, month, span, start, end, min(end, max(today, start)))

    @property
    def quarter(self) -> int:
        return (self.month - 1) // 3 + 1

    @property
    def label(self) -> str:
        if self.span == "quarter":
            return _("%(year)s年第%(q)s季度") % {"year": self.year, "q": self.quarter}
        if self.span == "ytd":
            return _("%(year)s年1—%(month)s月") % {"year": self.year, "month": self.month}
        return _("%(year)s年%(month)s月") % {"year": self.year, "month": self.month}

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}"


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    note: str = ""
    css: str = ""


@dataclass
class Tile:
    key: str
    title: str
    url: str
    scope: str
    as_of: str
    figures: list[Figure] = field(default_factory=list)
    lines: list[Figure] = field(default_factory=list)  # a short list under the figures
    empty: str = ""


@dataclass
class Overview:
    window: Window
    scope: str
    park: int | None
    tiles: list[Tile]


def rate(value: Decimal | float | None) -> str:
    """A share in % (no sign): 87.5%; "—" when there is none (``core.units.pct``, as the
    briefing's sentences and the safety bulletin write a rate)."""
    return units.pct(value)


def growth(value: Decimal | None) -> str:
    if value is None:
        return "—"
    number = Decimal(value).quantize(Decimal("0.1"), ROUND_HALF_UP)
    sign = "+" if number > 0 else "−" if number < 0 else ""
    return f"{sign}{abs(number)}%"


def growth_css(value: Decimal | None) -> str:
    if value is None:
        return ""
    return "text-success" if value > 0 else "text-danger" if value < 0 else ""


def money(value: Decimal | int | None) -> str:
    return "—" if value is None else units.format_money(value, "auto")


def day_text(day: dt.date) -> str:
    """2026年12月7日, as the overview and the briefing write a day."""
    return _("%(year)s年%(month)s月%(day)s日") % {
        "year": day.year,
        "month": day.month,
        "day": day.day,
    }


def _as_of(day: dt.date) -> str:
    return _("截至 %(day)s") % {"day": day_text(day)}


def place(user: User) -> tuple[str, int | None]:
    """The page's scope in words, and the park it is narrowed to (a park officer's)."""
    scope = scope_of(user)
    if scope.zone or scope.department_sees_zone:
        return _("全区"), None
    parks = list(park_list(user=user).filter(pk__in=scope.parks))
    if len(parks) == 1:
        return parks[0].name, parks[0].pk
    return "、".join(p.name for p in parks) or _("无"), None


# ---- the tiles ---------------------------------------------------------------------------------


def economy_tile(user: User, window: Window, scope: str, park: int | None) -> Tile:
    tile = Tile("economy", _("经济运行"), reverse("monitoring:dashboard"), scope, "")
    economy = monitoring.economy_overview(
        user=user, year=window.year, month=window.month, park=park
    )
    if economy is None:
        tile.empty = _("尚无已审核的月报")
        return tile
    tile.as_of = _("%(period)s累计（已审核月报）") % {"period": economy.period}
    for line in economy.lines:
        tile.figures.append(
            Figure(
                line.name,
                line.value,
                _("同口径 %(growth)s") % {"growth": growth(line.growth)},
                growth_css(line.growth),
            )
        )
    if economy.rank_sentence:
        tile.lines.append(Figure(_("全省排位（产值增速）"), economy.rank_sentence))
    for target in economy.targets:
        tile.lines.append(
            Figure(
                target.name,
                _("完成 %(done)s，序时 %(elapsed)s")
                % {"done": rate(target.completion), "elapsed": rate(target.time_elapsed)},
                target.schedule,
                target.schedule_class,
            )
        )
    return tile


BEHIND_SHOWN = 3  # each list, so that the page still prints on one A4 sheet


def capacity_tile(user: User, window: Window, scope: str, park: int | None) -> Tile:
    """达产达效: 新增长点 below their designed output and 龙头企业 behind 序时进度."""
    tile = Tile("capacity", _("达产达效"), reverse("monitoring:capacity"), scope, "")
    found = monitoring.capacity_overview(user=user, year=window.year, month=window.month, park=park)
    if found is None:
        tile.empty = _("尚无已审核的月报")
        return tile
    tile.url += f"?period={found.year}-{found.month:02d}"
    tile.as_of = _("截至%(period)s（已审核月报）") % {"period": found.period}
    tile.figures += [
        Figure(
            _("新增长点已达产"),
            f"{found.at_design}/{found.growth_points}",
            _("达产率 = 近12个月产值 ÷ 设计年产值"),
        ),
        Figure(
            _("龙头企业达到序时进度"),
            f"{found.on_pace}/{found.leading}",
            _("年度产值目标"),
        ),
    ]
    for point in found.points_behind[:BEHIND_SHOWN]:
        tile.lines.append(
            Figure(
                point.enterprise,
                _("达产率 %(rate)s") % {"rate": rate(point.rate)},
                _("投产 %(n)s 个月，差 %(gap)s")
                % {"n": point.months_since_start, "gap": units.format_money(point.gap, "亿元")},
                "text-danger",
            )
        )
    for lead in found.leading_behind[:BEHIND_SHOWN]:
        tile.lines.append(
            Figure(
                lead.enterprise,
                _("完成 %(done)s，序时 %(elapsed)s")
                % {"done": rate(lead.completion), "elapsed": rate(lead.elapsed)},
                _("还需 %(gap)s") % {"gap": units.format_money(lead.gap, "亿元")},
                "text-danger",
            )
        )
    return tile


def investment_tile(user: User, window: Window, scope: str, park: int | None) -> Tile:
    tile = Tile("investment", _("招商引资"), reverse("investment:dashboard"), _("全区"), "")
    tile.as_of = _as_of(window.as_of)
    period = Period(window.year, None if window.span == "ytd" else window.quarter)
    targets = list(investment.targets_for(user=user, period=period))
    zone = next((t for t in targets if t.chain_id is None and t.officer_id is None), None)
    if zone is None:
        tile.empty = _("%(period)s未设招商目标") % {"period": period.label}
    else:
        progress = investment.progress(zone, today=window.as_of)
        words, css = progress.pace_words
        tile.figures += [
            Figure(
                _("%(period)s签约项目") % {"period": period.label},
                _("%(n)s 个") % {"n": progress.count},
                _("目标 %(n)s 个，完成 %(pct)s")
                % {"n": zone.project_count, "pct": rate(progress.count_pct)},
            ),
            Figure(
                _("签约金额"),
                money(progress.amount),
                _("目标 %(amount)s，完成 %(pct)s")
                % {"amount": money(zone.amount), "pct": rate(progress.amount_pct)},
            ),
            Figure(_("时间进度"), rate(progress.elapsed), words, css),
        ]
    arrivals = investment.arrival_list(user=user, period=Period(window.year, None)).filter(
        month__gte=window.start, month__lte=window.end
    )
    arrived = arrivals.aggregate(total=Sum("amount"))["total"]
    # Targets are the zone's; the arrivals are those of the projects the user may see.
    tile.figures.append(Figure(_("到位资金"), money(arrived or 0), f"{scope} · {window.label}"))
    return tile


def projects_tile(user: User, window: Window, scope: str, park: int | None) -> Tile:
    board = projects.dashboard(user=user, year=window.year, park=park)
    tile = Tile("projects", _("重点项目"), reverse("projects:dashboard"), scope, _as_of(board.day))
    tile.figures += [
        Figure(
            _("开工率"),
            rate(board.start_rate),
            _("应开工 %(due)s 个，已开工 %(started)s 个")
            % {"due": board.due_to_start, "started": board.started_of_due},
        ),
        Figure(
            _("年度投资完成"),
            rate(board.completion),
            _("%(done)s / 计划 %(plan)s，序时 %(elapsed)s")
            % {
                "done": money(board.year_completed),
                "plan": money(board.year_planned),
                "elapsed": rate(board.elapsed),
            },
            growth_css(board.schedule_gap),
        ),
        Figure(_("项目数"), _("%(n)s 个") % {"n": board.projects}),
    ]
    labels = {
        projects.NOT_STARTED: _("逾期未开工"),
        projects.BEHIND: _("进度滞后"),
        projects.OVERDUE: _("问题超期"),
        projects.MISSING_UPDATE: _("台账未更新"),
    }
    for kind, count in sorted(board.warning_counts.items(), key=lambda kv: -kv[1]):
        tile.lines.append(Figure(str(labels.get(kind, kind)), _("%(n)s 个") % {"n": count}))
    return tile


def services_tile(user: User, window: Window, scope: str, park: int | None) -> Tile:
    tile = Tile("appeals", _("企业服务"), reverse("appeals:stats"), scope, _as_of(window.as_of))
    _rows, total = appeals.department_scores(
        user=user, start=window.start, end=window.end, today=window.as_of
    )
    counts = appeals.counts(user=user, today=window.as_of)
    tile.figures += [
        Figure(_("诉求受理"), _("%(n)s 件") % {"n": total.received}, window.label),
        Figure(_("响应率"), rate(total.response_rate)),
        Figure(_("解决率"), rate(total.resolution_rate)),
        Figure(_("满意率"), rate(total.satisfaction_rate)),
        Figure(
            _("超期未办结"),
            _("%(n)s 件") % {"n": counts["overdue"]},
            _("在办 %(n)s 件") % {"n": counts["open"]},
            "text-danger" if counts["overdue"] else "",
        ),
    ]
    if module_allowed(user, "difficulties"):
        summary = support.support_summary(user=user, today=window.as_of)
        tile.figures += [
            Figure(_("未解决难点堵点"), _("%(n)s 个") % {"n": summary["open_difficulties"]}),
            Figure(
                _("惠企资金（累计核定）"),
                money(summary["approved"]),
                _("已拨付 %(amount)s") % {"amount": money(summary["disbursed"])},
            ),
        ]
    return tile


def finance_tile(user: User, window: Window, scope: str, park: int | None) -> Tile:
    tile = Tile("finance", _("金融服务"), reverse("finance:dashboard"), scope, _as_of(window.as_of))
    figures = finance.finance_overview(user=user, start=window.start, end=window.as_of)
    tile.figures += [
        Figure(
            _("银企对接签约"),
            money(figures.signed),
            _("已放款 %(amount)s，落地率 %(rate)s")
            % {"amount": money(figures.signed_disbursed), "rate": rate(figures.landing_rate)},
        ),
        Figure(
            _("融资需求"),
            _("%(n)s 笔") % {"n": figures.needs},
            money(figures.need_amount),
        ),
        Figure(_("授信 / 放款"), f"{money(figures.credited)} / {money(figures.disbursed)}"),
        Figure(_("响应率"), rate(figures.response_rate)),
    ]
    return tile


def safety_tile(user: User, window: Window, scope: str, park: int | None) -> Tile:
    tile = Tile("safety", _("安全生产"), reverse("safety:home"), scope, _as_of(window.as_of))
    figures = safety.briefing_figures(user=user, today=window.as_of, start=window.start)
    tile.figures += [
        Figure(
            _("未销号隐患"),
            _("%(n)s 条") % {"n": figures.open_hazards},
            _("其中重大 %(n)s 条") % {"n": figures.open_major},
            "text-danger" if figures.open_major else "",
        ),
        Figure(
            _("逾期未整改"),
            _("%(n)s 条") % {"n": figures.overdue},
            _("其中重大 %(n)s 条") % {"n": figures.overdue_major},
            "text-danger" if figures.overdue else "",
        ),
        Figure(
            _("本期发现 / 整改"),
            f"{figures.found_in_period} / {figures.closed_in_period}",
            _("按期整改率 %(rate)s") % {"rate": rate(figures.on_time_rate)},
        ),
        Figure(
            _("网格 / 演练覆盖率"),
            f"{rate(figures.coverage_rate)} / {rate(figures.drill_rate)}",
            _("本期检查 %(n)s 次") % {"n": figures.inspections_in_period},
        ),
    ]
    return tile


def approvals_tile(user: User, window: Window, scope: str, park: int | None) -> Tile:
    tile = Tile("approvals", _("审批服务"), reverse("approvals:board"), scope, _as_of(window.as_of))
    figures = approvals.overview_figures(user=user, today=window.as_of)
    tile.figures += [
        Figure(_("在审项目"), _("%(n)s 个") % {"n": figures.projects}),
        Figure(
            _("在办事项"),
            _("%(n)s 项") % {"n": figures.items_open},
            _("超时 %(n)s 项") % {"n": figures.items_overdue},
            "text-danger" if figures.items_overdue else "",
        ),
        Figure(
            _("全流程平均"),
            _("%(n)s 个工作日") % {"n": figures.average_total_days}
            if figures.average_total_days is not None
            else "—",
            _("超目标 %(n)s 个") % {"n": figures.over_target},
        ),
    ]
    return tile


def innovation_tile(user: User, window: Window, scope: str, park: int | None) -> Tile:
    tile = Tile(
        "innovation", _("科技创新"), reverse("innovation:dashboard"), scope, _as_of(window.as_of)
    )
    figures = innovation.overview_figures(user=user, today=window.as_of)
    tile.figures += [
        Figure(_("研发平台"), _("%(n)s 个") % {"n": figures.platforms}),
        Figure(
            _("每百家规上企业平台数"),
            "—" if figures.platforms_per_100 is None else str(figures.platforms_per_100),
        ),
        Figure(_("人才"), _("%(n)s 人") % {"n": figures.talents}),
        Figure(_("本年到期认定"), _("%(n)s 项") % {"n": len(figures.due_this_year)}),
    ]
    return tile


def _points(value: Decimal | None) -> str:
    """Percentage points with their sign, two decimals: +1.04 / −0.25."""
    if value is None:
        return "—"
    number = Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP)
    sign = "+" if number > 0 else "−" if number < 0 else ""
    return f"{sign}{abs(number)}"


def structure_tile(user: User, window: Window, scope: str, park: int | None) -> Tile:
    """产业结构 (issue 17 item 5): the first classification's top nodes, 按产值测算, from
    ``monitoring.public.structure_overview`` (the structure page's own figures)."""
    tile = Tile(
        "structure", _("产业结构（按产值测算）"), reverse("monitoring:structure"), scope, ""
    )
    tables = monitoring.structure_overview(
        user=user, year=window.year, month=window.month, park=park
    )
    if not tables:
        tile.empty = _("尚无产业分类或已审核的月报")
        return tile
    table = tables[0]
    tile.as_of = _("%(period)s累计") % {"period": table.period}
    tile.lines.append(Figure(_("分类"), table.classification))
    for line in table.lines:
        tile.figures.append(
            Figure(
                line.name,
                _("占 %(share)s") % {"share": rate(line.output_share)},
                _("同口径 %(growth)s，拉动 %(pull)s 个百分点")
                % {"growth": growth(line.output_growth), "pull": _points(line.output_pull)},
                growth_css(line.output_growth),
            )
        )
    for other in tables[1:3]:
        shares = "、".join(
            f"{line.name} {rate(line.output_share)}" for line in other.lines if line.output_share
        )
        tile.lines.append(Figure(other.classification, shares or "—"))
    return tile


TILES: tuple[tuple[str, Callable[[User, Window, str, int | None], Tile]], ...] = (
    ("monitoring", economy_tile),
    ("monitoring", capacity_tile),
    ("investment", investment_tile),
    ("projects", projects_tile),
    ("appeals", services_tile),
    ("finance", finance_tile),
    ("safety", safety_tile),
    ("approvals", approvals_tile),
    ("innovation", innovation_tile),
    ("monitoring", structure_tile),
)


def overview(*, user: User, window: Window) -> Overview:
    """The tiles of the modules the user may open, for the window, in the user's scope."""
    scope, park = place(user)
    tiles = [build(user, window, scope, park) for key, build in TILES if module_allowed(user, key)]
    return Overview(window=window, scope=scope, park=park, tiles=tiles)


def home_panel(*, user: User, today: dt.date | None = None) -> dict[str, Any] | None:
    """The home page's overview: the zone leader's (and a park officer's, of their park)."""
    if getattr(user, "role", "") not in ("zone_leader", "park_officer"):
        return None
    if not module_allowed(user, "briefing"):
        return None
    day = today or timezone.localdate()
    # The running quarter: early in a month, the month alone has too little to read.
    window = Window.of(day.year, day.month, "quarter", today=day)
    return {"overview": overview(user=user, window=window)}


# ---- the monthly briefing ---------------------------------------------------------------------


def briefing_list(*, user: User) -> QuerySet[Briefing]:
    """The briefings the user may read: the zone's for the zone-wide, a park's for its park."""
    return (
        Briefing.objects.visible_to(user)
        .select_related("park", "created_by")
        .prefetch_related("versions__issued_by")
    )


def briefing_get(*, user: User, briefing_id: int) -> Briefing:
    return get_object_or_404(briefing_list(user=user), pk=briefing_id)


def version_get(*, user: User, version_id: int) -> BriefingVersion:
    return get_object_or_404(
        BriefingVersion.objects.filter(briefing__in=Briefing.objects.visible_to(user)),
        pk=version_id,
    )


def writable_parks(user: User) -> tuple[QuerySet[Park], bool]:
    """The parks this user may write a briefing for, and whether the zone's too."""
    parks = park_list(user=user)
    zone = can_write(user, None)
    if not zone:
        parks = parks.filter(pk__in=scope_of(user).parks)
    return parks, zone
