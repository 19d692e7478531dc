"""Reads for work safety: every list starts from ``visible_to(user)``.

:func:`briefing_figures` is the public read the leaders' briefing (issue 17) takes its safety
figures from; other apps use it, never the models.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.core.models import User
from zoneops.core.navigation import module_allowed
from zoneops.enterprises.models import Enterprise
from zoneops.safety.models import (
    COLOUR_ORDER,
    OPEN_STATUSES,
    Accident,
    AccidentGrade,
    Checklist,
    Drill,
    DrillKind,
    DrillRule,
    EmergencyPlan,
    Grid,
    Hazard,
    HazardLevel,
    HazardStatus,
    HazardStep,
    HighRiskWork,
    Inspection,
    Reminder,
    RiskColour,
    RiskPoint,
    SafetyProfile,
    Source,
    StepKind,
    is_grid_member,
)


def enterprises(*, user: User) -> QuerySet[Enterprise]:
    """The enterprises this person works in safety: a grid member's grid, else their scope."""
    if is_grid_member(user):
        return Enterprise.objects.filter(safety_profile__grid__members=user)
    return Enterprise.objects.visible_to(user)


def grids(*, user: User) -> QuerySet[Grid]:
    return (
        Grid.objects.visible_to(user)
        .select_related("area__park", "head")
        .prefetch_related("members")
        .distinct()
    )


def profiles(*, user: User) -> QuerySet[SafetyProfile]:
    return SafetyProfile.objects.visible_to(user).select_related("enterprise", "grid")


def checklists() -> QuerySet[Checklist]:
    return Checklist.objects.annotate(item_count=Count("items"))


def inspections(*, user: User) -> QuerySet[Inspection]:
    return Inspection.objects.visible_to(user).select_related("enterprise", "checklist")


def hazards(
    *,
    user: User,
    status: str = "",
    level: str = "",
    overdue: bool = False,
    enterprise: Enterprise | None = None,
    today: dt.date | None = None,
) -> QuerySet[Hazard]:
    found = Hazard.objects.visible_to(user).select_related("enterprise__park")
    if status == "open":
        found = found.filter(status__in=OPEN_STATUSES)
    elif status:
        found = found.filter(status=status)
    if level:
        found = found.filter(level=level)
    if overdue:
        found = found.overdue(today or timezone.localdate())
    if enterprise is not None:
        found = found.filter(enterprise=enterprise)
    return found


def reminders(*, user: User, limit: int = 10) -> list[Reminder]:
    return list(
        Reminder.objects.filter(recipient=user)
        .filter(Q(hazard__status__in=OPEN_STATUSES) | Q(hazard=None))
        .select_related("hazard", "enterprise")[:limit]
    )


@dataclass
class FirmRound:
    """An enterprise on a grid member's round: when it was last checked and whether it is due."""

    profile: SafetyProfile
    last_checked: dt.date | None
    due: bool
    open_hazards: int


def last_checks(enterprise_ids: Any, until: dt.date | None = None) -> dict[int, dt.date]:
    """The last inspection (not a self-check) of each enterprise, up to ``until`` if given."""
    found = Inspection.objects.filter(enterprise_id__in=enterprise_ids)
    if until is not None:
        found = found.filter(inspected_on__lte=until)
    rows = (
        found.exclude(source=Source.SELF).values("enterprise_id").annotate(last=Max("inspected_on"))
    )
    return {row["enterprise_id"]: row["last"] for row in rows}


def grid_round(*, user: User, grid: Grid, today: dt.date) -> list[FirmRound]:
    """A grid's enterprises, the due ones first (never checked, then longest ago)."""
    members = list(profiles(user=user).filter(grid=grid))
    ids = [p.enterprise_id for p in members]
    last = last_checks(ids)
    open_counts = dict(
        Hazard.objects.filter(enterprise_id__in=ids, status__in=OPEN_STATUSES)
        .values_list("enterprise_id")
        .annotate(n=Count("pk"))
    )
    window = today - dt.timedelta(days=grid.frequency_days)
    rows = [
        FirmRound(
            profile=p,
            last_checked=last.get(p.enterprise_id),
            due=last.get(p.enterprise_id) is None or last[p.enterprise_id] <= window,
            open_hazards=open_counts.get(p.enterprise_id, 0),
        )
        for p in members
    ]
    return sorted(rows, key=lambda r: (not r.due, r.last_checked or dt.date.min))


