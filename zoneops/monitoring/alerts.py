"""Alerts: rules as data, evaluated whenever a report changes and when a deadline passes.

Four colours: green means no alert; blue, orange and red are raised by thresholds (percent
year-on-year change for output and electricity, points of divergence between them, days late
for a missing report). Defaults follow DOMAIN.md: down ≥ 10 % is a warning, ≥ 20 % serious.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zoneops.core.history import record, snapshot
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
from zoneops.monitoring.permissions import can_review


def _growth(value: ReportValue | None) -> Decimal | None:
    if (
        value is None
        or value.ytd_value is None
        or not value.last_ytd_value
        or value.last_ytd_value <= 0
    ):
        return None
    return (value.ytd_value / value.last_ytd_value - 1) * 100


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


def _owner(enterprise: Enterprise) -> Any:
    if enterprise.service_officer_id:
        return enterprise.service_officer
    return enterprise.park.officers.filter(is_active=True).order_by("pk").first()


_UNSET: Any = object()


def _raise(
    enterprise: Enterprise,
    period: ReportingPeriod,
    rule: AlertRule,
    level: str | None,
    message: str,
    existing: Any = _UNSET,
) -> None:
    """``existing``: the alert already looked up by the caller (None: there is none)."""
    alert = (
        Alert.objects.filter(enterprise=enterprise, period=period, rule=rule).order_by().first()
        if existing is _UNSET
        else existing
    )
    if level is None:
        if alert is not None and alert.status != AlertStatus.CLOSED:
            before = snapshot(alert)
            alert.status, alert.closed_at = AlertStatus.CLOSED, timezone.now()
            alert.note = (
                alert.note + "\n" if alert.note else ""
            ) + "数据更新后已恢复正常，系统自动关闭。"
            alert.save()
            record(
                actor=None,
                obj=alert,
                action=ChangeRecord.Action.UPDATE,
                before=before,
                after=snapshot(alert),
            )
        return
    if alert is None:
        alert = Alert.objects.create(
            enterprise=enterprise,
            period=period,
            rule=rule,
            level=level,
            message=message,
            owner=_owner(enterprise),
        )
        record(
            actor=None,
            obj=alert,
            action=ChangeRecord.Action.CREATE,
            before=None,
            after=snapshot(alert),
        )
    elif alert.level != level or alert.message != message:
        before = snapshot(alert)
        alert.level, alert.message = level, message
        if alert.status == AlertStatus.CLOSED:
            alert.status, alert.closed_at = AlertStatus.OPEN, None
        alert.save()
        record(
            actor=None,
            obj=alert,
            action=ChangeRecord.Action.UPDATE,
            before=before,
            after=snapshot(alert),
        )


@transaction.atomic
def evaluate_report(report: MonthlyReport) -> None:
    """Raise, change or close the data alerts of one report."""
    values = {v.indicator.code: v for v in report.values.select_related("indicator")}
    growth = {code: _growth(value) for code, value in values.items()}
    alerts = Alert.objects.filter(enterprise_id=report.enterprise_id, period_id=report.period_id)
    existing = {alert.rule_id: alert for alert in alerts}
    for rule in AlertRule.objects.filter(is_active=True).select_related("indicator"):
        if rule.kind in (AlertKind.OUTPUT_FALL, AlertKind.ELECTRICITY_FALL) and rule.indicator:
            change = growth.get(rule.indicator.code)
            level = _fall_level(rule, change) if change is not None else None
            message = f"{rule.indicator.name}累计同比{change:+.1f}%" if change is not None else ""
            _raise(report.enterprise, report.period, rule, level, message, existing.get(rule.pk))
        elif rule.kind == AlertKind.DIVERGENCE:
            out, power = growth.get("output_value"), growth.get("electricity")
            level = None
            message = ""
            if out is not None and power is not None and out * power < 0:
                gap = abs(out - power)
                level = _rise_level(rule, gap)
                message = (
                    f"用电量同比{power:+.1f}%，工业总产值同比{out:+.1f}%，"
                    f"方向相反，相差{gap:.1f}个百分点"
                )
            _raise(report.enterprise, report.period, rule, level, message, existing.get(rule.pk))


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
    missing = Enterprise.objects.expected_reporters().exclude(pk__in=reported)
    count = 0
    for enterprise in missing.select_related("park", "service_officer"):
        _raise(
            enterprise,
            period,
            rule,
            _rise_level(rule, late_days),
            f"{period}月报逾期{late_days}天未报送",
        )
        count += 1
    for alert in (
        Alert.objects.filter(period=period, rule=rule)
        .exclude(status=AlertStatus.CLOSED)
        .filter(enterprise_id__in=reported)
    ):
        _raise(alert.enterprise, period, rule, None, "")
    return count


@transaction.atomic
def alert_handle(*, actor: Any, alert: Alert, status: str, note: str) -> Alert:
    """Acknowledge or close an alert with a note (the owner, or a reviewer in scope)."""
    require(
        alert.owner_id == getattr(actor, "pk", None) or can_review(actor, alert.enterprise.park_id)
    )
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
