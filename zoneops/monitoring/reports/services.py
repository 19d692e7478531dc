"""Writes to the monthly ledgers: one function per action, atomic, checked and recorded.

Pages, the API, the importer and the demo generator all call these. Reads of the figures they
write are in :mod:`.figures`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zoneops.core import bulk
from zoneops.core.bounds import number_problem
from zoneops.core.history import change, record, record_many
from zoneops.core.models import ChangeRecord, User
from zoneops.core.permissions import require
from zoneops.enterprises.models import Enterprise
from zoneops.monitoring.alerts.services import evaluate_reports
from zoneops.monitoring.models import (
    Indicator,
    MonthlyReport,
    ReportingPeriod,
    ReportStatus,
    ReportValue,
    ValidationRule,
)
from zoneops.monitoring.permissions import can_fill, can_review
from zoneops.monitoring.reports import validation
from zoneops.monitoring.reports.figures import (
    CHUNK,
    FIELDS,
    Figures,
    _previous_of,
    figures_of,
    filers,
    findings_for,
    indicator_map,
)

CENT = Decimal("0.01")


# What saving a report may change on the report itself (values live in ReportValue).
REPORT_FIELDS = ["status", "explanation", "return_reason", "submitted_at", "submitted_by"]


class ReportRefused(ValidationError):
    """A report that cannot move on, with the findings that stop it."""

    def __init__(
        self,
        message: str,
        findings: list[validation.Finding] | None = None,
        enterprise: Enterprise | None = None,
    ) -> None:
        super().__init__(message)
        self.findings = findings or []
        self.enterprise = enterprise


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


def _normalise(figures: Figures, indicators: dict[str, Indicator]) -> Figures:
    clean: Figures = {}
    for code, values in figures.items():
        if code not in indicators:
            raise ValidationError(f"未知指标：{code}")
        for f in FIELDS:
            # Held to the column's digits before anything is computed or written.
            value = values.get(f)
            if value not in (None, "") and (problem := number_problem(ReportValue, f, value)):
                label = ReportValue._meta.get_field(f).verbose_name  # type: ignore[union-attr]
                raise ValidationError(f"{indicators[code].name}（{label}）：{problem}")
        # Quantized as the column stores them, so in-memory figures equal stored ones.
        row = {f: _cents(values.get(f)) for f in FIELDS}
        if any(v is not None for v in row.values()):
            clean[code] = row
    return clean


def _cents(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return (value if type(value) is Decimal else Decimal(str(value))).quantize(CENT)


@dataclass
class ReportEntry:
    """One enterprise's figures for :func:`reports_save`."""

    enterprise: Enterprise
    figures: Figures
    explanation: str | None = None
    # The validation findings for these figures (merged with the stored ones, against the
    # month before), when the caller has just checked them: the importer, which must name
    # every bad cell before anything is written. None: the service checks.
    findings: list[validation.Finding] | None = None


@dataclass
class _Pending:
    entry: ReportEntry
    report: MonthlyReport
    is_new: bool
    stored: dict[str, ReportValue]
    before: dict[str, Any] | None
    after_figures: Figures = field(default_factory=dict)


def _stored_reports(
    period: ReportingPeriod, enterprise_ids: list[int]
) -> tuple[dict[int, MonthlyReport], dict[int, dict[str, ReportValue]]]:
    """The period's reports of these enterprises (locked for this transaction) and their values."""
    reports: dict[int, MonthlyReport] = {}
    values: dict[int, dict[str, ReportValue]] = {}
    for start in range(0, len(enterprise_ids), CHUNK):
        chunk = enterprise_ids[start : start + CHUNK]
        found = MonthlyReport.objects.select_for_update().filter(
            period=period, enterprise_id__in=chunk
        )
        by_pk = {r.pk: r for r in found.order_by()}
        for report in by_pk.values():
            reports[report.enterprise_id] = report
            values[report.enterprise_id] = {}
        for value in ReportValue.objects.filter(report_id__in=list(by_pk)).select_related(
            "indicator"
        ):
            values[by_pk[value.report_id].enterprise_id][value.indicator.code] = value
    return reports, values


