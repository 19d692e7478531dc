"""An alert that persists is one alert: open since a month, holding for as long as its rule
holds, its months kept. The list groups by enterprise and kind, the dashboard counts those."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from zoneops.monitoring.alerts import services as alerts
from zoneops.monitoring.models import Alert, AlertMonth, AlertRule, AlertStatus, MonthlyReport
from zoneops.monitoring.periods import period_get_or_create
from zoneops.monitoring.reports import figures as report_figures
from zoneops.monitoring.reports import services as report_services
from zoneops.monitoring.tests.factories import approved_report, figures

pytestmark = pytest.mark.django_db


def _ytd(base: int, month: int, fall: float) -> int:
    return round(base * month * (1 + fall / 100))


def _falling(
    enterprise: Any, year: int, month: int, fall: float, power_fall: float | None = None
) -> MonthlyReport:
    """A report whose 工业总产值 累计 is ``fall`` % below last year's (100,000 元 a month last
    year), and 企业用电量 ``power_fall`` % below; 本月 is what the year to date added."""
    period = period_get_or_create(year, month)
    before = report_figures.previous_figures(period, enterprise.pk)

    def flow(code: str, change: float) -> tuple[int, int, int]:
        ytd = _ytd(100_000, month, change)
        previous = before.get(code, {}).get("ytd_value") or 0
        return (ytd - int(previous), ytd, 100_000 * month)

    more = {} if power_fall is None else {"electricity": flow("electricity", power_fall)}
    return approved_report(enterprise, year, month, output_value=flow("output_value", fall), **more)


def _output_alerts(enterprise: Any) -> list[Alert]:
    return list(Alert.objects.filter(enterprise=enterprise, rule__kind="output_fall"))


def _months(alert: Alert) -> list[tuple[str, str]]:
    return [(str(m.period), m.level) for m in alert.months.select_related("period")]


def test_the_same_red_alert_three_months_running_is_one_alert_open_since_the_first(world):
    for month in (10, 11, 12):
        _falling(world.enterprise_x, 2024, month, -25)
    [alert] = _output_alerts(world.enterprise_x)
    assert (str(alert.period), str(alert.last_period)) == ("2024年10月", "2024年12月")
    assert (alert.level, alert.status) == ("red", AlertStatus.OPEN)
    assert _months(alert) == [("2024年10月", "red"), ("2024年11月", "red"), ("2024年12月", "red")]
    assert alert.span == "2024年10月—2024年12月"


def test_the_alert_takes_the_latest_months_colour_and_closes_when_the_figures_recover(world):
    _falling(world.enterprise_x, 2024, 10, -25)
    _falling(world.enterprise_x, 2024, 11, -12)
    [alert] = _output_alerts(world.enterprise_x)
    assert (alert.level, str(alert.last_period)) == ("orange", "2024年11月")
    _falling(world.enterprise_x, 2024, 12, 3)
    [alert] = _output_alerts(world.enterprise_x)
    assert alert.status == AlertStatus.CLOSED and alert.note.endswith(alerts.AUTO_CLOSED)
    assert _months(alert) == [("2024年10月", "red"), ("2024年11月", "orange")]
    # A new fall later is a new alert: the old one ended.
    _falling(world.enterprise_x, 2025, 1, -30)
    assert len(_output_alerts(world.enterprise_x)) == 2


def test_an_alert_closed_by_an_officer_that_still_holds_next_month_is_reopened(world):
    _falling(world.enterprise_x, 2024, 10, -25)
    [alert] = _output_alerts(world.enterprise_x)
    alerts.alert_handle(actor=world.econ, alert=alert, status=AlertStatus.CLOSED, note="已核实")
    _falling(world.enterprise_x, 2024, 11, -26)
    [alert] = _output_alerts(world.enterprise_x)
    assert alert.status == AlertStatus.OPEN and "已核实" in alert.note
    assert [p for p, _level in _months(alert)] == ["2024年10月", "2024年11月"]


def test_acknowledged_alert_stays_acknowledged_while_it_holds(world):
    _falling(world.enterprise_x, 2024, 10, -25)
    [alert] = _output_alerts(world.enterprise_x)
    alerts.alert_handle(actor=world.econ, alert=alert, status=AlertStatus.ACKNOWLEDGED, note="")
    _falling(world.enterprise_x, 2024, 11, -25)
    [alert] = _output_alerts(world.enterprise_x)
    assert alert.status == AlertStatus.ACKNOWLEDGED and str(alert.last_period) == "2024年11月"


def test_correcting_the_latest_month_back_to_normal_takes_it_off_and_closes(world):
    _falling(world.enterprise_x, 2024, 10, -25)
    december = _falling(world.enterprise_x, 2024, 11, -25)
    report_services.report_correct(
        actor=world.econ,
        report=december,
        figures=figures(output_value=(360_000, 1_110_000, 1_100_000)),
        reason="企业更正",
    )
    [alert] = _output_alerts(world.enterprise_x)
    assert _months(alert) == [("2024年10月", "red")]
    assert str(alert.last_period) == "2024年10月" and alert.status == AlertStatus.CLOSED


def test_missing_reports_two_months_running_are_one_alert_whichever_month_is_checked_first(
    world,
):
    world.enterprise_x.is_above_scale = True
    world.enterprise_x.save()
    november, december = period_get_or_create(2024, 11), period_get_or_create(2024, 12)
    # The daily command checks the latest periods first.
    alerts.evaluate_missing(december, today=dt.date(2025, 1, 25))
    alerts.evaluate_missing(november, today=dt.date(2025, 1, 25))
    [alert] = Alert.objects.filter(enterprise=world.enterprise_x, rule__kind="missing_report")
    assert (str(alert.period), str(alert.last_period)) == ("2024年11月", "2024年12月")
    assert alert.level == "red" and len(_months(alert)) == 2


def test_alert_list_groups_by_enterprise_and_kind(world, login):
    for month in (10, 11, 12):
        _falling(world.enterprise_x, 2024, month, -25, power_fall=-30)
        _falling(world.enterprise_y, 2024, month, -12)
    assert Alert.objects.exclude(status=AlertStatus.CLOSED).count() == 3
    page = login(world.leader).get(reverse("monitoring:alerts"))
    html = page.content.decode()
    assert "共 3 条预警" in html
    # One heading per enterprise, X (the red one) first; under it its two kinds.
    assert html.count('class="zo-group-row"') == 2
    assert html.index(world.enterprise_x.name) < html.index(world.enterprise_y.name)
    rows = list(page.context["page"])
    assert [(a.enterprise_id, a.rule.kind) for a in rows] == [
        (world.enterprise_x.pk, "electricity_fall"),
        (world.enterprise_x.pk, "output_fall"),
        (world.enterprise_y.pk, "output_fall"),
    ]
    assert "2024年10月起，3个月" in html


def test_dashboard_counts_one_alert_per_enterprise_and_kind(world, login):
    for month in (10, 11, 12):
        _falling(world.enterprise_x, 2024, month, -25)
        _falling(world.enterprise_y, 2024, month, -25)
    page = login(world.leader).get(reverse("monitoring:dashboard"))
    counts = page.context["alert_counts"]
    assert (counts.alerts, counts.enterprises, counts.red) == (2, 2, 2)
    assert "2 条未关闭（2 家企业，红色 2 条）" in page.content.decode()
    assert len(page.context["alerts"]) == 2
    park_a = login(world.park_a_officer).get(reverse("monitoring:dashboard"))
    assert park_a.context["alert_counts"].alerts == 1


def test_api_gives_an_alerts_months(world, login):
    for month in (10, 11):
        _falling(world.enterprise_x, 2024, month, -25)
    body = login(world.leader).get("/api/monitoring/alerts").json()
    [item] = body["items"]
    assert (item["period"], item["last_period"]) == ("2024-10", "2024-11")
    assert [m["period"] for m in item["months"]] == ["2024-10", "2024-11"]


def test_migration_folds_month_after_month_alerts_into_one(world):
    """Data from before: one alert row per month (no months kept)."""
    rule = AlertRule.objects.get(kind="output_fall")
    periods = [period_get_or_create(2024, m) for m in (3, 4, 5, 7)]
    period_get_or_create(2024, 6)
    for period, level, status in zip(
        periods,
        ("orange", "red", "red", "blue"),
        (AlertStatus.CLOSED, AlertStatus.OPEN, AlertStatus.OPEN, AlertStatus.OPEN),
        strict=True,
    ):
        Alert.objects.create(
            enterprise=world.enterprise_x,
            period=period,
            last_period=period,
            rule=rule,
            level=level,
            message=f"{period} 下降",
            status=status,
            note="已电话核实" if status == AlertStatus.CLOSED else "",
        )
    migration = importlib.import_module("zoneops.monitoring.migrations.0005_alerts_one_per_run")
    migration.merge(django_apps, None)
    first, later = Alert.objects.order_by("period__month")
    assert (str(first.period), str(first.last_period)) == ("2024年3月", "2024年5月")
    assert (first.level, first.status, first.note) == ("red", AlertStatus.OPEN, "已电话核实")
    assert _months(first) == [("2024年3月", "orange"), ("2024年4月", "red"), ("2024年5月", "red")]
    # July is not next to May (June exists and had no alert): its own alert.
    assert _months(later) == [("2024年7月", "blue")]
    assert AlertMonth.objects.count() == 4
