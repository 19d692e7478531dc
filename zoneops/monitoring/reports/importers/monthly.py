"""The monthly figures of many enterprises in one workbook (kind ``monthly``), in the layouts
staff keep: a title naming the period, a units row, a two-row merged header with each
indicator above 本月 / 1—本月累计 / 上年同期累计, park subtotals and a total row.

Each row is matched to an enterprise of the registry (credit code, else exact name; never
created), checked with the validation rules the entry page uses, and written through
``report_services.reports_save`` (a batch of rows at a time) as submitted, all rows in one
transaction. A blank cell (or "—") leaves the stored figure as it is: an import adds and
corrects figures, it never erases them.

Warnings of the validation rules (e.g. a change of more than 50 % on last year) do not stop an
officer's import: they are listed in the preview, and a report that has no explanation yet is
given ``IMPORT_EXPLANATION`` so that it can be submitted; the reviewer sees both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.utils.translation import gettext as _

from zoneops.core.imports import cells
from zoneops.core.imports.engine import (
    CREATE,
    UNCHANGED,
    UPDATE,
    Column,
    Plan,
    PlanFailed,
    Row,
    Spec,
    Table,
    failure_message,
)
from zoneops.core.imports.problems import Problem
from zoneops.core.models import Park
from zoneops.enterprises.matching import Matches, Miss
from zoneops.enterprises.models import Enterprise
from zoneops.monitoring.models import (
    Indicator,
    MonthlyReport,
    ReportingPeriod,
    ReportStatus,
    RuleKind,
    ValidationRule,
)
from zoneops.monitoring.periods import parse_period, period_get_or_create, previous_in_year
from zoneops.monitoring.permissions import can_review
from zoneops.monitoring.reports import figures as report_figures
from zoneops.monitoring.reports import services as report_services
from zoneops.monitoring.reports import validation
from zoneops.monitoring.reports.importers import headers, layout

IMPORT_EXPLANATION = "批量导入"
LOOKUP_CHUNK = 2000  # codes or names per IN (...) lookup
WARNINGS_SHOWN = 100

LEAD_COLUMNS: tuple[Column, ...] = (
    Column(
        "企业名称",
        "name",
        aliases=(
            "单位名称",
            "单位详细名称",
            "企业全称",
            "企业(单位)名称",
            "单位(企业)名称",
            "纳统企业名称",
            "名称",
        ),
    ),
    Column(
        "统一社会信用代码",
        "credit_code",
        aliases=("信用代码", "社会信用代码", "统一代码", "统一社会信用代码(组织机构代码)"),
        required=False,
        parse=cells.code,
    ),
    Column("序号", "number", aliases=("编号",), required=False),
    Column("园区", "park", aliases=("所属园区", "园区名称"), required=False),
)


def _match(row: Row, matches: Matches) -> Enterprise | None:
    """The row's enterprise, or None with a problem on the code or the name cell."""
    code = row.values.get("credit_code") if row.has("credit_code") else None
    if not code and "credit_code" in row.failed:
        return None
    found = matches.match(code, (row.values.get("name") if row.has("name") else None) or "")
    if isinstance(found, Miss):
        row.bad(found.key, found.message)
        return None
    return found


def reports_of(
    period: ReportingPeriod | None, enterprise_ids: list[int]
) -> tuple[dict[int, MonthlyReport], dict[int, report_figures.Figures]]:
    """The period's reports of these enterprises and their stored figures, by enterprise id."""
    if period is None or not enterprise_ids:
        return {}, {}
    reports: list[MonthlyReport] = []
    for start in range(0, len(enterprise_ids), LOOKUP_CHUNK):
        reports += MonthlyReport.objects.filter(
            period=period, enterprise_id__in=enterprise_ids[start : start + LOOKUP_CHUNK]
        )
    if not reports:
        return {}, {}
    return {r.enterprise_id: r for r in reports}, report_figures.period_figures(
        period, enterprise_ids
    )


def previous_period(
    choice: layout.PeriodChoice, period: ReportingPeriod | None
) -> ReportingPeriod | None:
    """The period whose year to date this one builds on (none for the year's first)."""
    if choice.month == 1 or choice.combined:
        return None
    if period is not None:
        return previous_in_year(period)
    return ReportingPeriod.objects.filter(year=choice.year, month=choice.month - 1).first()


