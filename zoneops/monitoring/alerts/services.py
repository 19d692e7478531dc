"""Alerts: rules as data, evaluated whenever a report changes and when a deadline passes.

Four colours: green means no alert; blue, orange and red are raised by thresholds (percent
year-on-year change for output and electricity, points of divergence between them, days late
for a missing report). Defaults follow docs/domain.md#alerts: down ≥ 10 % is a warning, ≥ 20 %
serious.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zoneops.core import bulk
from zoneops.core.history import change, record, record_many, snapshot, snapshots
from zoneops.core.models import ChangeRecord, User
from zoneops.core.permissions import require
from zoneops.enterprises.models import Enterprise
from zoneops.monitoring.models import (
    Alert,
    AlertKind,
    AlertLevel,
    AlertMonth,
    AlertRule,
    AlertStatus,
    MonthlyReport,
    ReportingPeriod,
    ReportValue,
)
from zoneops.monitoring.permissions import can_handle_alert

AUTO_CLOSED = "数据更新后已恢复正常，系统自动关闭。"
CHUNK = 500  # ids per IN (...) lookup


def _fall_level(rule: AlertRule, change: Decimal) -> str | None:
    """A fall: red at or below the red threshold, orange at or below orange, blue below blue."""
    if rule.red_threshold is not None and change <= rule.red_threshold:
        return AlertLevel.RED
    if rule.orange_threshold is not None and change <= rule.orange_threshold:
        return AlertLevel.ORANGE
    if rule.blue_threshold is not None and change < rule.blue_threshold:
        return AlertLevel.BLUE
    return None


def _rise_level(rule: AlertRule, amount: Decimal) -> str | None:
    """A gap (divergence points, days late): red at or above red, orange, then blue."""
    for threshold, level in (
        (rule.red_threshold, AlertLevel.RED),
        (rule.orange_threshold, AlertLevel.ORANGE),
        (rule.blue_threshold, AlertLevel.BLUE),
    ):
        if threshold is not None and amount >= threshold and amount > 0:
            return level
    return None


class _Owners:
    """Who owns an enterprise's alerts: its 包联干部, else its park's first active officer.

    The officers of a batch are read in one query (:meth:`load`), so callers need not have
    selected each enterprise's officer."""

    def __init__(self) -> None:
        self.by_park: dict[int, Any] = {}
        self.users: dict[int, User | None] = {}

    def load(self, enterprises: list[Enterprise]) -> None:
        wanted = {e.service_officer_id for e in enterprises if e.service_officer_id}
        found: dict[int, User | None] = dict(User.objects.in_bulk(wanted - set(self.users)))
        self.users = found | self.users

    def of(self, enterprise: Enterprise) -> Any:
        if enterprise.service_officer_id:
            if enterprise.service_officer_id not in self.users:
                self.users[enterprise.service_officer_id] = enterprise.service_officer
            return self.users[enterprise.service_officer_id]
        if enterprise.park_id not in self.by_park:
            self.by_park[enterprise.park_id] = (
                enterprise.park.officers.filter(is_active=True).order_by("pk").first()
            )
        return self.by_park[enterprise.park_id]


class _Wanted(NamedTuple):
    """What one rule says of one enterprise's period: a level (None: no alert) and why."""

    enterprise: Enterprise
    rule: AlertRule
    level: str | None
    message: str


def _order(period: ReportingPeriod) -> tuple[int, int]:
    return (period.year, period.month)


def _before(period: ReportingPeriod) -> ReportingPeriod | None:
    """The period just before this one (across a year's end, and over a combined 1—2月)."""
    return (
        ReportingPeriod.objects.filter(
            Q(year__lt=period.year) | Q(year=period.year, month__lt=period.month)
        )
        .order_by("-year", "-month")
        .first()
    )


DATA_KINDS = frozenset({AlertKind.OUTPUT_FALL, AlertKind.ELECTRICITY_FALL, AlertKind.DIVERGENCE})
RELATED = ("enterprise", "period", "last_period", "rule", "owner")


