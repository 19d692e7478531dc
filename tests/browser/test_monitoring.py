"""The monthly ledgers in a real browser: an enterprise reports on its phone; officers read the
zone's and a park's dashboard and the ledger."""

from __future__ import annotations

import pytest

from tests.browser.conftest import shot
from tests.browser.test_roles import sign_in
from zoneops.enterprises.tests.factories import EnterpriseFactory
from zoneops.monitoring.models import MonthlyReport
from zoneops.monitoring.periods import period_get_or_create
from zoneops.monitoring.reference import load_reference_data
from zoneops.monitoring.tests.factories import approved_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAN = 10_000


@pytest.fixture
def ledger(world):
    from zoneops.monitoring.models import AlertRule, Indicator, ValidationRule

    load_reference_data(Indicator, ValidationRule, AlertRule)  # flushed by the live server's tests
    others = [
        EnterpriseFactory(
            name=f"青海测试{n}材料有限公司", park=world.park_a if n % 2 else world.park_b
        )
        for n in range(6)
    ]
    for n, enterprise in enumerate([world.enterprise_x, world.enterprise_y, *others]):
        level = (n + 2) * 800 * WAN
        ytd_last = 0
        ytd = 0
        for month in range(1, 4):
            this = level * (1 + (n - 3) * 0.04) / 3
            ytd += this
            ytd_last += level / 3
            approved_report(
                enterprise,
                2024,
                month,
                output_value=(round(this), round(ytd), round(ytd_last)),
                electricity=(round(this / 8), round(ytd / 8), round(ytd_last / 8)),
            )
    return others


def test_enterprise_reports_on_a_phone(world, ledger, page_for):
    period_get_or_create(2024, 4)
    # April 2023's year to date is April 2024's 上年同期累计: the form carries it.
    approved_report(world.enterprise_x, 2023, 4, output_value=(5_000_000, 21_333_300, None))
    page = page_for(width=390, height=844)
    sign_in(page, world.ent_x_user.username)
    page.goto("/monitoring/reports/2024-4/fill/")
    assert page.input_value("#id_output_value__last_ytd_value") == "2133.33"
    # March's year to date was 1408万元 (see the fixture): April's 469.33 makes 1877.33, which
    # the page fills in; a year to date the person types stays theirs.
    page.fill("#id_output_value__month_value", "469.33")
    page.locator("#id_output_value__month_value").blur()
    assert page.input_value("#id_output_value__ytd_value") == "1877.33"
    page.fill("#id_electricity__ytd_value", "234.67")
    page.fill("#id_electricity__month_value", "58.67")
    page.locator("#id_electricity__month_value").blur()
    assert page.input_value("#id_electricity__ytd_value") == "234.67"
    page.fill("#id_electricity__last_ytd_value", "266.67")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "phone-report-form")
    with page.expect_navigation():
        page.click("button[name=submit]")
    assert "已报送" in page.content(), page.inner_text("main")[:500]
    report = MonthlyReport.objects.get(
        enterprise=world.enterprise_x, period__year=2024, period__month=4
    )
    assert report.status == "submitted"
    shot(page, "phone-report-submitted")


def test_leader_reads_the_zone_dashboard(world, ledger, page_for):
    page = page_for(width=1440, height=1000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, world.leader.username)
    page.goto("/monitoring/?period=2024-03")
    assert "全区经济运行" in page.content()
    page.locator("[data-chart] canvas").nth(1).wait_for()  # the trend and the waterfall drawn
    shot(page, "dashboard-zone")
    assert errors == []


def test_park_officer_dashboard_is_their_park(world, ledger, page_for):
    page = page_for(width=1440, height=1000)
    sign_in(page, world.park_a_officer.username)
    page.goto("/monitoring/?period=2024-03")
    assert "东川工业园经济运行" in page.content()
    assert "南川工业园" not in page.inner_text("main")
    shot(page, "dashboard-park")


def test_ledger_page(world, ledger, page_for):
    page = page_for(width=1440, height=1000)
    sign_in(page, world.econ.username)
    page.goto("/monitoring/ledger/?period=2024-03")
    assert world.enterprise_x.name in page.content()
    shot(page, "ledger")


def test_officer_approves_a_periods_submitted_reports_at_once(world, ledger, page_for):
    from zoneops.monitoring import services
    from zoneops.monitoring.tests.factories import figures

    period = period_get_or_create(2025, 1)  # January: no month before to agree with
    for enterprise in (world.enterprise_x, world.enterprise_y):
        services.report_save(
            actor=None,
            enterprise=enterprise,
            period=period,
            figures=figures(output_value=(5_000_000, 5_000_000, 4_800_000)),
            submit=True,
            check=False,
        )
    page = page_for(width=1440, height=1000)
    sign_in(page, world.econ.username)
    page.goto("/monitoring/reports/2025-1/?status=submitted")
    page.check("[data-zo-check-all]")
    assert page.locator("input[name=report]:checked").count() == 2
    shot(page, "period-batch-approve")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("button:has-text('审核通过所选')")
    assert "已审核通过2份报表" in page.inner_text("main")
    statuses = MonthlyReport.objects.filter(period=period).values_list("status", flat=True)
    assert set(statuses) == {"approved"}
