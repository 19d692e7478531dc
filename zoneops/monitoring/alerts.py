"""Alerts: rules as data, evaluated whenever a report changes and when a deadline passes.

Four colours: green means no alert; blue, orange and red are raised by thresholds (percent
year-on-year change for output and electricity, points of divergence between them, days late
for a missing report). Defaults follow DOMAIN.md: down ≥ 10 % is a warning, ≥ 20 % serious.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import transaction
from django.utils import timezone

from zoneops.core import bulk
from zoneops.core.history import change, record, record_many, snapshot, snapshots
from zoneops.core.models import ChangeRecord
from zoneops.core.permissions import require
from zoneops.enterprises.models import Enterprise
from zoneops.monitoring.models import (
    Alert,
    AlertKind,
    AlertLevel,
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
        self.users: dict[int, Any] = {}

    def load(self, enterprises: list[Enterprise]) -> None:
        from zoneops.core.models import User

        wanted = {e.service_officer_id for e in enterprises if e.service_officer_id}
        self.users = User.objects.in_bulk(wanted - set(self.users)) | self.users

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


def _apply(period: ReportingPeriod, wanted: list[_Wanted], existing: dict[Any, Alert]) -> None:
    """Raise, change, reopen or close alerts so they say what ``wanted`` says, in bulk, with
    history. ``existing``: the period's alerts of these enterprises by (enterprise id, rule id)."""
    now = timezone.now()
    owners = _Owners()
    owners.load([want.enterprise for want in wanted if want.level is not None])
    created: list[Alert] = []
    changed: list[tuple[Alert, dict[str, Any]]] = []
    for want in wanted:
        alert = existing.get((want.enterprise.pk, want.rule.pk))
        if want.level is None:
            if alert is not None and alert.status != AlertStatus.CLOSED:
                before = snapshot(alert)
                alert.status, alert.closed_at = AlertStatus.CLOSED, now
                alert.note = (alert.note + "\n" if alert.note else "") + AUTO_CLOSED
                changed.append((alert, before))
        elif alert is None:
            created.append(
                bulk.new(
                    Alert,
                    enterprise=want.enterprise,
                    period=period,
                    rule=want.rule,
                    level=want.level,
                    message=want.message,
                    owner=owners.of(want.enterprise),
                )
            )
        elif alert.level != want.level or alert.message != want.message:
            before = snapshot(alert)
            alert.level, alert.message = want.level, want.message
            if alert.status == AlertStatus.CLOSED:
                alert.status, alert.closed_at = AlertStatus.OPEN, None
            changed.append((alert, before))
    bulk.insert(created, returning=True)
    Alert.objects.bulk_update(
        [alert for alert, _before in changed],
        ["status", "closed_at", "note", "level", "message"],
        batch_size=500,
    )
    record_many(
        [
            change(actor=None, obj=a, action=ChangeRecord.Action.CREATE, before=None, after=after)
            for a, after in zip(created, snapshots(created), strict=True)
        ]
        + [
            change(
                actor=None,
                obj=a,
                action=ChangeRecord.Action.UPDATE,
                before=before,
                after=snapshot(a),
            )
            for a, before in changed
        ]
    )


def _existing(period: ReportingPeriod, enterprise_ids: list[int]) -> dict[Any, Alert]:
    alerts: dict[Any, Alert] = {}
    for start in range(0, len(enterprise_ids), CHUNK):
        for alert in Alert.objects.filter(
            period=period, enterprise_id__in=enterprise_ids[start : start + CHUNK]
        ).select_related("enterprise", "period", "rule", "owner"):
            alerts[(alert.enterprise_id, alert.rule_id)] = alert
    return alerts


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
    _apply(period, wanted, _existing(period, [r.enterprise_id for r in reports]))


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
    recovered = (
        Alert.objects.filter(period=period, rule=rule)
        .exclude(status=AlertStatus.CLOSED)
        .filter(enterprise_id__in=reported)
        .select_related("enterprise")
    )
    wanted += [_Wanted(alert.enterprise, rule, None, "") for alert in recovered]
    ids = [w.enterprise.pk for w in wanted]
    _apply(period, wanted, _existing(period, ids))
    return len(missing)


@transaction.atomic
def alert_handle(*, actor: Any, alert: Alert, status: str, note: str) -> Alert:
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
