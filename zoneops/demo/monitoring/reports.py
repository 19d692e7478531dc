"""Writing the planned series through the report services: approved history, the live month
(last month) in every state a real month is in a few days before or after its deadline, and
the dates and alert handling a real year leaves behind."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.db.models import Q

from zoneops.demo.context import DemoContext
from zoneops.demo.monitoring.series import Series, Span
from zoneops.monitoring.alerts import services as alerts
from zoneops.monitoring.models import (
    Alert,
    AlertStatus,
    MonthlyReport,
    ReportingPeriod,
    ValidationRule,
)
from zoneops.monitoring.reports import figures as report_figures
from zoneops.monitoring.reports import services as report_services
from zoneops.monitoring.reports import validation

SHANGHAI = ZoneInfo("Asia/Shanghai")


class ReportWriter:
    """Writes a series' months through the report services, with the explanation a report
    needs where the validation rules ask for one."""

    def __init__(self, ctx: DemoContext, span: Span, periods: dict[int, ReportingPeriod]) -> None:
        self.ctx = ctx
        self.span = span
        self.periods = periods
        self.rules = list(ValidationRule.objects.filter(is_active=True))
        self.indicators = report_figures.indicator_map()
        self.reviewer = ctx.users["econ"]
        self.reports = 0

    def _save(
        self, batch: list[Series], t: int, *, submit: bool, explain: bool = True
    ) -> list[MonthlyReport]:
        """The month ``t`` of every series in ``batch``, in one call of the service."""
        entries = []
        for series in batch:
            figures = series.figures(t)
            entries.append(
                report_services.ReportEntry(
                    self.ctx.enterprises[series.credit_code],
                    figures,
                    self._explanation(series, t, figures) if explain else None,
                )
            )
        saved = report_services.reports_save(
            actor=None,
            period=self.periods[t],
            entries=entries,
            source="demo",
            submit=submit,
            check=False,
        )
        self.reports += len(saved)
        return [report for report, _changed in saved]

    def approved(self, batch: list[Series], t: int) -> None:
        """Month ``t`` of these series, submitted and approved."""
        reports = self._save(batch, t, submit=True)
        report_services.reports_approve(actor=None, reports=reports, check=False)

    def live(self, batch: list[Series], fates: dict[str, str]) -> None:
        """The live month, each series as far as its fate says."""
        by_fate: dict[str, list[Series]] = {}
        for series in batch:
            by_fate.setdefault(fates[series.credit_code], []).append(series)
        if by_fate.get("draft"):
            self._save(by_fate["draft"], self.span.live, submit=False, explain=False)
        for fate, group in sorted(by_fate.items()):
            if fate in ("missing", "draft"):
                continue
            reports = self._save(group, self.span.live, submit=True)
            if fate == "approved":
                report_services.reports_approve(actor=None, reports=reports, check=False)
            elif fate.startswith("returned:"):
                for report in reports:
                    report_services.report_return(
                        actor=self.reviewer, report=report, reason=fate[9:]
                    )

    def _explanation(self, series: Series, t: int, figures: report_figures.Figures) -> str | None:
        previous = series.figures(t - 1) if t % 12 and t - 1 >= series.first else {}
        # Checked as a whole (validation.Filer): a demo report that is sent on is complete.
        findings = validation.check(
            figures=figures,
            previous=previous,
            indicators=self.indicators,
            rules=self.rules,
            filer=validation.Filer(files_forms=True, month=self.span.month_of(t)[1]),
        )
        if any(f.is_error for f in findings):
            raise AssertionError(f"demo data breaks a rule: {series.credit_code} {t} {findings}")
        if not findings:
            return None
        flagged = {f.indicator for f in findings}
        output = figures["output_value"]
        rising = (output["ytd_value"] or 0) > (output["last_ytd_value"] or 0)
        year = self.span.month_of(t)[0]
        if series.stop_from is not None and t >= series.stop_from:
            y, m = self.span.month_of(series.stop_from)
            return f"受市场需求下降影响，企业自{y}年{m}月起停产，产值、用电量同比大幅下降。"
        if series.story == "growth_point":
            return "新建生产线陆续投产，产能逐步释放，产值同比大幅增长。"
        if series.story == "seasonal":
            return "企业属季节性生产，冬季停产检修，上年同期基数较小，累计数同比变动较大。"
        if flagged == {"export_value"}:
            return "出口订单集中交付，出口交货值同比波动较大。"
        if "electricity" in flagged and not rising:
            return "主要产品价格下行，产量增加而产值下降，用电量与产值变动方向不一致。"
        if series.story == "decliner":
            return "市场需求减弱、订单减少，企业主动减产，同比降幅较大。"
        if rising:
            return f"{year}年以来主要产品价格上涨、订单增加，同比增幅较大。"
        return f"{year}年以来主要产品价格下跌、订单减少，同比降幅较大。"


RETURN_REASONS = (
    "营业成本与营业收入比例异常，请核对财务报表后重新报送。",
    "用电量与上月相比波动较大，请核对电费结算单后重新报送。",
    "期末用工人数与社保缴纳人数差异较大，请核实。",
)


def live_fates(rng: random.Random, plan: list[Series], span: Span) -> dict[str, str]:
    """How far each enterprise got with its report for the live month (last month)."""
    codes = [s.credit_code for s in plan if s.first <= span.live]
    rng.shuffle(codes)
    n = len(codes)
    counts = [
        ("missing", round(n * 0.10)),
        ("draft", round(n * 0.07)),
        ("submitted", round(n * 0.11)),
    ]
    fates: dict[str, str] = {}
    position = 0
    for fate, count in counts:
        for code in codes[position : position + count]:
            fates[code] = fate
        position += count
    for reason in rng.sample(RETURN_REASONS, 2):
        fates[codes[position]] = f"returned:{reason}"
        position += 1
    for code in codes[position:]:
        fates[code] = "approved"
    return fates


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(
        day, dt.time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=SHANGHAI
    )


def backdate(rng: random.Random, periods: dict[int, ReportingPeriod], today: dt.date) -> None:
    """Give submissions and approvals the dates they would have had: most a few days before
    the deadline, a few late, none after the demo's ``today``. (The services stamp "now".)"""
    changed = []
    reports = MonthlyReport.objects.filter(period__in=periods.values()).exclude(submitted_at=None)
    # In the order of enterprises and months, whatever order the reports were written in.
    for report in reports.select_related("period").order_by(
        "enterprise__credit_code", "period__year", "period__month"
    ):
        deadline = report.period.deadline
        lateness = rng.choice((-6, -5, -4, -3, -2, -1, 0, 0, 1, 3))
        submitted = min(deadline + dt.timedelta(days=lateness), today)
        report.submitted_at = _at(submitted, rng)
        if report.approved_at is not None:
            approved = min(submitted + dt.timedelta(days=rng.randint(1, 3)), today)
            report.approved_at = _at(approved, rng) + dt.timedelta(hours=1)
        changed.append(report)
    MonthlyReport.objects.bulk_update(changed, ["submitted_at", "approved_at"], batch_size=500)


def close_old_alerts(ctx: DemoContext, span: Span, periods: dict[int, ReportingPeriod]) -> int:
    """The economy office looked into the alerts older than the last three months: those that
    no longer hold are closed, those open since then and still holding are acknowledged (知悉)
    and followed."""
    cutoff = periods[span.live - 2]
    before_cutoff = Q(year__lt=cutoff.year) | Q(year=cutoff.year, month__lt=cutoff.month)
    old = ReportingPeriod.objects.filter(before_cutoff)
    note = "已电话核实，企业生产经营情况与报送数据一致，纳入月度调度持续跟踪。"
    handled = 0
    related = ("enterprise__park", "period", "last_period", "rule", "owner")
    for alert in (
        Alert.objects.filter(status=AlertStatus.OPEN, period__in=old)
        .select_related(*related)
        .order_by("pk")
    ):
        status = AlertStatus.CLOSED if alert.last_period in old else AlertStatus.ACKNOWLEDGED
        alerts.alert_handle(actor=ctx.users["econ"], alert=alert, status=status, note=note)
        handled += 1
    return handled
