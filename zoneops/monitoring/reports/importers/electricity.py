"""The grid company's electricity ledger (kind ``electricity``): one row per account (户号)
with the month's consumption, mapped to enterprises through ``ElectricityAccount``.

- An account the platform does not know is a problem, unless the file gives the enterprise's
  统一社会信用代码 on its row: then the mapping is created (and recorded in history).
- The accounts of one enterprise are summed into its ``electricity`` figure: the month's value,
  and the year to date as the previous report's year to date plus the month (the month alone
  for the year's first period; no year to date when the previous report has none).
- A figure the enterprise already reported is never overwritten: equal is fine, different is a
  problem. The grid's figure is data, not the enterprise's report: reports are saved, not
  submitted.
- The unit must be written (用电量（千瓦时）, or a units row): a grid ledger in kWh read as
  万千瓦时 would be ten thousand times wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zoneops.core.history import record, snapshot
from zoneops.core.imports import cells
from zoneops.core.imports.engine import CREATE, UNCHANGED, UPDATE, Column, Plan, Row, Spec, Table
from zoneops.core.imports.problems import Problem, column_label
from zoneops.core.models import ChangeRecord, User
from zoneops.enterprises.matching import Matches, code_problem
from zoneops.enterprises.models import Enterprise
from zoneops.monitoring.models import (
    ElectricityAccount,
    Indicator,
    MonthlyReport,
    ReportingPeriod,
    ValidationRule,
)
from zoneops.monitoring.periods import period_get_or_create
from zoneops.monitoring.permissions import can_review
from zoneops.monitoring.reports import figures as report_figures
from zoneops.monitoring.reports import services as report_services
from zoneops.monitoring.reports import validation
from zoneops.monitoring.reports.importers import layout
from zoneops.monitoring.reports.importers.monthly import _choice, previous_period, reports_of

CODE = "electricity"
USAGE_NAMES = (
    "用电量",
    "本月用电量",
    "当月用电量",
    "月用电量",
    "电量",
    "抄见电量",
    "结算电量",
    "用电量合计",
)
UNIT_SUFFIXES = ("", "千瓦时", "kwh", "kw·h", "万千瓦时", "度", "万度")


def _usage_aliases() -> tuple[str, ...]:
    out = []
    for name in USAGE_NAMES:
        for unit in UNIT_SUFFIXES:
            if unit:
                out += [f"{name}({unit})", f"{name}(单位:{unit})"]
            else:
                out.append(name)
    return tuple(a for a in out if a != USAGE_NAMES[0])


def _account(value: Any) -> str | None:
    shown = cells.text(value)
    return None if shown is None else "".join(shown.split())


COLUMNS: tuple[Column, ...] = (
    Column(
        "户号",
        "account",
        aliases=("用电户号", "电力户号", "户号编号", "用户编号", "用户号", "客户编号"),
        parse=_account,
    ),
    Column("用电量", "usage", aliases=_usage_aliases()),
    Column("户名", "account_name", aliases=("用电户名", "用户名称", "户名称"), required=False),
    Column(
        "统一社会信用代码",
        "credit_code",
        aliases=("信用代码", "社会信用代码", "统一代码"),
        required=False,
        parse=cells.code,
    ),
    Column("序号", "number", aliases=("编号",), required=False),
)


@dataclass
class Total:
    """One enterprise's accounts in the file and what importing them will do."""

    enterprise: Enterprise
    plans: list[Plan] = field(default_factory=list)
    kwh: Decimal = Decimal(0)


