"""Writes to the monthly ledgers: one function per action, atomic, checked and recorded.

Pages, the API, the importer and the demo generator all call these.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zoneops.core.history import record
from zoneops.core.models import ChangeRecord
from zoneops.core.permissions import require
from zoneops.enterprises.models import Enterprise
from zoneops.monitoring import validation
from zoneops.monitoring.models import (
    Indicator,
    MonthlyReport,
    ReportingPeriod,
    ReportStatus,
    ReportValue,
)
from zoneops.monitoring.permissions import can_fill, can_review

FIELDS = validation.FIELDS
CENT = Decimal("0.01")
Figures = validation.Figures


class ReportRefused(ValidationError):
    """A report that cannot move on, with the findings that stop it."""

    def __init__(self, message: str, findings: list[validation.Finding] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []


def indicator_map() -> dict[str, Indicator]:
    return {i.code: i for i in Indicator.objects.filter(is_active=True)}


def figures_of(report: MonthlyReport | None) -> Figures:
    """A report's stored figures as {indicator code: {field: value}}."""
    if report is None or report.pk is None:
        return {}
    return {
        v.indicator.code: {f: getattr(v, f) for f in FIELDS}
        for v in report.values.select_related("indicator")
    }


def _snapshot(report: MonthlyReport, figures: Figures | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "status": report.status,
        "revision": report.revision,
        "explanation": report.explanation,
        "return_reason": report.return_reason,
    }
    for code, values in sorted((figures if figures is not None else figures_of(report)).items()):
        data[code] = {f: (str(v) if v is not None else None) for f, v in values.items()}
    return data


def previous_figures(report: MonthlyReport) -> Figures:
    period = report.period
    if period.month == 1 or period.months_covered == 2:
        return {}
    values = ReportValue.objects.filter(
        report__enterprise_id=report.enterprise_id,
        report__period__year=period.year,
        report__period__month=period.month - 1,
    ).select_related("indicator")
    return {v.indicator.code: {f: getattr(v, f) for f in FIELDS} for v in values}


def findings_for(
    report: MonthlyReport,
    figures: Figures | None = None,
    indicators: dict[str, Indicator] | None = None,
) -> list[validation.Finding]:
    return validation.check(
        figures=figures if figures is not None else figures_of(report),
        previous=previous_figures(report),
        indicators=indicators if indicators is not None else indicator_map(),
    )


def _normalise(figures: Figures, indicators: dict[str, Indicator]) -> Figures:
    clean: Figures = {}
    for code, values in figures.items():
        if code not in indicators:
            raise ValidationError(f"未知指标：{code}")
        row = {
            # Quantized as the column stores them, so in-memory figures equal stored ones.
            f: (Decimal(str(values[f])).quantize(CENT) if values.get(f) not in (None, "") else None)
            for f in FIELDS
        }
        if any(v is not None for v in row.values()):
            clean[code] = row
    return clean


def _write_values(
    report: MonthlyReport,
    figures: Figures,
    indicators: dict[str, Indicator],
    existing: dict[str, ReportValue] | None = None,
) -> None:
    if existing is None:
        existing = {v.indicator.code: v for v in report.values.select_related("indicator")}
    created = []
    for code, values in figures.items():
        value = existing.get(code)
        if value is None:
            created.append(ReportValue(report=report, indicator=indicators[code], **values))
            continue
        for f in FIELDS:
            setattr(value, f, values.get(f))
        value.save()
    ReportValue.objects.bulk_create(created)


@transaction.atomic
def report_save(
    *,
    actor: Any,
    enterprise: Enterprise,
    period: ReportingPeriod,
    figures: Figures,
    explanation: str | None = None,
    source: str = "entry",
    submit: bool = False,
    check: bool = True,
) -> tuple[MonthlyReport, bool]:
    """Create or change a report's figures (not an approved one: that is a correction).

    Returns the report and whether anything changed. With ``submit`` the report is submitted
    in the same step (the importer and the enterprise's "save and submit" use this).
    """
    if check:
        require(can_fill(actor, enterprise.pk, enterprise.park_id))
    report = MonthlyReport.objects.select_for_update().filter(
        enterprise=enterprise, period=period
    ).order_by().first() or MonthlyReport(enterprise=enterprise, period=period, source=source)
    is_new = report.pk is None
    stored = (
        {} if is_new else {v.indicator.code: v for v in report.values.select_related("indicator")}
    )
    stored_figures = {code: {f: getattr(v, f) for f in FIELDS} for code, v in stored.items()}
    before = None if is_new else _snapshot(report, stored_figures)
    indicators = indicator_map()
    figures = _normalise(figures, indicators)
    if not is_new and report.is_locked:
        if stored_figures == {**stored_figures, **figures} and explanation in (
            None,
            report.explanation,
        ):
            return report, False  # an identical re-import of an approved report changes nothing
        raise ReportRefused(f"{report}已审核锁定，如需更正请由经济运行部门走修订流程。")
    if explanation is not None:
        report.explanation = explanation
    report.save()
    _write_values(report, figures, indicators, stored)
    after_figures = {**stored_figures, **figures}
    if submit and report.status != ReportStatus.SUBMITTED:
        _submit(report, actor, after_figures, indicators)
    after = _snapshot(report, after_figures)
    changed = record(
        actor=actor,
        obj=report,
        action=ChangeRecord.Action.CREATE if is_new else ChangeRecord.Action.UPDATE,
        before=before,
        after=after,
    )
    if changed is not None:
        _after_change(report)
    return report, changed is not None