class _Known:
    """What is stored for a batch's (enterprise, rule) pairs around one period: the months of
    alerts at the period, each pair's alert not yet closed, and the closed alert the period
    would continue (one ending at the period or the month before it, or starting at it)."""

    def __init__(self, period: ReportingPeriod, wanted: list[_Wanted]) -> None:
        ids = sorted({w.enterprise.pk for w in wanted})
        rules = sorted({w.rule.pk for w in wanted})
        before = _before(period)
        self.alerts: dict[int, Alert] = {}
        self.months: dict[tuple[int, int], AlertMonth] = {}
        self.current: dict[tuple[int, int], Alert] = {}
        self.closed: dict[tuple[int, int], Alert] = {}
        near = Q(last_period=period) | Q(period=period)
        if before is not None:
            near |= Q(last_period=before)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            scope = Alert.objects.filter(enterprise_id__in=chunk, rule_id__in=rules)
            found = scope.filter(
                ~Q(status=AlertStatus.CLOSED)
                | (Q(status=AlertStatus.CLOSED) & near)
                | Q(pk__in=AlertMonth.objects.filter(period=period).values("alert_id"))
            )
            for alert in found.select_related(*RELATED):
                self.alerts[alert.pk] = alert
                key = (alert.enterprise_id, alert.rule_id)
                pile = self.closed if alert.status == AlertStatus.CLOSED else self.current
                # Data from before alerts persisted may hold two: the latest one counts.
                if key not in pile or _order(alert.last_period) > _order(pile[key].last_period):
                    pile[key] = alert
            for month in AlertMonth.objects.filter(
                period=period, alert__enterprise_id__in=chunk, alert__rule_id__in=rules
            ).select_related("alert"):
                self.months[(month.alert.enterprise_id, month.alert.rule_id)] = month


class _Changes:
    """What one evaluation writes: new alerts and months, changed and dropped months, and the
    stored alerts it changes with their snapshots before."""

    def __init__(self) -> None:
        self.created: list[Alert] = []
        self.new_months: list[AlertMonth] = []
        self.changed_months: list[AlertMonth] = []
        self.dropped: list[AlertMonth] = []
        self.before: dict[int, dict[str, Any]] = {}
        self.touched: dict[int, Alert] = {}

    def touch(self, alert: Alert) -> Alert:
        if alert.pk is not None and alert.pk not in self.before:
            self.before[alert.pk] = snapshot(alert)
            self.touched[alert.pk] = alert
        return alert


def _apply(period: ReportingPeriod, wanted: list[_Wanted]) -> None:
    """Make the stored alerts say what ``wanted`` says of ``period``, in bulk, with history.

    A rule that holds in a month continues the enterprise's alert of that rule (the one not
    yet closed, or a closed one of the month before, which it reopens) or raises one; a data
    rule that no longer holds after an alert's latest month closes it.
    """
    if not wanted:
        return
    now = timezone.now()
    known = _Known(period, wanted)
    owners = _Owners()
    owners.load([want.enterprise for want in wanted if want.level is not None])
    todo = _Changes()
    for want in wanted:
        key = (want.enterprise.pk, want.rule.pk)
        month = known.months.get(key)
        if want.level is None:
            if month is not None:
                todo.dropped.append(month)
                todo.touch(known.alerts[month.alert_id])
                continue
            alert = known.current.get(key)
            if (
                alert is not None
                and want.rule.kind in DATA_KINDS
                and _order(period) > _order(alert.last_period)
            ):
                _close(todo.touch(alert), now)
            continue
        if month is not None:
            alert = known.alerts[month.alert_id]
            if (month.level, month.message) != (want.level, want.message):
                month.level, month.message = want.level, want.message
                todo.changed_months.append(month)
        else:
            found = known.current.get(key) or known.closed.get(key)
            if found is None:
                found = bulk.new(
                    Alert,
                    enterprise=want.enterprise,
                    period=period,
                    last_period=period,
                    rule=want.rule,
                    level=want.level,
                    message=want.message,
                    owner=owners.of(want.enterprise),
                )
                todo.created.append(found)
                known.current[key] = found
            alert = found
            todo.new_months.append(
                bulk.new(
                    AlertMonth, alert=alert, period=period, level=want.level, message=want.message
                )
            )
        if alert.pk is not None:
            _extend(alert, period, want, todo)
    _shrink(todo, known, now)
    _write(todo)