@transaction.atomic
def reports_save(
    *,
    actor: User | None,
    period: ReportingPeriod,
    entries: list[ReportEntry],
    source: str = "entry",
    submit: bool = False,
    check: bool = True,
) -> list[tuple[MonthlyReport, bool]]:
    """Create or change the reports of many enterprises for one period (not approved ones:
    those take a correction), validated, written, recorded and alerted in bulk.

    Returns each entry's report and whether anything changed. With ``submit`` the reports are
    submitted in the same step (the importer and the enterprise's "save and submit" use this).
    Any refusal (:class:`ReportRefused`, naming the enterprise) leaves everything unwritten.
    """
    if check:
        for entry in entries:
            require(can_fill(actor, entry.enterprise.pk, entry.enterprise.park_id))
    indicators = indicator_map()
    ids = [entry.enterprise.pk for entry in entries]
    reports, stored_values = _stored_reports(period, ids)
    checking = submit and any(entry.findings is None for entry in entries)
    previous = _previous_of(period, ids) if checking else {}
    rules = list(ValidationRule.objects.filter(is_active=True)) if checking else []
    filer = filers(period.month, ids) if checking else {}
    now = timezone.now()
    submitter = actor if getattr(actor, "pk", None) else None
    results: list[tuple[MonthlyReport, bool]] = []
    pending: list[_Pending] = []
    for entry in entries:
        enterprise = entry.enterprise
        report = reports.get(enterprise.pk) or bulk.new(
            MonthlyReport, enterprise=enterprise, period=period, source=source
        )
        is_new = report.pk is None
        stored = stored_values.get(enterprise.pk, {})
        stored_figures = {code: {f: getattr(v, f) for f in FIELDS} for code, v in stored.items()}
        figures = _normalise(entry.figures, indicators)
        after_figures = {**stored_figures, **figures}
        if not is_new and report.is_locked:
            if stored_figures == after_figures and entry.explanation in (
                None,
                report.explanation,
            ):
                results.append((report, False))  # an identical re-import changes nothing
                continue
            raise ReportRefused(
                f"{report}已审核锁定，如需更正请由经济运行部门走修订流程。", enterprise=enterprise
            )
        item = _Pending(
            entry=ReportEntry(enterprise, figures, entry.explanation),
            report=report,
            is_new=is_new,
            stored=stored,
            before=None if is_new else _snapshot(report, stored_figures),
            after_figures=after_figures,
        )
        if entry.explanation is not None:
            report.explanation = entry.explanation
        if submit and report.status != ReportStatus.SUBMITTED:
            findings = entry.findings
            if findings is None:
                findings = validation.check(
                    figures=after_figures,
                    previous=previous.get(enterprise.pk, {}),
                    indicators=indicators,
                    rules=rules,
                    filer=filer[enterprise.pk],
                )
            stopping = validation.blocking(findings, explained=bool(report.explanation.strip()))
            if stopping:
                raise ReportRefused(
                    f"{enterprise.name}：报表未通过审核规则，不能报送。", stopping, enterprise
                )
            report.status = ReportStatus.SUBMITTED
            report.return_reason = ""
            report.submitted_at = now
            report.submitted_by = submitter
        pending.append(item)
    _write(pending, indicators)
    history = [
        change(
            actor=actor,
            obj=item.report,
            action=ChangeRecord.Action.CREATE if item.is_new else ChangeRecord.Action.UPDATE,
            before=item.before,
            after=_snapshot(item.report, item.after_figures),
        )
        for item in pending
    ]
    record_many(history)
    changed = [item for item, entry in zip(pending, history, strict=True) if entry is not None]
    if changed:
        _after_change_many(
            [item.report for item in changed],
            {item.report.pk: item.after_figures for item in changed},
        )
    done = {id(item.report) for item in changed}
    results += [(item.report, id(item.report) in done) for item in pending]
    order = {pk: n for n, pk in enumerate(ids)}
    results.sort(key=lambda pair: order[pair[0].enterprise_id])
    return results


def _write(pending: list[_Pending], indicators: dict[str, Indicator]) -> None:
    """The reports and their values, in a handful of statements."""
    bulk.insert([item.report for item in pending if item.is_new], returning=True)
    MonthlyReport.objects.bulk_update(
        [item.report for item in pending if not item.is_new],
        REPORT_FIELDS,
        batch_size=500,
    )
    created: list[tuple[Any, ...]] = []
    updated: list[ReportValue] = []
    for item in pending:
        for code, values in item.entry.figures.items():
            value = item.stored.get(code)
            if value is None:
                created.append(
                    (item.report.pk, indicators[code].pk, *(values.get(f) for f in FIELDS))
                )
            elif any(getattr(value, f) != values.get(f) for f in FIELDS):
                for f in FIELDS:
                    setattr(value, f, values.get(f))
                updated.append(value)
    bulk.insert_rows(ReportValue, ("report_id", "indicator_id", *FIELDS), created)
    ReportValue.objects.bulk_update(updated, list(FIELDS), batch_size=500)


