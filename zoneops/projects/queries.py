"""Reads of the key projects: every list starts from KeyProject.objects.visible_to(user).

The figures a ledger keeps are computed, never typed: the year's plan is the sum of its
months, the cumulative investment is what was completed before the year plus the monthly
updates, and the completion rate is this year's completed investment over this year's plan,
compared with the share of the year that has passed (the time schedule, 时间进度).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.core.models import User
from zoneops.core.templatetags.zoneops import cn_date
from zoneops.projects.models import (
    Category,
    FundingKind,
    FundingSource,
    KeyProject,
    LedgerUpdate,
    PlannedInvestment,
    Problem,
    Status,
    TaskForceMember,
    WarningRules,
)
from zoneops.projects.services import warning_rules

ZERO = Decimal(0)
HUNDRED = Decimal(100)
_MONEY: DecimalField[Any, Any] = DecimalField(max_digits=18, decimal_places=2)


@dataclass(frozen=True)
class ProjectFilter:
    year: int | None = None
    category: str = ""
    level: str = ""
    park: int | None = None
    status: str = ""
    q: str = ""
    warning: bool = False


def as_of(rules: WarningRules | None = None) -> dt.date:
    """The day the figures are judged on: the rules' as-of date, or today."""
    rules = rules or warning_rules()
    return rules.as_of or timezone.localdate()


def time_elapsed(year: int, day: dt.date) -> Decimal:
    """The share of ``year`` that has passed on ``day``, in percent (0 before, 100 after)."""
    if day.year < year:
        return ZERO
    if day.year > year:
        return HUNDRED
    days = 366 if calendar.isleap(year) else 365
    return (Decimal(day.timetuple().tm_yday) / days * HUNDRED).quantize(Decimal("0.1"))


def _sum(model: type[Any], field_name: str, **filters: Any) -> Subquery:
    rows = (
        model.objects.filter(project=OuterRef("pk"), **filters)
        .order_by()
        .values("project")
        .annotate(total=Sum(field_name))
        .values("total")
    )
    return Subquery(rows, output_field=_MONEY)


def with_figures(projects: QuerySet[KeyProject]) -> QuerySet[KeyProject]:
    """Annotate the year's plan, this year's completed investment and the total completed."""
    return projects.annotate(
        year_planned=Coalesce(_sum(PlannedInvestment, "amount"), ZERO, output_field=_MONEY),
        updates_total=Coalesce(_sum(LedgerUpdate, "investment"), ZERO, output_field=_MONEY),
        year_completed=Coalesce(
            Subquery(
                LedgerUpdate.objects.filter(project=OuterRef("pk"), month__year=OuterRef("year"))
                .order_by()
                .values("project")
                .annotate(total=Sum("investment"))
                .values("total"),
                output_field=_MONEY,
            ),
            ZERO,
            output_field=_MONEY,
        ),
        open_problems=Count(
            "problems", filter=Q(problems__resolved_on__isnull=True), distinct=True
        ),
    )


def completion_rate(completed: Decimal, planned: Decimal) -> Decimal | None:
    if not planned:
        return None
    return (Decimal(completed) / Decimal(planned) * HUNDRED).quantize(Decimal("0.1"))


def project_list(*, user: User, filters: ProjectFilter | None = None) -> QuerySet[KeyProject]:
    filters = filters or ProjectFilter()
    projects = KeyProject.objects.visible_to(user).select_related(
        "park", "owner_enterprise", "industry", "leader"
    )
    if filters.year:
        projects = projects.filter(year=filters.year)
    if filters.category:
        projects = projects.filter(category=filters.category)
    if filters.level:
        projects = projects.filter(level=filters.level)
    if filters.park:
        projects = projects.filter(park_id=filters.park)
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.q:
        projects = projects.filter(
            Q(name__icontains=filters.q) | Q(owner_name__icontains=filters.q)
        )
    return with_figures(projects).order_by("-year", "park__order", "name")


def key_project_visible(*, user: User, key_project_id: int) -> bool:
    """Whether the reader may open this key project (another app links to it only then)."""
    return KeyProject.objects.visible_to(user).filter(pk=key_project_id).exists()


def project_years(*, user: User) -> list[int]:
    years = KeyProject.objects.visible_to(user).order_by("-year").values_list("year", flat=True)
    return list(dict.fromkeys(years))


def project_detail_queryset(*, user: User) -> QuerySet[KeyProject]:
    return with_figures(
        KeyProject.objects.visible_to(user)
        .select_related("park", "owner_enterprise", "industry", "leader")
        .prefetch_related(
            Prefetch("members", queryset=TaskForceMember.objects.select_related("user")),
            "plan_months",
            "funding",
            Prefetch(
                "updates",
                queryset=LedgerUpdate.objects.select_related("created_by").prefetch_related(
                    "attachments"
                ),
            ),
            Prefetch("problems", queryset=Problem.objects.select_related("department")),
        )
    )


def update_list(*, user: User) -> QuerySet[LedgerUpdate]:
    return LedgerUpdate.objects.visible_to(user).select_related("project", "created_by")