@dataclass
class Coverage:
    grid: Grid
    firms: int
    covered: int

    @property
    def rate(self) -> float | None:
        return round(self.covered * 100 / self.firms, 1) if self.firms else None


def coverage(*, user: User, today: dt.date) -> list[Coverage]:
    """Per grid: enterprises checked within the grid's frequency against all its enterprises."""
    found = []
    for grid in grids(user=user):
        ids = list(SafetyProfile.objects.filter(grid=grid).values_list("enterprise_id", flat=True))
        window = today - dt.timedelta(days=grid.frequency_days)
        covered = sum(1 for last in last_checks(ids, today).values() if last > window)
        found.append(Coverage(grid=grid, firms=len(ids), covered=covered))
    return found


@dataclass
class SafetyFigures:
    """The safety figures of the leaders' briefing and the dashboard, for one person's sight."""

    open_hazards: int
    open_major: int
    overdue: int
    overdue_major: int
    found_in_period: int
    major_in_period: int
    closed_in_period: int
    closed_on_time: int
    inspections_in_period: int
    coverage_rate: float | None
    drill_required: int = 0
    drill_covered: int = 0

    @property
    def drill_rate(self) -> float | None:
        return _rate(self.drill_covered, self.drill_required)

    @property
    def on_time_rate(self) -> float | None:
        if not self.closed_in_period:
            return None
        return round(self.closed_on_time * 100 / self.closed_in_period, 1)


def briefing_figures(*, user: User, today: dt.date, start: dt.date | None = None) -> SafetyFigures:
    """Hazards open (重大 among them), overdue, found and closed in the period (from ``start``,
    by default the first of the month, to ``today``), closed by their deadline, inspections
    done, and grid coverage — all within what ``user`` may see."""
    start = start or today.replace(day=1)
    visible = Hazard.objects.visible_to(user)
    open_ = visible.filter(status__in=OPEN_STATUSES)
    overdue = visible.overdue(today)
    period = visible.filter(found_on__gte=start, found_on__lte=today)
    closed = visible.filter(status=HazardStatus.CLOSED, closed_on__gte=start, closed_on__lte=today)
    figures = open_.aggregate(
        total=Count("pk"), major=Count("pk", filter=Q(level=HazardLevel.MAJOR))
    )
    late = overdue.aggregate(
        total=Count("pk"), major=Count("pk", filter=Q(level=HazardLevel.MAJOR))
    )
    found = period.aggregate(
        total=Count("pk"), major=Count("pk", filter=Q(level=HazardLevel.MAJOR))
    )
    rows = coverage(user=user, today=today)
    firms = sum(r.firms for r in rows)
    duties = drill_duties(user=user, today=today)
    return SafetyFigures(
        open_hazards=figures["total"],
        open_major=figures["major"],
        overdue=late["total"],
        overdue_major=late["major"],
        found_in_period=found["total"],
        major_in_period=found["major"],
        closed_in_period=closed.count(),
        closed_on_time=sum(
            1
            for closed_on, deadline in closed.values_list("closed_on", "deadline")
            if closed_on and closed_on <= deadline
        ),
        inspections_in_period=Inspection.objects.visible_to(user)
        .filter(inspected_on__gte=start, inspected_on__lte=today)
        .exclude(source=Source.SELF)
        .count(),
        coverage_rate=round(sum(r.covered for r in rows) * 100 / firms, 1) if firms else None,
        drill_required=len(duties),
        drill_covered=sum(1 for d in duties if not d.late),
    )


def status_counts(*, user: User) -> dict[str, Counter[str]]:
    """Hazards by level and status (the dashboard's chart)."""
    found: dict[str, Counter[str]] = defaultdict(Counter)
    rows = Hazard.objects.visible_to(user).values_list("level", "status").annotate(n=Count("pk"))
    for level, status, n in rows:
        found[level][status] = n
    return found


def overdue_by_park(*, user: User, today: dt.date) -> list[tuple[str, int]]:
    rows = (
        Hazard.objects.visible_to(user)
        .overdue(today)
        .values_list("enterprise__park__name")
        .annotate(n=Count("pk"))
        .order_by("enterprise__park__order")
    )
    return [(name, n) for name, n in rows]