@dataclass
class MonthlyContext:
    """What every row needs, loaded once per import."""

    actor: Any
    choice: layout.PeriodChoice
    period: ReportingPeriod | None
    previous: ReportingPeriod | None
    indicators: dict[str, Indicator]
    rules: list[ValidationRule]
    parks: frozenset[str]  # compacted names (layout.park_keys)
    matches: Matches = field(default_factory=Matches)
    reports: dict[int, MonthlyReport] = field(default_factory=dict)
    figures: dict[int, report_figures.Figures] = field(default_factory=dict)
    previous_figures: dict[int, report_figures.Figures] = field(default_factory=dict)
    enterprises: dict[int, Enterprise] = field(default_factory=dict)
    # Each enterprise's forms: an import submits, so a report must be complete (validation.Filer).
    filers: dict[int, validation.Filer] = field(default_factory=dict)
    seen: dict[int, int] = field(default_factory=dict)
    totals: int = 0
    empty: int = 0
    warnings: list[str] = field(default_factory=list)

    def may_import(self, enterprise: Enterprise) -> bool:
        return self.actor is None or can_review(self.actor, enterprise.park_id)

    def write_period(self) -> ReportingPeriod:
        """The period, created (or marked 1—2月) on the first write; never in a dry run."""
        if self.period is None or (self.choice.combined and not self.period.combined_with_january):
            self.period = period_get_or_create(
                self.choice.year, self.choice.month, combined_with_january=self.choice.combined
            )
        return self.period