def problem_list(*, user: User) -> QuerySet[Problem]:
    return Problem.objects.visible_to(user).select_related("project", "department")


def funding_list(*, user: User) -> QuerySet[FundingSource]:
    return FundingSource.objects.visible_to(user).select_related("project")


def member_list(*, user: User) -> QuerySet[TaskForceMember]:
    return TaskForceMember.objects.visible_to(user).select_related("project", "user")


# ---- warnings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Warning:
    """One warning on a project: its kind (for filtering and colour) and what it says."""

    kind: str
    message: str


NOT_STARTED, BEHIND, OVERDUE, MISSING_UPDATE = "not_started", "behind", "overdue", "missing"


def _previous_month(day: dt.date) -> dt.date:
    first = day.replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1)


def project_warnings(
    project: KeyProject,
    *,
    rules: WarningRules,
    day: dt.date,
    update_months: set[dt.date],
    overdue: int,
) -> list[Warning]:
    """The warnings of one annotated project (see :func:`with_figures`) on ``day``."""
    found: list[Warning] = []
    finished = project.status == Status.COMPLETED
    if project.planned_start and project.planned_start < day and project.actual_start is None:
        found.append(
            Warning(
                NOT_STARTED,
                _("计划%(date)s开工，已逾期%(days)d天仍未开工")
                % {
                    "date": cn_date(project.planned_start),
                    "days": (day - project.planned_start).days,
                },
            )
        )
    rate = completion_rate(project.year_completed, project.year_planned)  # type: ignore[attr-defined]
    elapsed = time_elapsed(project.year, day)
    # Only a project under way can be behind; one not started has its own warning.
    started = project.actual_start is not None and project.actual_start <= day
    if rate is not None and started and not finished and elapsed - rate > rules.lag_points:
        found.append(
            Warning(
                BEHIND,
                _("本年完成%(rate)s%%，落后时间进度%(points)s个百分点")
                % {"rate": rate, "points": (elapsed - rate).quantize(Decimal("0.1"))},
            )
        )
    if overdue:
        found.append(Warning(OVERDUE, _("%(n)d个问题超过办结时限") % {"n": overdue}))
    due = _previous_month(day)
    if (
        project.actual_start is not None
        and not finished
        and due.year == project.year
        and project.actual_start <= due.replace(day=28)
        and day.day > rules.update_day
        and due not in update_months
    ):
        found.append(Warning(MISSING_UPDATE, _("%(month)s台账未更新") % {"month": f"{due:%Y-%m}"}))
    return found


def warnings_for(
    projects: list[KeyProject], *, rules: WarningRules | None = None, day: dt.date | None = None
) -> dict[int, list[Warning]]:
    """Warnings by project id, for annotated projects, in three queries whatever their number."""
    rules = rules or warning_rules()
    day = day or as_of(rules)
    ids = [p.pk for p in projects]
    months: dict[int, set[dt.date]] = defaultdict(set)
    for project_id, month in LedgerUpdate.objects.filter(project_id__in=ids).values_list(
        "project_id", "month"
    ):
        months[project_id].add(month)
    overdue = dict(
        Problem.objects.filter(project_id__in=ids, resolved_on__isnull=True, deadline__lt=day)
        .order_by()
        .values("project_id")
        .annotate(n=Count("pk"))
        .values_list("project_id", "n")
    )
    return {
        p.pk: project_warnings(
            p, rules=rules, day=day, update_months=months[p.pk], overdue=overdue.get(p.pk, 0)
        )
        for p in projects
    }


# ---- one project ----------------------------------------------------------------------------


def cumulative_series(project: KeyProject) -> dict[str, list[Decimal | None]]:
    """Planned and actual cumulative investment month by month over the project's year (元);
    actual stops at the last month with an update."""
    plan = {p.month: p.amount for p in project.plan_months.all()}
    done = {
        u.month.month: u.investment for u in project.updates.all() if u.month.year == project.year
    }
    planned: list[Decimal | None] = []
    actual: list[Decimal | None] = []
    running_plan = ZERO
    running_done = ZERO
    last = max(done) if done else 0
    for month in range(1, 13):
        running_plan += plan.get(month, ZERO)
        planned.append(running_plan)
        running_done += done.get(month, ZERO)
        actual.append(running_done if month <= last else None)
    return {"planned": planned, "actual": actual}


def resolution_rate(problems: list[Problem]) -> Decimal | None:
    if not problems:
        return None
    resolved = sum(1 for p in problems if p.resolved_on is not None)
    return (Decimal(resolved) / len(problems) * HUNDRED).quantize(Decimal("0.1"))


# ---- dashboard ------------------------------------------------------------------------------


@dataclass
class Group:
    label: str
    projects: int = 0
    total_investment: Decimal = ZERO
    year_planned: Decimal = ZERO
    year_completed: Decimal = ZERO

    @property
    def completion(self) -> Decimal | None:
        return completion_rate(self.year_completed, self.year_planned)