def home_panel(*, user: User) -> dict[str, Any] | None:
    """The home page's safety panel: what is due on a grid member's round or an officer's
    desk; nothing for those who do not work safety."""
    if not module_allowed(user, "safety"):
        return None
    today = timezone.localdate()
    visible = Hazard.objects.visible_to(user)
    return {
        "open": visible.filter(status__in=OPEN_STATUSES).count(),
        "overdue": visible.overdue(today).count(),
        "reminders": reminders(user=user, limit=5),
    }


@dataclass
class SelfCheckFlag:
    """An enterprise whose own checks find nothing while others' inspections find hazards."""

    enterprise: Enterprise
    self_checks: int
    found_by_others: int


def self_check_flags(
    *, user: User, today: dt.date, days: int = 180, threshold: int = 2
) -> list[SelfCheckFlag]:
    """自查不实: over the last ``days``, enterprises that reported no hazard of their own
    (whether or not they ran self-checks) while inspections by others found ``threshold`` or
    more — the signal docs/domain.md#safety-measures names."""
    since = today - dt.timedelta(days=days)
    hazards = Hazard.objects.visible_to(user).filter(found_on__gt=since, found_on__lte=today)
    own = Counter(
        hazards.filter(source=Source.SELF).values_list("enterprise_id", flat=True).iterator()
    )
    others = Counter(
        hazards.exclude(source=Source.SELF).values_list("enterprise_id", flat=True).iterator()
    )
    flagged = [eid for eid, n in others.items() if n >= threshold and not own.get(eid)]
    checks = Counter(
        Inspection.objects.filter(
            enterprise_id__in=flagged,
            source=Source.SELF,
            inspected_on__gt=since,
            inspected_on__lte=today,
        )
        .values_list("enterprise_id", flat=True)
        .iterator()
    )
    firms = Enterprise.objects.in_bulk(flagged)
    rows = [
        SelfCheckFlag(
            enterprise=firms[eid],
            self_checks=checks.get(eid, 0),
            found_by_others=others[eid],
        )
        for eid in flagged
    ]
    return sorted(rows, key=lambda r: (-r.found_by_others, r.enterprise.name))


# --- risk register, plans and drills, accidents ------------------------------------------


def risk_points(*, user: User, colour: str = "") -> QuerySet[RiskPoint]:
    found = RiskPoint.objects.visible_to(user).select_related("enterprise__park")
    return found.filter(level=colour) if colour else found


@dataclass
class ColourRow:
    """One grid's risk points by colour (the park's four-colour summary)."""

    grid: Grid
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def colours_by_grid(*, user: User) -> list[ColourRow]:
    """Per grid in sight: how many risk points of each colour its enterprises have."""
    rows = (
        risk_points(user=user)
        .values_list("enterprise__safety_profile__grid", "level")
        .annotate(n=Count("pk"))
    )
    counts: dict[Any, Counter[str]] = defaultdict(Counter)
    for grid_id, level, n in rows:
        counts[grid_id][level] += n
    return [
        ColourRow(grid=grid, counts={c: counts[grid.pk].get(c, 0) for c in COLOUR_ORDER})
        for grid in grids(user=user).order_by("area__park__order", "code")
    ]


def colour_labels() -> list[tuple[str, str]]:
    return [(c, str(RiskColour(c).label)) for c in COLOUR_ORDER]


def emergency_plans(*, user: User) -> QuerySet[EmergencyPlan]:
    return EmergencyPlan.objects.visible_to(user).select_related("enterprise")


def drills(*, user: User) -> QuerySet[Drill]:
    return Drill.objects.visible_to(user).select_related("enterprise", "plan")


def accidents(*, user: User) -> QuerySet[Accident]:
    return Accident.objects.visible_to(user).select_related("enterprise__park")


# Plans expiring within this many days are told (and shown) as about to expire.
PLAN_WARN_DAYS = 30
# The high-risk kinds that must drill every half-year: hazardous goods (危化品, a 重大危险源)
# and metal smelting (高温熔融金属, 冶金煤气). Mines, construction and crowded public places
# are not among the zone's profiles' kinds.
HIGH_RISK_WORKS = {HighRiskWork.CHEMICALS, HighRiskWork.MOLTEN, HighRiskWork.GAS}
MAIN_KINDS = (DrillKind.COMPREHENSIVE, DrillKind.SPECIAL)