def _extend(alert: Alert, period: ReportingPeriod, want: _Wanted, todo: _Changes) -> None:
    """A stored alert holds in ``period``: its latest month (level, message, reopened if it
    was closed) or its first."""
    if _order(period) >= _order(alert.last_period):
        if (
            alert.last_period_id != period.pk
            or (alert.level, alert.message) != (want.level, want.message)
            or alert.status == AlertStatus.CLOSED
        ):
            todo.touch(alert)
            alert.last_period, alert.level, alert.message = period, str(want.level), want.message
            if alert.status == AlertStatus.CLOSED:
                alert.status, alert.closed_at = AlertStatus.OPEN, None
    elif _order(period) < _order(alert.period):
        todo.touch(alert).period = period


def _close(alert: Alert, now: dt.datetime) -> None:
    if alert.status != AlertStatus.CLOSED:
        alert.status, alert.closed_at = AlertStatus.CLOSED, now
        alert.note = (alert.note + "\n" if alert.note else "") + AUTO_CLOSED


def _shrink(todo: _Changes, known: _Known, now: dt.datetime) -> None:
    """Months a rule no longer holds in come off their alerts: an alert keeps the months left
    (the latest gives its level); one whose latest month went is closed when its figures are
    back to normal, and one with no month left is closed."""
    if not todo.dropped:
        return
    AlertMonth.objects.filter(pk__in=[m.pk for m in todo.dropped]).delete()
    alerts = {m.alert_id: known.alerts[m.alert_id] for m in todo.dropped}
    left: dict[int, list[AlertMonth]] = {pk: [] for pk in alerts}
    for month in (
        AlertMonth.objects.filter(alert_id__in=list(alerts))
        .select_related("period")
        .order_by("period__year", "period__month")
    ):
        left[month.alert_id].append(month)
    for pk, alert in alerts.items():
        months = left[pk]
        if not months:
            _close(alert, now)
            continue
        latest = months[-1]
        latest_went = _order(latest.period) < _order(alert.last_period)
        alert.period, alert.last_period = months[0].period, latest.period
        alert.level, alert.message = latest.level, latest.message
        if latest_went and alert.rule.kind in DATA_KINDS:
            _close(alert, now)


def _write(todo: _Changes) -> None:
    bulk.insert(todo.created, returning=True)
    for month in todo.new_months:
        month.alert_id = month.alert.pk
    bulk.insert(todo.new_months)
    AlertMonth.objects.bulk_update(todo.changed_months, ["level", "message"], batch_size=500)
    touched = list(todo.touched.values())
    Alert.objects.bulk_update(
        touched,
        ["status", "closed_at", "note", "level", "message", "period", "last_period"],
        batch_size=500,
    )
    record_many(
        [
            change(actor=None, obj=a, action=ChangeRecord.Action.CREATE, before=None, after=after)
            for a, after in zip(todo.created, snapshots(todo.created), strict=True)
        ]
        + [
            change(
                actor=None,
                obj=a,
                action=ChangeRecord.Action.UPDATE,
                before=todo.before[a.pk],
                after=snapshot(a),
            )
            for a in touched
        ]
    )


def _growth_of(values: dict[str, Decimal | None]) -> Decimal | None:
    ytd, last = values.get("ytd_value"), values.get("last_ytd_value")
    if ytd is None or not last or last <= 0:
        return None
    return (ytd / last - 1) * 100