@dataclass
class Dashboard:
    year: int
    day: dt.date
    projects: int = 0
    started: int = 0
    due_to_start: int = 0
    started_of_due: int = 0
    completed: int = 0
    total_investment: Decimal = ZERO
    year_planned: Decimal = ZERO
    year_completed: Decimal = ZERO
    elapsed: Decimal = ZERO
    by_park: list[Group] = field(default_factory=list)
    by_category: list[Group] = field(default_factory=list)
    by_level: list[Group] = field(default_factory=list)
    funding: list[dict[str, Any]] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    warned: list[tuple[KeyProject, list[Warning]]] = field(default_factory=list)
    warning_counts: dict[str, int] = field(default_factory=dict)

    @property
    def start_rate(self) -> Decimal | None:
        return completion_rate(Decimal(self.started_of_due), Decimal(self.due_to_start))

    @property
    def completion(self) -> Decimal | None:
        return completion_rate(self.year_completed, self.year_planned)

    @property
    def schedule_gap(self) -> Decimal | None:
        """Completion minus time elapsed, in points: positive is ahead of the time schedule."""
        rate = self.completion
        return None if rate is None else rate - self.elapsed


def _group(groups: dict[Any, Group], key: Any, label: str, project: Any) -> None:
    group = groups.setdefault(key, Group(label=label))
    group.projects += 1
    group.total_investment += project.total_investment
    group.year_planned += project.year_planned
    group.year_completed += project.year_completed


def dashboard(*, user: User, year: int, park: int | None = None) -> Dashboard:
    """The plan of ``year`` as the user may see it: start rate (开工率: started among the
    projects due to have started), completion against the time schedule, investment by park,
    category and level, funding by source, problems by department, and the warnings."""
    rules = warning_rules()
    day = as_of(rules)
    projects = list(project_list(user=user, filters=ProjectFilter(year=year, park=park)))
    board = Dashboard(year=year, day=day, elapsed=time_elapsed(year, day))
    parks: dict[Any, Group] = {}
    categories: dict[Any, Group] = {}
    levels: dict[Any, Group] = {}
    for p in projects:
        board.projects += 1
        board.started += p.actual_start is not None
        due = p.planned_start is not None and p.planned_start <= day
        board.due_to_start += due
        board.started_of_due += due and p.actual_start is not None
        board.completed += p.status == Status.COMPLETED
        board.total_investment += p.total_investment
        board.year_planned += p.year_planned  # type: ignore[attr-defined]
        board.year_completed += p.year_completed  # type: ignore[attr-defined]
        _group(parks, (p.park.order, p.park_id), p.park.name, p)
        _group(categories, p.category, p.get_category_display(), p)
        _group(levels, p.level, p.get_level_display(), p)
    board.by_park = [parks[k] for k in sorted(parks)]
    order = {value: i for i, value in enumerate(Category.values)}
    board.by_category = [categories[k] for k in sorted(categories, key=order.__getitem__)]
    board.by_level = list(levels.values())
    ids = [p.pk for p in projects]
    board.funding = funding_by_kind(ids)
    board.problems = problems_by_department(ids, day)
    warnings = warnings_for(projects, rules=rules, day=day)
    # The most pressing first: not started, then overdue problems, then the rest.
    weight = {NOT_STARTED: 0, OVERDUE: 1, BEHIND: 2, MISSING_UPDATE: 3}
    warned = [(p, warnings[p.pk]) for p in projects if warnings[p.pk]]
    board.warned = sorted(warned, key=lambda item: min(weight[w.kind] for w in item[1]))
    counts: dict[str, int] = defaultdict(int)
    for found in warnings.values():
        for w in found:
            counts[w.kind] += 1
    board.warning_counts = dict(counts)
    return board


def funding_by_kind(project_ids: list[int]) -> list[dict[str, Any]]:
    rows = {
        r["kind"]: r
        for r in FundingSource.objects.filter(project_id__in=project_ids)
        .order_by()
        .values("kind")
        .annotate(
            requested=Sum("requested"),
            approved=Sum("approved"),
            disbursed=Sum("disbursed"),
            projects=Count("project", distinct=True),
        )
    }
    return [
        {
            "kind": kind,
            "label": label,
            "requested": rows[kind]["requested"],
            "approved": rows[kind]["approved"],
            "disbursed": rows[kind]["disbursed"],
            "projects": rows[kind]["projects"],
        }
        for kind, label in FundingKind.choices
        if kind in rows
    ]


def problems_by_department(project_ids: list[int], day: dt.date) -> list[dict[str, Any]]:
    rows = (
        Problem.objects.filter(project_id__in=project_ids)
        .order_by("department__order", "department__code")
        .values("department__name")
        .annotate(
            total=Count("pk"),
            resolved=Count("pk", filter=Q(resolved_on__isnull=False)),
            overdue=Count("pk", filter=Q(resolved_on__isnull=True, deadline__lt=day)),
        )
    )
    return [
        {
            "department": r["department__name"],
            "total": r["total"],
            "resolved": r["resolved"],
            "open": r["total"] - r["resolved"],
            "overdue": r["overdue"],
            "rate": completion_rate(Decimal(r["resolved"]), Decimal(r["total"])),
        }
        for r in rows
    ]