def is_high_risk(profile: SafetyProfile) -> bool:
    return profile.major_hazard_source or bool(HIGH_RISK_WORKS & set(profile.works()))


@dataclass
class DrillDuty:
    """An enterprise against its drill frequency: its last 综合/专项 and 现场处置 drills,
    when each next one is due, and whether it is late."""

    profile: SafetyProfile
    high_risk: bool
    last_main: dt.date | None
    main_due: dt.date | None
    last_onsite: dt.date | None
    onsite_due: dt.date | None
    today: dt.date

    @property
    def main_late(self) -> bool:
        return self.main_due is None or self.main_due < self.today

    @property
    def onsite_late(self) -> bool:
        return self.onsite_due is None or self.onsite_due < self.today

    @property
    def late(self) -> bool:
        return self.main_late or self.onsite_late


def drill_duties(*, user: User | None, today: dt.date) -> list[DrillDuty]:
    """Every profiled enterprise in sight (``None``: the zone, for the daily job) against
    §33: the late first. A firm that never drilled is late (due: none)."""
    seen = profiles(user=user) if user is not None else SafetyProfile.objects.all()
    return _duties(list(seen.select_related("enterprise", "grid")), today)


def drill_duties_of(*, firm: Enterprise, today: dt.date) -> list[DrillDuty]:
    """One enterprise's duty (none when it has no safety profile); the caller has its sight."""
    found = SafetyProfile.objects.filter(enterprise=firm).select_related("enterprise", "grid")
    return _duties(list(found), today)


def _duties(profiles_: list[SafetyProfile], today: dt.date) -> list[DrillDuty]:
    ids = [p.enterprise_id for p in profiles_]
    last: dict[tuple[int, bool], dt.date] = {}
    rows = (
        Drill.objects.filter(enterprise_id__in=ids, held_on__lte=today)
        .values_list("enterprise_id", "kind")
        .annotate(last=Max("held_on"))
    )
    for eid, kind, day in rows:
        key = (eid, kind in MAIN_KINDS)
        last[key] = max(day, last.get(key, day))
    found = []
    for profile in profiles_:
        high = is_high_risk(profile)
        main = last.get((profile.enterprise_id, True))
        onsite = last.get((profile.enterprise_id, False))
        found.append(
            DrillDuty(
                profile=profile,
                high_risk=high,
                last_main=main,
                main_due=DrillRule.months_after(main, DrillRule.HALF if high else DrillRule.YEAR)
                if main
                else None,
                last_onsite=onsite,
                onsite_due=DrillRule.months_after(onsite, DrillRule.HALF) if onsite else None,
                today=today,
            )
        )
    return sorted(found, key=lambda d: (not d.late, d.profile.enterprise.name))


def plans_expiring(*, user: User | None, today: dt.date) -> QuerySet[EmergencyPlan]:
    """Plans whose validity ends within ``PLAN_WARN_DAYS`` or has ended (``None``: the zone)."""
    seen = emergency_plans(user=user) if user is not None else EmergencyPlan.objects.all()
    return seen.select_related("enterprise").filter(
        valid_until__lte=today + dt.timedelta(days=PLAN_WARN_DAYS)
    )


@dataclass
class AccidentCount:
    park: str
    total: int
    deaths: int
    injured: int
    by_grade: dict[str, int]


def accident_counts(
    *, user: User, start: dt.date | None = None, end: dt.date | None = None
) -> list[AccidentCount]:
    """Accidents by park in the period: how many, the dead (with the missing), the injured,
    and by grade."""
    found = accidents(user=user)
    if start:
        found = found.filter(occurred_on__gte=start)
    if end:
        found = found.filter(occurred_on__lte=end)
    parks: dict[str, AccidentCount] = {}
    for accident in found.order_by("enterprise__park__order", "occurred_on"):
        name = str(accident.enterprise.park.name)
        row = parks.setdefault(
            name, AccidentCount(name, 0, 0, 0, {g: 0 for g in AccidentGrade.values})
        )
        row.total += 1
        row.deaths += accident.deaths + accident.missing
        row.injured += accident.injured
        row.by_grade[accident.grade] += 1
    return list(parks.values())


