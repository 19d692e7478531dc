"""What makes an officer trust the monthly figures, seen in a browser: an incomplete report is
refused, a persisting alert is one alert, a month still being reported says so."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.browser.conftest import shot
from tests.browser.test_roles import sign_in
from zoneops.enterprises.tests.factories import EnterpriseFactory
from zoneops.monitoring import services
from zoneops.monitoring.models import MonthlyReport, ReportStatus
from zoneops.monitoring.periods import period_get_or_create
from zoneops.monitoring.reference import load_reference_data
from zoneops.monitoring.tests.factories import approved_report, complete, figures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAN = 10_000


@pytest.fixture(autouse=True)
def catalogue(transactional_db):
    from zoneops.monitoring.models import AlertRule, Indicator, ValidationRule

    load_reference_data(Indicator, ValidationRule, AlertRule)  # flushed by the live server


def _above_size(*enterprises):
    for enterprise in enterprises:
        enterprise.is_above_scale = True
        enterprise.save()


def test_incomplete_report_is_refused_on_the_phone_and_on_the_period_page(world, page_for):
    _above_size(world.enterprise_x, world.enterprise_y)
    period_get_or_create(2024, 12)
    phone = page_for(width=390, height=844)
    sign_in(phone, world.ent_x_user.username)
    phone.goto("/monitoring/reports/2024-12/fill/")
    phone.fill("#id_output_value__month_value", "1200")
    with phone.expect_navigation():
        phone.click("button[name=submit]")
    text = phone.inner_text("main")
    assert "报表要求填报的指标不能空着" in text and "工业销售产值（本月）" in text
    shot(phone, "phone-report-incomplete-refused")
    assert not MonthlyReport.objects.filter(status=ReportStatus.SUBMITTED).exists()
    # Y's report was submitted with one figure before the rule: the reviewer sees its errors
    # and cannot approve it.
    report, _ = services.report_save(
        actor=None,
        enterprise=world.enterprise_y,
        period=period_get_or_create(2024, 12),
        figures=figures(output_value=(12_000_000, None, None)),
        check=False,
    )
    MonthlyReport.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
    page = page_for(width=1440, height=900)
    sign_in(page, world.econ.username)
    page.goto(f"/monitoring/report/{report.pk}/")
    with page.expect_navigation():
        page.click("button[value=approve]")
    assert "报表仍有错误，不能审核通过" in page.inner_text("main")
    page.goto("/monitoring/reports/2024-12/")
    row = page.locator("tr", has_text=world.enterprise_y.name)
    assert "缺 23 项必填数" in row.inner_text() and row.locator("input[name=report]").count() == 0
    shot(page, "period-incomplete-refused")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def _fall(enterprise, month: int, fall: float, power_fall: float) -> None:
    before = services.previous_figures(period_get_or_create(2024, month), enterprise.pk)

    def flow(code: str, change: float) -> tuple[int, int, int]:
        ytd = round(800 * WAN * month * (1 + change / 100))
        previous = int(before.get(code, {}).get("ytd_value") or 0)
        return (ytd - previous, ytd, 800 * WAN * month)

    approved_report(
        enterprise,
        2024,
        month,
        output_value=flow("output_value", fall),
        electricity=flow("electricity", power_fall),
    )


def test_alerts_list_groups_by_enterprise_and_kind(world, page_for):
    others = [EnterpriseFactory(name=f"青海测试{n}材料有限公司", park=world.park_a) for n in (1, 2)]
    for month in (10, 11, 12):
        _fall(world.enterprise_x, month, -24 - month / 10, -28)
        _fall(world.enterprise_y, month, -12, -3)
        _fall(others[0], month, -6 if month < 12 else -11, -2)
        _fall(others[1], month, 4, -15)
    page = page_for(width=1440, height=900)
    sign_in(page, world.econ.username)
    page.goto("/monitoring/alerts/")
    text = page.inner_text("main")
    assert "共 7 条预警" in text, text[:400]
    assert page.locator("tr.zo-group-row").count() == 4
    assert "2024年10月起，3个月" in text
    shot(page, "alerts-grouped")


def test_dashboard_marks_december_still_being_reported(world, page_for):
    others = [
        EnterpriseFactory(
            name=f"青海测试{n}材料有限公司", park=world.park_a if n % 2 else world.park_b
        )
        for n in range(6)
    ]
    enterprises = [world.enterprise_x, world.enterprise_y, *others]
    _above_size(*enterprises)
    for n, enterprise in enumerate(enterprises):
        level = Decimal((n + 2) * 800 * WAN)
        ytd = Decimal(0)
        for month in range(1, 13):
            this = round(level * (Decimal("1.02") + Decimal(month % 3) / 100))
            ytd += this
            values = {"output_value": (this, ytd, round(level * month))}
            if month < 12 or n < 3:
                approved_report(enterprise, 2024, month, **values)
            elif n < 6:
                services.report_save(
                    actor=None,
                    enterprise=enterprise,
                    period=period_get_or_create(2024, 12),
                    figures=complete(enterprise, 12, figures(**values)),
                    submit=True,
                    check=False,
                )
    page = page_for(width=1440, height=1000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, world.leader.username)
    page.goto("/monitoring/?period=2024-12")
    text = page.inner_text("main")
    assert "2024年12月仍在报送" in text and "已审核 3/8" in text, text[:600]
    page.locator("[data-chart] canvas").nth(1).wait_for()
    shot(page, "dashboard-december-being-reported")
    assert errors == []