class MonthlySpec(Spec):
    """Enterprises × indicators for one period; each row one enterprise's report."""

    kind = "monthly"

    def __init__(self, *, period: str | tuple[int, int] | None = None) -> None:
        # Chosen by the command (--period) or an upload option; otherwise read from the title.
        self.columns = LEAD_COLUMNS
        self.chosen = _choice(period)
        self.choice: layout.PeriodChoice | None = None
        self.header: headers.Header | None = None

    def bind(self, table: Table) -> list[Problem]:
        catalogue = headers.Catalogue.of(Indicator.objects.filter(is_active=True))
        rows = headers.header_rows(table, catalogue)
        above = layout.read_above(table, rows[0])
        units_line = layout.read_units_line(table, above)
        header = headers.read_header(table, catalogue, units_line, rows)
        self.header = header
        problems = units_line.problems + header.problems
        self.choice, period_problems = layout.resolve_period(table, above, self.chosen)
        problems += period_problems
        if not header.columns and not header.problems:
            problems.append(
                Problem(
                    table.file,
                    table.sheet.name,
                    rows[0] + 1,
                    "",
                    _(
                        "表头中没有可导入的指标列：应为指标名称（如 工业总产值、企业用电量、"
                        "营业收入）及其下的 本月 / 1—本月累计 / 上年同期累计"
                    ),
                )
            )
        for column in header.columns:
            table.positions[column.key] = column.index
            table.headers[column.key] = column.header
        table.header_row = header.last_row
        self.columns = LEAD_COLUMNS + tuple(
            Column(c.header, c.key, required=False, parse=layout.number_parser(c.unit))
            for c in header.columns
        )
        return problems

    def prepare(self, actor: Any) -> MonthlyContext:
        assert self.choice is not None
        choice = self.choice
        period = ReportingPeriod.objects.filter(year=choice.year, month=choice.month).first()
        return MonthlyContext(
            actor=actor,
            choice=choice,
            period=period,
            previous=previous_period(choice, period),
            indicators=report_figures.indicator_map(),
            rules=list(ValidationRule.objects.filter(is_active=True)),
            parks=layout.park_keys(Park.objects.values_list("name", flat=True)),
        )

    def preload(self, rows: list[Row], context: MonthlyContext) -> None:
        # Only the enterprises this importer may report for are found (enterprises/matching.py).
        context.matches = Matches(may_report=context.may_import, scoped=context.actor is not None)
        context.matches.load(
            codes=[r.values["credit_code"] for r in rows if r.values.get("credit_code")],
            names=lambda found: [
                r.values["name"]
                for r in rows
                if r.values.get("name") and r.values.get("credit_code") not in found
            ],
        )
        found = {e.pk: e for e in context.matches.by_code.values()}
        context.enterprises = found
        ids = sorted(found)
        context.reports, context.figures = reports_of(context.period, ids)
        context.previous_figures = report_figures.period_figures(context.previous, ids)
        context.filers = report_figures.filers(context.choice.month, ids)

    def plan_row(self, row: Row, context: MonthlyContext) -> list[Plan]:
        assert self.header is not None
        if self._skipped(row, context):
            return []
        enterprise = _match(row, context.matches)
        if enterprise is None:
            return []
        if enterprise.pk in context.seen:
            row.bad(
                "name" if row.has("name") else "credit_code",
                _("与第%(row)d行是同一家企业（%(name)s）")
                % {"row": context.seen[enterprise.pk], "name": enterprise.name},
            )
            return []
        context.seen[enterprise.pk] = row.number
        if row.problems:
            return []
        return self._plan(row, enterprise, context)

    def _skipped(self, row: Row, context: MonthlyContext) -> bool:
        """Total, subtotal and heading rows, and rows without a single figure: no plan, and
        the cells they hold are not checked."""
        assert self.header is not None
        name = cells.text(row.raw.get("name")) or ""
        lead = [cells.text(row.raw.get("number")) or "", name]
        if not name:
            lead.append(cells.text(row.raw.get("park")) or "")
        has_code = bool(cells.text(row.raw.get("credit_code")))
        if layout.total_row(lead, name, has_code, context.parks):
            context.totals += 1
        elif all(layout.is_blank_mark(row.raw.get(c.key)) for c in self.header.columns):
            context.empty += 1
        else:
            return False
        row.problems.clear()
        row.failed.clear()
        return True

    def _plan(self, row: Row, enterprise: Enterprise, context: MonthlyContext) -> list[Plan]:
        assert self.header is not None
        stored = context.figures.get(enterprise.pk, {})
        merged = {code: dict(values) for code, values in stored.items()}
        touched: list[str] = []
        changed: list[headers.FigureColumn] = []
        for column in self.header.columns:
            value = row.values.get(column.key)
            if value is None:
                continue
            code = column.indicator.code
            values = merged.setdefault(code, dict.fromkeys(validation.FIELDS))
            if code not in touched:
                touched.append(code)
            if values.get(column.field) != value:
                changed.append(column)
            values[column.field] = value
        report = context.reports.get(enterprise.pk)
        if report is not None and report.is_locked and changed:
            row.bad(changed[0].key, self._locked_message(report, changed, stored))
            return []
        status_only = report is not None and report.status in (
            ReportStatus.DRAFT,
            ReportStatus.RETURNED,
        )
        if report is not None and not changed and not status_only:
            return [_plan(row, UNCHANGED, enterprise, {}, None, (), [])]
        findings, warnings = self._check(row, enterprise, merged, context)
        if row.problems:
            return []
        explanation = None
        if warnings and not (report is not None and report.explanation.strip()):
            explanation = IMPORT_EXPLANATION
        changes = [c.header for c in changed] or [_("报送")]
        changes += [_("提示：%(w)s") % {"w": w} for w in warnings]
        figures = {code: merged[code] for code in touched}
        action = CREATE if report is None else UPDATE
        return [_plan(row, action, enterprise, figures, explanation, tuple(changes), findings)]

    def _check(
        self,
        row: Row,
        enterprise: Enterprise,
        merged: report_figures.Figures,
        context: MonthlyContext,
    ) -> tuple[list[validation.Finding], list[str]]:
        """Errors of the validation rules as problems on their cells; the findings and the
        warnings' texts returned (the service takes the findings instead of checking again)."""
        findings = validation.check(
            figures=merged,
            previous=context.previous_figures.get(enterprise.pk, {}),
            indicators=context.indicators,
            rules=context.rules,
            filer=context.filers[enterprise.pk],
        )
        warnings = []
        errors: dict[str | None, list[str]] = {}
        missing: list[str] = []
        for finding in findings:
            indicator = context.indicators.get(finding.indicator)
            name = indicator.name if indicator else finding.indicator
            text = f"{name}（{layout.FIELD_LABELS.get(finding.field, '')}）：{finding.message}"
            cell = f"{finding.indicator}.{finding.field}"
            if finding.kind == RuleKind.REQUIRED_FIGURES and cell not in row.table.positions:
                # A figure the file has no column for: one problem for the row names them all.
                missing.append(validation.place_label(finding, context.indicators))
                continue
            if not finding.is_error:
                warnings.append(text)
                context.warnings.append(f"第{row.number}行 {enterprise.name}：{text}")
                continue
            errors.setdefault(cell if cell in row.table.positions else None, []).append(text)
        if missing:
            errors.setdefault(None, []).append(
                _("文件中没有本企业报表要求的%(figures)s列：请补齐这些列后重新导入")
                % {"figures": "、".join(missing)}
            )
        for where, texts in errors.items():
            # One problem per cell (the engine's rule): every rule it breaks, in one message.
            row.bad(where, "；".join(texts))
        return findings, warnings

    def _locked_message(
        self,
        report: MonthlyReport,
        changed: list[headers.FigureColumn],
        stored: report_figures.Figures,
    ) -> str:
        first = changed[0]
        before = stored.get(first.indicator.code, {}).get(first.field)
        return _(
            "已审核锁定：%(report)s已审核，文件中的%(what)s与已审核数据（%(before)s）不一致；"
            "如需更正请由经济运行部门走修订流程"
        ) % {
            "report": report,
            "what": "、".join(c.header for c in changed),
            "before": layout.shown(before, first.unit),
        }

    def write(self, plan: Plan, actor: Any, context: MonthlyContext) -> None:
        self.write_batch([plan], actor, context)

    def write_batch(self, plans: list[Plan], actor: Any, context: MonthlyContext) -> None:
        """The batch's reports in one call of the service (validated, recorded, alerted)."""
        entries = [
            report_services.ReportEntry(
                context.enterprises[plan.data["enterprise"]],
                plan.data["figures"],
                plan.data["explanation"],
                plan.data["findings"],
            )
            for plan in plans
        ]
        try:
            report_services.reports_save(
                actor=actor,
                period=context.write_period(),
                entries=entries,
                source="import",
                submit=True,
                check=actor is not None,
            )
        except report_services.ReportRefused as exc:
            refused = exc.enterprise.pk if exc.enterprise else None
            plan = next((p for p in plans if p.data["enterprise"] == refused), plans[0])
            raise PlanFailed(plan, failure_message(exc)) from exc
        except (PermissionDenied, DatabaseError) as exc:
            raise PlanFailed(plans[0], failure_message(exc)) from exc

    def details(self, plans: list[Plan], context: MonthlyContext) -> dict[str, Any]:
        assert self.header is not None
        units_seen = headers.units_summary(self.header.columns)
        levels: dict[str, Any] = {_("报告期"): context.choice.label(), **units_seen}
        if context.totals:
            levels[_("合计/小计行（跳过）")] = context.totals
        if context.empty:
            levels[_("无数据行（跳过）")] = context.empty
        if context.warnings:
            levels[_("提示（不阻止导入）")] = len(context.warnings)
        if self.header.ignored:
            levels[_("未导入的列")] = len(self.header.ignored)
        return {
            "period": context.choice.key,
            "period_label": context.choice.label(),
            "units": units_seen,
            "ignored": self.header.ignored,
            "skipped_totals": context.totals,
            "skipped_empty": context.empty,
            "warnings": context.warnings[:WARNINGS_SHOWN],
            # The import pages show these as figures above the preview.
            "levels": levels,
        }


def _plan(
    row: Row,
    action: str,
    enterprise: Enterprise,
    figures: dict[str, dict[str, Decimal | None]],
    explanation: str | None,
    changes: tuple[str, ...],
    findings: list[validation.Finding],
) -> Plan:
    data = {
        "enterprise": enterprise.pk,
        "figures": figures,
        "explanation": explanation,
        "findings": findings,
    }
    return Plan(row.number, action, enterprise.credit_code, enterprise.name, data, changes)


def _choice(period: str | tuple[int, int] | None) -> layout.PeriodChoice | None:
    """--period 2024-03 (or (2024, 3)) as a choice; the title may still mark it 1—2月."""
    if period is None or period == "":
        return None
    if isinstance(period, str):
        year, month = parse_period(period)
    else:
        year, month = period
    return layout.PeriodChoice(year, month)
