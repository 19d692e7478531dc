"""History-table rows: monitoring."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from importlib import import_module
from typing import Any

from tests.history.table import (
    CREATE,
    UPDATE,
    D,
    Service,
    Wrote,
    case,
    find,
    wrote,
)
from zoneops.core.models import ChangeRecord, User

# --- monitoring ------------------------------------------------------------------------

OUTPUT = 5_000_000


def _period(year: int = 2024, month: int = 11) -> Any:
    from zoneops.monitoring.periods import period_get_or_create

    return period_get_or_create(year, month)


def _figures(w: Any, value: int = OUTPUT) -> Any:
    from zoneops.monitoring.tests.factories import complete, figures

    return complete(w.enterprise_x, 11, figures(output_value=(value, value * 11, value * 10)))


def _report(w: Any, *, submit: bool = False, approve: bool = False) -> Any:
    from zoneops.monitoring import services

    report, _changed = services.report_save(
        actor=None,
        enterprise=w.enterprise_x,
        period=_period(),
        figures=_figures(w),
        explanation="测试数据",
        submit=submit or approve,
        check=False,
    )
    if approve:
        report = services.report_approve(actor=None, report=report, check=False)
    return report


@case("monitoring", "reports_save")
def _reports_save(w: Any, fn: Service) -> Wrote:
    from zoneops.monitoring import services

    [(report, _changed)] = fn(
        actor=w.econ,
        period=_period(),
        entries=[services.ReportEntry(enterprise=w.enterprise_x, figures=_figures(w))],
    )
    return wrote(report, CREATE, w.econ)


@case("monitoring", "report_save")
def _report_save(w: Any, fn: Service) -> Wrote:
    report, _changed = fn(
        actor=w.ent_x_user, enterprise=w.enterprise_x, period=_period(), figures=_figures(w)
    )
    return wrote(report, CREATE, w.ent_x_user)


@case("monitoring", "report_submit")
def _report_submit(w: Any, fn: Service) -> Wrote:
    report = _report(w)
    fn(actor=w.ent_x_user, report=report)
    return wrote(report, UPDATE, w.ent_x_user)


@case("monitoring", "report_return")
def _report_return(w: Any, fn: Service) -> Wrote:
    report = _report(w, submit=True)
    fn(actor=w.econ, report=report, reason="产值与用电不符，请核实")
    return wrote(report, UPDATE, w.econ)


@case("monitoring", "reports_approve")
def _reports_approve(w: Any, fn: Service) -> Wrote:
    report = _report(w, submit=True)
    [approved] = fn(actor=w.econ, reports=[report])
    return wrote(approved, UPDATE, w.econ)


@case("monitoring", "report_approve")
def _report_approve(w: Any, fn: Service) -> Wrote:
    report = _report(w, submit=True)
    approved = fn(actor=w.park_a_officer, report=report)
    return wrote(approved, UPDATE, w.park_a_officer)


@case("monitoring", "report_correct")
def _report_correct(w: Any, fn: Service) -> Wrote:
    from zoneops.monitoring.tests.factories import figures

    report = _report(w, approve=True)
    value = OUTPUT + 100_000
    fn(
        actor=w.econ,
        report=report,
        figures=figures(output_value=(value, value * 11, OUTPUT * 10)),
        reason="企业更正",
    )
    return wrote(report, UPDATE, w.econ)


def _falling_alert(w: Any) -> Any:
    """Output down 30% on last year (approved): the rule raises an alert."""
    from zoneops.monitoring import services
    from zoneops.monitoring.models import Alert
    from zoneops.monitoring.tests.factories import complete, figures

    report, _changed = services.report_save(
        actor=None,
        enterprise=w.enterprise_x,
        period=_period(),
        figures=complete(w.enterprise_x, 11, figures(output_value=(7, 70, 100))),
        explanation="订单减少",
        submit=True,
        check=False,
    )
    services.report_approve(actor=None, report=report, check=False)
    return Alert.objects.filter(enterprise=w.enterprise_x).first()


@case("monitoring", "evaluate_report")
def _evaluate_report(w: Any, fn: Service) -> Wrote:
    alert = _falling_alert(w)
    assert alert is not None
    ChangeRecord.objects.filter(model=alert._meta.label_lower).delete()
    alert.delete()
    fn(_report_of(w))
    from zoneops.monitoring.models import Alert

    return wrote(Alert.objects.get(enterprise=w.enterprise_x), CREATE, None)


@case("monitoring", "evaluate_reports")
def _evaluate_reports(w: Any, fn: Service) -> Wrote:
    from zoneops.monitoring import services
    from zoneops.monitoring.models import Alert

    alert = _falling_alert(w)
    assert alert is not None
    ChangeRecord.objects.filter(model=alert._meta.label_lower).delete()
    alert.delete()
    report = _report_of(w)
    fn([report], {report.pk: services.figures_of(report)})
    return wrote(Alert.objects.get(enterprise=w.enterprise_x), CREATE, None)


def _report_of(w: Any) -> Any:
    from zoneops.monitoring.models import MonthlyReport

    return MonthlyReport.objects.get(enterprise=w.enterprise_x, period=_period())


@case("monitoring", "evaluate_missing")
def _evaluate_missing(w: Any, fn: Service) -> Wrote:
    from zoneops.monitoring.models import Alert

    w.enterprise_x.is_above_scale = True
    w.enterprise_x.save()
    period = _period()
    fn(period, today=period.deadline + dt.timedelta(days=5))
    return wrote(Alert.objects.get(enterprise=w.enterprise_x), CREATE, None)


@case("monitoring", "alert_handle")
def _alert_handle(w: Any, fn: Service) -> Wrote:
    alert = _falling_alert(w)
    fn(actor=w.econ, alert=alert, status="acknowledged", note="已电话核实")
    return wrote(alert, UPDATE, w.econ)


@case("monitoring", "catalogue_save")
def _catalogue_save(w: Any, fn: Service) -> Wrote:
    from django.forms.models import model_to_dict

    from zoneops.monitoring.models import ValidationRule

    rule = ValidationRule.objects.filter(is_active=True).exclude(threshold=None).first()
    assert rule is not None
    data = model_to_dict(rule, fields=["threshold", "severity", "message"])
    form = import_module(fn.__module__).ValidationRuleForm(
        data={**data, "threshold": (rule.threshold or 0) + 1}, instance=rule
    )
    assert form.is_valid(), form.errors
    fn(actor=w.admin, form=form)
    return wrote(rule, UPDATE, w.admin)


@case("monitoring", "account_create")
def _account_create(w: Any, fn: Service) -> Wrote:
    account = fn(actor=w.econ, enterprise=w.enterprise_x, number="6300123456")
    return wrote(account, CREATE, w.econ)


@case("monitoring", "nowcast_run")
def _nowcast_run(w: Any, fn: Service) -> Wrote:
    from zoneops.monitoring import services
    from zoneops.monitoring.tests.factories import approved_report, figures

    # Two years of approved reports with output = 5 × electricity, then a month of electricity
    # only: the nowcast estimates its output.
    ytd_e = ytd_o = 0
    for year, month in [(2023, m) for m in range(1, 13)] + [(2024, m) for m in range(1, 12)]:
        if month == 1:
            ytd_e = ytd_o = 0
        e = 100_000 + 1_000 * month
        ytd_e, ytd_o = ytd_e + e, ytd_o + 5 * e
        approved_report(
            w.enterprise_x,
            year,
            month,
            output_value=(5 * e, ytd_o, None),
            electricity=(e, ytd_e, None),
        )
    period = _period(2024, 12)
    services.report_save(
        actor=None,
        enterprise=w.enterprise_x,
        period=period,
        figures=figures(electricity=(112_000, ytd_e + 112_000, None)),
        source="grid",
        check=False,
    )
    fn(period=period, actor=w.econ)
    from zoneops.monitoring.models import Estimate

    return wrote(Estimate.objects.get(enterprise=w.enterprise_x), CREATE, w.econ)


@case("monitoring", "province_figure_save")
def _province_figure_save(w: Any, fn: Service) -> Wrote:
    from zoneops.monitoring.models import Indicator

    figure, _changed = fn(
        actor=w.econ,
        period=_period(),
        indicator=Indicator.objects.get(code="output_value"),
        zone_name="西宁经济技术开发区",
        growth=Decimal("6.5"),
        is_self=True,
    )
    return wrote(figure, CREATE, w.econ)


def _survey(actor: User | None, create: Service | None = None) -> Any:
    return (create or find("monitoring", "survey_create"))(
        actor=actor,
        title="春节期间生产计划调查",
        holiday_start=D(2025, 1, 28),
        holiday_end=D(2025, 2, 4),
        deadline=D(2025, 1, 20),
        above_scale_only=False,
    )


@case("monitoring", "survey_create")
def _survey_create(w: Any, fn: Service) -> Wrote:
    return wrote(_survey(w.econ, fn), CREATE, w.econ)


@case("monitoring", "response_save")
def _response_save(w: Any, fn: Service) -> Wrote:
    survey = _survey(w.admin)
    response, _changed = fn(
        actor=w.park_a_officer,
        survey=survey,
        enterprise=w.enterprise_x,
        data={"plan": "full"},
        today=D(2025, 1, 10),
    )
    return wrote(response, CREATE, w.park_a_officer)


@case("monitoring", "target_save")
def _monitoring_target_save(w: Any, fn: Service) -> Wrote:
    from zoneops.monitoring.models import Indicator

    target = fn(
        actor=w.econ,
        scope="zone",
        indicator=Indicator.objects.get(code="output_value"),
        year=2024,
        kind="growth",
        value=Decimal("8"),
    )
    return wrote(target, CREATE, w.econ)