# --- statistics by park, grid or industry for a period (the weekly bulletin's figures) -------


def _rate(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


@dataclass
class StatRow:
    """One park's (grid's, industry's) safety figures for a period; the total row is their
    sum. Hazards found and closed, re-checks, inspections and accidents count what happened in
    the period; overdue, grid coverage and drill coverage are as of its last day (or today)."""

    label: str
    found: int = 0
    major: int = 0
    closed: int = 0
    closed_on_time: int = 0
    overdue: int = 0
    overdue_major: int = 0
    rechecks: int = 0
    recheck_passed: int = 0
    inspections: int = 0
    due: int = 0
    due_done: int = 0
    firms: int = 0
    covered: int = 0
    drill_required: int = 0
    drill_covered: int = 0
    accidents: int = 0
    deaths: int = 0
    injured: int = 0

    COUNTS: ClassVar[tuple[str, ...]] = (
        "found",
        "major",
        "closed",
        "closed_on_time",
        "overdue",
        "overdue_major",
        "rechecks",
        "recheck_passed",
        "inspections",
        "due",
        "due_done",
        "firms",
        "covered",
        "drill_required",
        "drill_covered",
        "accidents",
        "deaths",
        "injured",
    )

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.closed_on_time, self.closed)

    @property
    def recheck_rate(self) -> float | None:
        return _rate(self.recheck_passed, self.rechecks)

    @property
    def plan_rate(self) -> float | None:
        return _rate(self.due_done, self.due)

    @property
    def coverage_rate(self) -> float | None:
        return _rate(self.covered, self.firms)

    @property
    def drill_rate(self) -> float | None:
        return _rate(self.drill_covered, self.drill_required)

    def add(self, other: StatRow) -> None:
        for name in self.COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


# What the statistics group by: the path from a record with an ``enterprise`` to the group's
# name. Industries by their 大类 (the first two digits of the code).
GROUPINGS = {
    "park": "enterprise__park__name",
    "grid": "enterprise__safety_profile__grid__name",
    "industry": "enterprise__industry__code",
}


@dataclass
class Statistics:
    by: str
    start: dt.date
    end: dt.date
    as_of: dt.date
    rows: list[StatRow]
    total: StatRow
    overdue_major: list[Hazard]


def _group_labels(by: str, keys: set[str]) -> dict[str, str]:
    if by != "industry":
        return {key: key or str(_("未划网格")) for key in keys}
    from zoneops.enterprises.models import Industry

    names = dict(
        Industry.objects.filter(code__in={k for k in keys if k}).values_list("code", "name")
    )
    return {key: names.get(key, key) if key else str(_("未分行业")) for key in keys}


def _key(by: str, value: Any) -> str:
    text = value or ""
    return text[:2] if by == "industry" else text