@dataclass
class ElectricityContext:
    actor: Any
    choice: layout.PeriodChoice
    period: ReportingPeriod | None
    previous: ReportingPeriod | None
    unit: str
    indicator: Indicator
    indicators: dict[str, Indicator]
    rules: list[ValidationRule]
    accounts: dict[str, ElectricityAccount] = field(default_factory=dict)
    by_code: dict[str, Enterprise] = field(default_factory=dict)
    reports: dict[int, MonthlyReport] = field(default_factory=dict)
    figures: dict[int, report_figures.Figures] = field(default_factory=dict)
    previous_figures: dict[int, report_figures.Figures] = field(default_factory=dict)
    totals: dict[int, Total] = field(default_factory=dict)
    new_accounts: int = 0
    skipped: int = 0

    @property
    def first_of_year(self) -> bool:
        combined = self.choice.combined or bool(self.period and self.period.months_covered == 2)
        return self.choice.month == 1 or combined

    def may_import(self, enterprise: Enterprise) -> bool:
        return self.actor is None or can_review(self.actor, enterprise.park_id)


class ElectricitySpec(Spec):
    """户号 / 用电量 (/ 户名 / 统一社会信用代码) for one period."""

    kind = "electricity"
    unique_key = "account"

    def __init__(self, *, period: str | tuple[int, int] | None = None) -> None:
        self.columns = COLUMNS
        self.chosen = _choice(period)
        self.choice: layout.PeriodChoice | None = None
        self.unit = ""
        self.unit_source = layout.SOURCE_HEADER

    def bind(self, table: Table) -> list[Problem]:
        above = layout.read_above(table, table.header_row)
        units_line = layout.read_units_line(table, above)
        problems = list(units_line.problems)
        self.choice, period_problems = layout.resolve_period(table, above, self.chosen)
        problems += period_problems
        index = table.positions["usage"]
        header = layout.compact(table.sheet.rows[table.header_row][index])
        unit = layout.unit_in_header(header)
        if unit is None:
            for alias_unit in sorted(UNIT_SUFFIXES, key=len, reverse=True):
                if alias_unit and header.startswith(alias_unit):
                    unit = layout.normalize_unit(alias_unit)
                    break
        if unit is None:
            unit = units_line.by_dimension.get(layout.ENERGY)
            self.unit_source = layout.SOURCE_UNITS_ROW
        label = column_label(index, table.headers["usage"])

        def refuse(message: str) -> None:
            problems.append(
                Problem(table.file, table.sheet.name, table.header_row + 1, label, message)
            )

        if unit is None:
            refuse(
                _(
                    "未写明用电量的单位：请在表头写明（如“用电量（千瓦时）”或“用电量（万千瓦时）”），"
                    "或在标题下加单位行（如“单位：千瓦时”）"
                )
            )
        elif layout.dimension_of_unit(unit) != layout.ENERGY:
            refuse(_("单位“%(unit)s”不是用电量的单位，应为千瓦时或万千瓦时") % {"unit": unit})
        else:
            self.unit = unit
            self.columns = tuple(
                replace(c, parse=layout.number_parser(unit)) if c.key == "usage" else c
                for c in COLUMNS
            )
        return problems

    def prepare(self, actor: User | None) -> ElectricityContext:
        assert self.choice is not None
        choice = self.choice
        indicators = report_figures.indicator_map()
        period = ReportingPeriod.objects.filter(year=choice.year, month=choice.month).first()
        return ElectricityContext(
            actor=actor,
            choice=choice,
            period=period,
            previous=previous_period(choice, period),
            unit=self.unit,
            indicator=indicators[CODE],
            indicators=indicators,
            rules=list(ValidationRule.objects.filter(is_active=True)),
        )

    def preload(self, rows: list[Row], context: ElectricityContext) -> None:
        numbers = sorted({r.values["account"] for r in rows if r.values.get("account")})
        codes = sorted({r.values["credit_code"] for r in rows if r.values.get("credit_code")})
        for start in range(0, len(numbers), 500):
            chunk = numbers[start : start + 500]
            for account in ElectricityAccount.objects.filter(
                account_number__in=chunk
            ).select_related("enterprise__park"):
                context.accounts[account.account_number] = account
        # Only the enterprises this importer may report for are found (enterprises/matching.py).
        matches = Matches(may_report=context.may_import, scoped=context.actor is not None)
        matches.load(codes=codes, names=lambda found: [])
        context.by_code = matches.by_code
        ids = sorted(
            {a.enterprise_id for a in context.accounts.values()}
            | {e.pk for e in context.by_code.values()}
        )
        context.reports, context.figures = reports_of(context.period, ids)
        context.previous_figures = report_figures.period_figures(context.previous, ids)

    def plan_row(self, row: Row, context: ElectricityContext) -> list[Plan]:
        account = row.values.get("account")
        name = row.values.get("account_name") if row.has("account_name") else None
        lead = [cells.text(row.raw.get("number")) or "", account or "", name or ""]
        if layout.total_row(lead, name or "", False, frozenset()):
            row.problems.clear()
            row.failed.clear()
            context.skipped += 1
            return []
        if not account:
            row.bad("account", _("户号为空"))
            return []
        if row.has("usage") and row.values.get("usage") is None:
            row.bad("usage", _("用电量为空：没有用电请填 0"))
        enterprise, new = self._enterprise(row, account, context)
        if enterprise is None or row.problems:
            return []
        kwh = row.values["usage"]
        total = context.totals.setdefault(enterprise.pk, Total(enterprise))
        total.kwh += kwh
        label = f"{name} → {enterprise.name}" if name else enterprise.name
        data = {"enterprise": enterprise.pk, "account": account, "new_account": new}
        plan = Plan(row.number, CREATE if new else UNCHANGED, account, label, data)
        if new:
            plan.changes = (
                _("新建户号对应：%(a)s → %(e)s") % {"a": account, "e": enterprise.name},
            )
        total.plans.append(plan)
        return [plan]

    def _enterprise(
        self, row: Row, account: str, context: ElectricityContext
    ) -> tuple[Enterprise | None, bool]:
        """The account's enterprise and whether its mapping is new (None: a problem)."""
        code = row.values.get("credit_code") if row.has("credit_code") else None
        mapped = context.accounts.get(account)
        if mapped is not None and not context.may_import(mapped.enterprise):
            # Whose account it is, is not this importer's to learn.
            row.bad("account", _("户号“%(a)s”不属于您可报送的企业") % {"a": account})
            return None, False
        if mapped is not None:
            if code and code != mapped.enterprise.credit_code:
                row.bad(
                    "credit_code",
                    _("户号“%(a)s”在平台中对应企业“%(e)s”（%(c)s），与文件中的代码不一致")
                    % {
                        "a": account,
                        "e": mapped.enterprise.name,
                        "c": mapped.enterprise.credit_code,
                    },
                )
                return None, False
            return mapped.enterprise, False
        if "credit_code" in row.failed:
            return None, False
        if not code:
            row.bad(
                "account",
                _("户号“%(a)s”未对应任何企业：请先维护用电户号，或在文件中加一列“统一社会信用代码”")
                % {"a": account},
            )
            return None, False
        enterprise = context.by_code.get(code)
        if enterprise is None:
            row.bad("credit_code", code_problem(code, scoped=context.actor is not None))
            return None, False
        return enterprise, True

    def check_plans(
        self, plans: list[Plan], table: Table, context: ElectricityContext
    ) -> list[Problem]:
        """Per enterprise: its accounts' sum against what it reported; every row of the
        enterprise gets the enterprise's action, the first row carries the write."""
        problems: list[Problem] = []
        for total in context.totals.values():
            problem = self._settle(total, table, context)
            if problem is not None:
                problems.append(problem)
        return problems

    def _settle(self, total: Total, table: Table, context: ElectricityContext) -> Problem | None:
        enterprise, unit = total.enterprise, context.unit
        stored = context.figures.get(enterprise.pk, {}).get(CODE) or dict.fromkeys(
            validation.FIELDS
        )
        month = total.kwh
        ytd = self._ytd(enterprise, month, context)
        rows = "、".join(str(p.row) for p in total.plans)
        first = total.plans[0]

        def problem(message: str) -> Problem:
            return table.problem(first.row, "usage", message)

        for figure, ours in ((layout.MONTH, month), (layout.YTD, ytd)):
            theirs = stored.get(figure)
            if theirs is not None and ours is not None and theirs != ours:
                return problem(
                    _(
                        "企业“%(name)s”已报送用电量（%(figure)s）%(theirs)s，"
                        "与电网数据%(ours)s（第%(rows)s行合计）不一致"
                    )
                    % {
                        "name": enterprise.name,
                        "figure": layout.FIELD_LABELS[figure],
                        "theirs": layout.shown(theirs, unit),
                        "ours": layout.shown(ours, unit),
                        "rows": rows,
                    }
                )
        merged = dict(stored)
        if stored.get(layout.MONTH) is None:
            merged[layout.MONTH] = month
        if stored.get(layout.YTD) is None:
            merged[layout.YTD] = ytd
        report = context.reports.get(enterprise.pk)
        changed = merged != stored or report is None
        if changed and report is not None and report.is_locked:
            if stored.get(layout.MONTH) is not None:
                changed = False  # the approved month agrees; its year to date is left alone
            else:
                return problem(
                    _("已审核锁定：%(report)s已审核，不能补入电网的用电量；如需更正请走修订流程")
                    % {"report": report}
                )
        if changed:
            findings = validation.check(
                figures={CODE: merged},
                previous=context.previous_figures.get(enterprise.pk, {}),
                indicators=context.indicators,
                rules=context.rules,
            )
            errors = [f.message for f in findings if f.is_error]
            if errors:
                return problem("；".join(dict.fromkeys(errors)))
        action = UNCHANGED if not changed else (CREATE if report is None else UPDATE)
        note = _("用电量 %(month)s（%(n)d户合计）") % {
            "month": layout.shown(month, unit),
            "n": len(total.plans),
        }
        for plan in total.plans:
            # A new mapping is written even when the enterprise's figure is already there.
            plan.action = CREATE if plan.data["new_account"] else action
            if changed:
                plan.changes = (*plan.changes, note)
        if changed:
            first.data["figures"] = {CODE: merged}
        return None

    def _ytd(
        self, enterprise: Enterprise, month: Decimal, context: ElectricityContext
    ) -> Decimal | None:
        if context.first_of_year:
            return month
        before = context.previous_figures.get(enterprise.pk, {}).get(CODE, {}).get(layout.YTD)
        return None if before is None else before + month

    def write(self, plan: Plan, actor: User | None, context: ElectricityContext) -> None:
        enterprise = context.totals[plan.data["enterprise"]].enterprise
        if plan.data["new_account"]:
            account_create(actor=actor, enterprise=enterprise, number=plan.data["account"])
        figures = plan.data.get("figures")
        if figures:
            if context.period is None or (
                context.choice.combined and not context.period.combined_with_january
            ):
                context.period = period_get_or_create(
                    context.choice.year,
                    context.choice.month,
                    combined_with_january=context.choice.combined,
                )
            report_services.report_save(
                actor=actor,
                enterprise=enterprise,
                period=context.period,
                figures=figures,
                source="import",
                check=actor is not None,
            )

    def details(self, plans: list[Plan], context: ElectricityContext) -> dict[str, Any]:
        new = sum(1 for p in plans if p.data["new_account"])
        levels: dict[str, Any] = {
            _("报告期"): context.choice.label(),
            _("用电量单位"): f"{context.unit}（{self.unit_source}）",
            _("企业"): len(context.totals),
        }
        if new:
            levels[_("新建户号对应")] = new
        if context.skipped:
            levels[_("合计行（跳过）")] = context.skipped
        return {
            "period": context.choice.key,
            "period_label": context.choice.label(),
            "unit": context.unit,
            "enterprises": len(context.totals),
            "new_accounts": new,
            "levels": levels,
        }


@transaction.atomic
def account_create(
    *, actor: User | None, enterprise: Enterprise, number: str
) -> ElectricityAccount:
    """Map a grid account to an enterprise, recorded in history."""
    account = ElectricityAccount.objects.create(
        enterprise=enterprise, account_number=number, note=_("电网台账导入")
    )
    record(
        actor=actor,
        obj=account,
        action=ChangeRecord.Action.CREATE,
        before=None,
        after=snapshot(account),
    )
    return account