def _submit(
    report: MonthlyReport,
    actor: Any,
    figures: Figures | None = None,
    indicators: dict[str, Indicator] | None = None,
) -> None:
    findings = findings_for(report, figures, indicators)
    stopping = validation.blocking(findings, explained=bool(report.explanation.strip()))
    if stopping:
        raise ReportRefused("报表未通过审核规则，不能报送。", stopping)
    report.status = ReportStatus.SUBMITTED
    report.return_reason = ""
    report.submitted_at = timezone.now()
    report.submitted_by = actor if getattr(actor, "pk", None) else None
    report.save()


@transaction.atomic
def report_submit(*, actor: Any, report: MonthlyReport) -> MonthlyReport:
    require(can_fill(actor, report.enterprise_id, report.enterprise.park_id))
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise ReportRefused(f"{report}当前状态为“{report.get_status_display()}”，不能报送。")
    before = _snapshot(report)
    _submit(report, actor)
    record(
        actor=actor,
        obj=report,
        action=ChangeRecord.Action.UPDATE,
        before=before,
        after=_snapshot(report),
        note="报送",
    )
    return report


@transaction.atomic
def report_return(*, actor: Any, report: MonthlyReport, reason: str) -> MonthlyReport:
    require(can_review(actor, report.enterprise.park_id))
    if report.status != ReportStatus.SUBMITTED:
        raise ReportRefused("只有已报送的报表可以退回。")
    if not reason.strip():
        raise ReportRefused("退回须写明原因。")
    before = _snapshot(report)
    report.status = ReportStatus.RETURNED
    report.return_reason = reason.strip()[:300]
    report.save()
    record(
        actor=actor,
        obj=report,
        action=ChangeRecord.Action.UPDATE,
        before=before,
        after=_snapshot(report),
        note="退回",
    )
    return report


@transaction.atomic
def report_approve(*, actor: Any, report: MonthlyReport, check: bool = True) -> MonthlyReport:
    if check:
        require(can_review(actor, report.enterprise.park_id))
    if report.status != ReportStatus.SUBMITTED:
        raise ReportRefused("只有已报送的报表可以审核通过。")
    figures = figures_of(report)
    errors = [f for f in findings_for(report, figures) if f.is_error]
    if errors:
        raise ReportRefused("报表仍有错误，不能审核通过。", errors)
    before = _snapshot(report, figures)
    report.status = ReportStatus.APPROVED
    report.approved_at = timezone.now()
    report.approved_by = actor if getattr(actor, "pk", None) else None
    report.save()
    record(
        actor=actor,
        obj=report,
        action=ChangeRecord.Action.UPDATE,
        before=before,
        after=_snapshot(report, figures),
        note="审核通过",
    )
    _after_change(report)
    return report


@transaction.atomic
def report_correct(
    *, actor: Any, report: MonthlyReport, figures: Figures, reason: str
) -> MonthlyReport:
    """A correction of an approved report: a new revision, recorded with its reason."""
    require(can_review(actor, report.enterprise.park_id))
    if not report.is_locked:
        raise ReportRefused("未审核的报表直接修改即可，无需修订。")
    if not reason.strip():
        raise ReportRefused("修订须写明原因。")
    indicators = indicator_map()
    figures = _normalise(figures, indicators)
    errors = [f for f in findings_for(report, {**figures_of(report), **figures}) if f.is_error]
    if errors:
        raise ReportRefused("修订后的数据有错误。", errors)
    before = _snapshot(report)
    _write_values(report, figures, indicators)
    report.revision += 1
    report.save()
    record(
        actor=actor,
        obj=report,
        action=ChangeRecord.Action.UPDATE,
        before=before,
        after=_snapshot(report),
        note=f"修订：{reason.strip()}"[:200],
    )
    _after_change(report)
    return report


def _after_change(report: MonthlyReport) -> None:
    """Alerts are evaluated whenever data changes."""
    from zoneops.monitoring.alerts import evaluate_report

    evaluate_report(report)