def _data_alerts(
    enterprise: Enterprise, figures: dict[str, dict[str, Decimal | None]], rules: list[AlertRule]
) -> list[_Wanted]:
    growth = {code: _growth_of(values) for code, values in figures.items()}
    wanted = []
    for rule in rules:
        level = None
        message = ""
        if rule.kind in (AlertKind.OUTPUT_FALL, AlertKind.ELECTRICITY_FALL) and rule.indicator:
            change_ = growth.get(rule.indicator.code)
            level = _fall_level(rule, change_) if change_ is not None else None
            if level is not None:
                message = f"{rule.indicator.name}累计同比{change_:+.1f}%"
        elif rule.kind == AlertKind.DIVERGENCE:
            out, power = growth.get("output_value"), growth.get("electricity")
            if out is not None and power is not None and out * power < 0:
                gap = abs(out - power)
                level = _rise_level(rule, gap)
                message = (
                    f"用电量同比{power:+.1f}%，工业总产值同比{out:+.1f}%，"
                    f"方向相反，相差{gap:.1f}个百分点"
                )
        else:
            continue
        wanted.append(_Wanted(enterprise, rule, level, message))
    return wanted


@transaction.atomic
def evaluate_reports(
    reports: list[MonthlyReport],
    figures: dict[int, dict[str, dict[str, Decimal | None]]] | None = None,
) -> None:
    """Raise, change or close the data alerts of reports of one period, in bulk.

    ``figures``: each report's figures by report id, when the caller has them already (the
    batched save); otherwise they are read.
    """
    if not reports:
        return
    period = reports[0].period
    if figures is None:
        figures = {r.pk: {} for r in reports}
        for value in ReportValue.objects.filter(report__in=reports).select_related("indicator"):
            figures[value.report_id][value.indicator.code] = {
                "ytd_value": value.ytd_value,
                "last_ytd_value": value.last_ytd_value,
            }
    rules = list(AlertRule.objects.filter(is_active=True).select_related("indicator"))
    wanted: list[_Wanted] = []
    for report in reports:
        wanted += _data_alerts(report.enterprise, figures.get(report.pk, {}), rules)
    _apply(period, wanted)


def evaluate_report(report: MonthlyReport) -> None:
    """Raise, change or close the data alerts of one report."""
    evaluate_reports([report])


@transaction.atomic
def evaluate_missing(period: ReportingPeriod, *, today: dt.date) -> int:
    """Raise 未按时报送 for every above-scale industrial enterprise in operation without a
    submitted report (trade and services file other forms)."""
    rule = AlertRule.objects.filter(is_active=True, kind=AlertKind.MISSING_REPORT).first()
    if rule is None or today <= period.deadline:
        return 0
    late_days = Decimal((today - period.deadline).days)
    reported = MonthlyReport.objects.filter(
        period=period, status__in=["submitted", "approved"]
    ).values("enterprise_id")
    missing = list(
        Enterprise.objects.expected_reporters()
        .exclude(pk__in=reported)
        .select_related("park", "service_officer")
    )
    level = _rise_level(rule, late_days)
    wanted = [_Wanted(e, rule, level, f"{period}月报逾期{late_days}天未报送") for e in missing]
    # Reported after all: the month comes off the enterprise's alert.
    recovered = Enterprise.objects.filter(
        pk__in=AlertMonth.objects.filter(period=period, alert__rule=rule).values(
            "alert__enterprise_id"
        )
    ).filter(pk__in=reported)
    wanted += [_Wanted(enterprise, rule, None, "") for enterprise in recovered]
    _apply(period, wanted)
    return len(missing)


@transaction.atomic
def alert_handle(*, actor: User, alert: Alert, status: str, note: str) -> Alert:
    """Acknowledge or close an alert with a note (the owner, or a reviewer in scope)."""
    require(can_handle_alert(actor, alert))
    if status not in (AlertStatus.ACKNOWLEDGED, AlertStatus.CLOSED):
        raise ValueError(status)
    before = snapshot(alert)
    alert.status = status
    if note.strip():
        alert.note = (alert.note + "\n" if alert.note else "") + note.strip()
    alert.closed_at = timezone.now() if status == AlertStatus.CLOSED else None
    alert.save()
    record(
        actor=actor,
        obj=alert,
        action=ChangeRecord.Action.UPDATE,
        before=before,
        after=snapshot(alert),
    )
    return alert