def report_save(
    *,
    actor: User | None,
    enterprise: Enterprise,
    period: ReportingPeriod,
    figures: Figures,
    explanation: str | None = None,
    source: str = "entry",
    submit: bool = False,
    check: bool = True,
) -> tuple[MonthlyReport, bool]:
    """Create or change one report's figures: :func:`reports_save` for one enterprise."""
    return reports_save(
        actor=actor,
        period=period,
        entries=[ReportEntry(enterprise, figures, explanation)],
        source=source,
        submit=submit,
        check=check,
    )[0]


def _write_values(
    report: MonthlyReport, figures: Figures, indicators: dict[str, Indicator]
) -> None:
    """A correction's figures onto an approved report."""
    stored = {v.indicator.code: v for v in report.values.select_related("indicator")}
    created = []
    for code, values in figures.items():
        value = stored.get(code)
        if value is None:
            created.append(ReportValue(report=report, indicator=indicators[code], **values))
            continue
        for f in FIELDS:
            setattr(value, f, values.get(f))
        value.save()
    ReportValue.objects.bulk_create(created)


def _submit(report: MonthlyReport, actor: User | None) -> None:
    findings = findings_for(report)
    stopping = validation.blocking(findings, explained=bool(report.explanation.strip()))
    if stopping:
        raise ReportRefused("报表未通过审核规则，不能报送。", stopping)
    report.status = ReportStatus.SUBMITTED
    report.return_reason = ""
    report.submitted_at = timezone.now()
    report.submitted_by = actor if getattr(actor, "pk", None) else None
    report.save()


@transaction.atomic
def report_submit(*, actor: User, report: MonthlyReport) -> MonthlyReport:
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
def report_return(*, actor: User, report: MonthlyReport, reason: str) -> MonthlyReport:
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
def reports_approve(
    *, actor: User | None, reports: list[MonthlyReport], check: bool = True
) -> list[MonthlyReport]:
    """Approve submitted reports (of one period) at once: checked, recorded and alerted in
    bulk. Any refusal names its report and approves none."""
    if not reports:
        return []
    if check:
        for report in reports:
            require(can_review(actor, report.enterprise.park_id))
    for report in reports:
        if report.status != ReportStatus.SUBMITTED:
            raise ReportRefused(
                f"{report}：只有已报送的报表可以审核通过。", enterprise=report.enterprise
            )
    period = reports[0].period
    ids = [r.enterprise_id for r in reports]
    _reports, stored = _stored_reports(period, ids)
    previous = _previous_of(period, ids)
    indicators = indicator_map()
    rules = list(ValidationRule.objects.filter(is_active=True))
    filer = filers(period.month, ids)
    now = timezone.now()
    approver = actor if getattr(actor, "pk", None) else None
    history = []
    figures: dict[int, Figures] = {}
    for report in reports:
        values = stored.get(report.enterprise_id, {})
        figures[report.pk] = {
            code: {f: getattr(v, f) for f in FIELDS} for code, v in values.items()
        }
        findings = validation.check(
            figures=figures[report.pk],
            previous=previous.get(report.enterprise_id, {}),
            indicators=indicators,
            rules=rules,
            filer=filer[report.enterprise_id],
        )
        errors = [f for f in findings if f.is_error]
        if errors:
            raise ReportRefused(
                f"{report}：报表仍有错误，不能审核通过。", errors, report.enterprise
            )
        before = _snapshot(report, figures[report.pk])
        report.status = ReportStatus.APPROVED
        report.approved_at = now
        report.approved_by = approver
        history.append(
            change(
                actor=actor,
                obj=report,
                action=ChangeRecord.Action.UPDATE,
                before=before,
                after=_snapshot(report, figures[report.pk]),
                note="审核通过",
            )
        )
    MonthlyReport.objects.bulk_update(reports, ["status", "approved_at", "approved_by"], 500)
    record_many(history)
    _after_change_many(reports, figures)
    return reports


def report_approve(
    *, actor: User | None, report: MonthlyReport, check: bool = True
) -> MonthlyReport:
    """Approve one submitted report: :func:`reports_approve` for one."""
    return reports_approve(actor=actor, reports=[report], check=check)[0]


@transaction.atomic
def report_correct(
    *, actor: User, report: MonthlyReport, figures: Figures, reason: str
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
    _after_change_many([report])


def _after_change_many(
    reports: list[MonthlyReport], figures: dict[int, Figures] | None = None
) -> None:
    evaluate_reports(reports, figures)
