"""Enterprise services in a real browser: an officer reads a program's matches and edits its
eligibility with htmx rule rows; a cultivation pool with this year's progress; an enterprise
finds its open windows on its home page, on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot
from tests.browser.test_roles import sign_in
from zoneops.enterprises.tests.factories import EnterpriseFactory
from zoneops.monitoring.reference import load_reference_data
from zoneops.monitoring.tests.factories import approved_report
from zoneops.support.models import CultivationPool
from zoneops.support.tests.factories import application, membership, program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAN = 10_000


@pytest.fixture
def zone(world):
    from zoneops.monitoring.models import AlertRule, Indicator, ValidationRule

    load_reference_data(Indicator, ValidationRule, AlertRule)
    CultivationPool.objects.get_or_create(
        kind="above_scale", defaults={"name": "入统培育库（升规入限）", "threshold": 20_000_000}
    )
    small = [
        EnterpriseFactory(name=name, park=world.park_a, is_above_scale=False)
        for name in ("青海临界新材料有限公司", "西宁高原精密机械有限公司", "青海昆仑包装有限公司")
    ]
    for n, enterprise in enumerate([world.enterprise_x, *small]):
        last_full = (1500 + n * 150) * WAN
        approved_report(enterprise, 2023, 12, revenue=(0, last_full, last_full))
        approved_report(
            enterprise, 2024, 9, revenue=(0, int(last_full * 0.8), int(last_full * 0.7))
        )
    for enterprise in small:
        membership(enterprise, officer=world.park_a_officer)
    return small


def test_officer_reads_matches_and_edits_a_rule(world, zone, page_for):
    prog = program(
        [("park", "in", str(world.park_a.pk)), ("revenue_ttm", "gte", "1600")],
        name="2024年省级工业转型升级专项资金",
    )
    application(world.enterprise_x, prog)
    page = page_for()
    sign_in(page, "t-econ")
    page.goto(f"/support/programs/{prog.pk}/")
    assert page.locator("#matches tbody tr").count() >= 2
    shot(page, "support-program-matches")
    page.goto(f"/support/programs/{prog.pk}/?show=failed")
    assert "南川工业园" in page.inner_text("#matches")
    # Add a rule row with htmx, fill it, save: the park-B enterprise now fails on scale too.
    page.goto(f"/support/programs/{prog.pk}/edit/")
    rows = page.locator(".zo-rule-row")
    assert rows.count() == 2
    page.click("text=添加条件")
    expect(rows).to_have_count(3)
    # The new row asks for a park; choosing 规模 swaps its values for 规上 / 规下 (htmx), once
    # htmx has bound the new row's select (a change before that would go unheard).
    select = rows.nth(2).locator("select[name^=rule_field_]")
    page.wait_for_function(
        "el => el['htmx-internal-data'] !== undefined", arg=select.element_handle()
    )
    select.select_option("scale")
    # The row comes back from the server: allow a loaded machine its time.
    expect(rows.nth(2).get_by_label("规下")).to_be_visible(timeout=20_000)
    rows.nth(2).get_by_label("规下").check()
    shot(page, "support-program-rule-editor")
    rows.nth(1).locator("button[aria-label]").click()  # remove the revenue rule
    expect(rows).to_have_count(2)  # the htmx swap removed it (no eval: the CSP forbids it)
    with page.expect_navigation():
        page.click("#program-form button[type=submit]")
    assert "规模 属于 规下" in page.inner_text("#rules")
    eligible = page.inner_text("#matches")
    assert "青海临界新材料有限公司" in eligible and "青海甲锂业有限公司" in eligible
    shot(page, "support-program-after-edit")


def test_pool_page_shows_members_and_progress(world, zone, page_for):
    page = page_for()
    sign_in(page, "t-park-a")
    pool = CultivationPool.objects.get(kind="above_scale")
    page.goto(f"/support/cultivation/{pool.pk}/")
    table = page.inner_text("#members")
    assert "青海临界新材料有限公司" in table and "%" in table
    shot(page, "support-pool")
    page.goto("/support/cultivation/candidates/")
    assert "青海甲锂业有限公司" in page.inner_text("#candidates")
    shot(page, "support-candidates")


def test_enterprise_sees_its_open_windows_on_a_phone(world, zone, page_for):
    program([("park", "in", str(world.park_a.pk))], name="开发区高新技术企业认定奖励")
    program([("park", "in", str(world.park_b.pk))], name="南川园区专属奖补")
    page = page_for(390, 844)
    sign_in(page, "t-ent-x")
    qualifying = page.inner_text("#home-matches .list-group")
    assert "开发区高新技术企业认定奖励" in qualifying and "南川园区专属奖补" not in qualifying
    # The park-B program is open too, listed apart as one it does not qualify for.
    assert "南川园区专属奖补" in page.inner_text("#home-matches")
    shot(page, "support-enterprise-home-phone")