def statistics(
    *,
    user: User,
    start: dt.date,
    end: dt.date,
    by: str = "park",
    park: int | None = None,
    today: dt.date | None = None,
) -> Statistics:
    """The safety figures of the period ``start``–``end`` by park, grid or industry (``by``),
    within what ``user`` may see: hazards found (重大 among them), closed and closed by their
    deadline, re-checks and those passed, inspections done (not self-checks), the enterprises
    due for their grid round by the end and those of them inspected in the period, accidents
    with their dead (with the missing) and injured; and, as of the end (or today, if earlier),
    hazards overdue (the enterprise's part undone past the deadline), grid coverage and drill
    coverage (enterprises meeting their drill frequency against those required). ``park``
    narrows it to one park (of those in sight)."""
    if by not in GROUPINGS:
        raise ValueError(by)
    path = GROUPINGS[by]
    as_of = min(end, today or timezone.localdate())
    rows: dict[str, StatRow] = defaultdict(lambda: StatRow(""))

    def mine(found: QuerySet[Any]) -> QuerySet[Any]:
        return found if park is None else found.filter(enterprise__park_id=park)

    def count(found: QuerySet[Any], *pairs: tuple[str, Q | None], prefix: str = "") -> None:
        for spec in pairs:
            name, condition = spec
            seen = found.filter(condition) if condition is not None else found
            for value, n in seen.values_list(prefix + path).annotate(n=Count("pk")).order_by():
                row = rows[_key(by, value)]
                setattr(row, name, getattr(row, name) + n)

    hazards_ = mine(Hazard.objects.visible_to(user))
    count(
        hazards_.filter(found_on__gte=start, found_on__lte=end),
        ("found", None),
        ("major", Q(level=HazardLevel.MAJOR)),
    )
    count(
        hazards_.filter(status=HazardStatus.CLOSED, closed_on__gte=start, closed_on__lte=end),
        ("closed", None),
        ("closed_on_time", Q(closed_on__lte=F("deadline"))),
    )
    late = _overdue_at(hazards_, as_of)
    count(late, ("overdue", None), ("overdue_major", Q(level=HazardLevel.MAJOR)))
    count(
        HazardStep.objects.filter(
            hazard__in=hazards_,
            kind__in=(StepKind.PASS, StepKind.FAIL),
            on__gte=start,
            on__lte=end,
        ),
        ("rechecks", None),
        ("recheck_passed", Q(kind=StepKind.PASS)),
        prefix="hazard__",
    )
    count(
        mine(Inspection.objects.visible_to(user))
        .filter(inspected_on__gte=start, inspected_on__lte=end)
        .exclude(source=Source.SELF),
        ("inspections", None),
    )
    accidents_ = mine(Accident.objects.visible_to(user)).filter(
        occurred_on__gte=start, occurred_on__lte=end
    )
    count(accidents_, ("accidents", None))
    for value, deaths, missing, injured in accidents_.values_list(
        path, "deaths", "missing", "injured"
    ):
        row = rows[_key(by, value)]
        row.deaths += deaths + missing
        row.injured += injured

    # The enterprises: their grid round, grid coverage and drill duty.
    seen = mine(profiles(user=user))
    keys = {pk: _key(by, value) for pk, value in seen.values_list("pk", path)}
    members = list(seen)
    before = last_checks([p.enterprise_id for p in members], start - dt.timedelta(days=1))
    until = last_checks([p.enterprise_id for p in members], as_of)
    checked_in = set(
        Inspection.objects.filter(
            enterprise_id__in=[p.enterprise_id for p in members],
            inspected_on__gte=start,
            inspected_on__lte=end,
        )
        .exclude(source=Source.SELF)
        .values_list("enterprise_id", flat=True)
    )
    for profile in members:
        row = rows[keys[profile.pk]]
        frequency = dt.timedelta(days=profile.grid.frequency_days)
        last = before.get(profile.enterprise_id)
        if last is None or last + frequency <= end:
            row.due += 1
            row.due_done += profile.enterprise_id in checked_in
        row.firms += 1
        latest = until.get(profile.enterprise_id)
        row.covered += latest is not None and latest > as_of - frequency
    for duty in _duties(members, as_of):
        row = rows[keys[duty.profile.pk]]
        row.drill_required += 1
        row.drill_covered += not duty.late

    labels = _group_labels(by, set(rows))
    for key, row in rows.items():
        row.label = labels[key]
    ordered = _ordered(by, list(rows.values()))
    total = StatRow(str(_("合计")))
    for row in ordered:
        total.add(row)
    return Statistics(
        by=by,
        start=start,
        end=end,
        as_of=as_of,
        rows=ordered,
        total=total,
        overdue_major=list(
            late.filter(level=HazardLevel.MAJOR)
            .select_related("enterprise__park")
            .order_by("deadline", "pk")
        ),
    )


def _overdue_at(hazards_: QuerySet[Hazard], day: dt.date) -> QuerySet[Hazard]:
    """Hazards that were overdue on ``day``: found by then, past their deadline, and neither
    reported rectified nor closed by then (today: the same as ``overdue``)."""
    return hazards_.filter(found_on__lte=day, deadline__lt=day).exclude(
        Q(rectified_on__lte=day) | Q(closed_on__lte=day)
    )


def _ordered(by: str, rows: list[StatRow]) -> list[StatRow]:
    if by == "park":
        from zoneops.core.models import Park

        names = Park.objects.order_by("order", "pk").values_list("name", flat=True)
        order = {name: n for n, name in enumerate(names)}
        return sorted(rows, key=lambda r: (order.get(r.label, len(order)), r.label))
    return sorted(rows, key=lambda r: r.label)
