"""Each role signs in through the real login page and lands on its own home page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SHOTS, shot
from zoneops.core import permissions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str, password: str = "zoneops-test-pw") -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("#login-form button[type=submit]")
    assert not page.url.endswith("/login/"), page.inner_text("main")


@pytest.mark.parametrize(
    ("persona", "expect"),
    [
        ("leader", "企业总数"),
        ("econ", "企业总数"),
        ("park_a_officer", "尚未落实包联干部的企业"),
        ("ent_x_user", "青海甲锂业有限公司"),
        ("bank_user", "青海银行测试支行"),
        ("admin", "用户（按角色）"),
        ("task_force", "专班工作"),
    ],
)
def test_each_role_signs_in_to_its_home(world, page_for, persona, expect):
    user = world.personas()[persona]
    page = page_for()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, user.username)
    assert expect in page.content()
    assert page.locator("nav.nav a.nav-link.active").first.inner_text().strip() == "工作台"
    shot(page, f"home-{persona}")
    # No CSP violations or script errors on the page.
    assert errors == []


def test_enterprise_user_on_a_phone(world, page_for):
    page = page_for(width=390, height=844)
    sign_in(page, world.ent_x_user.username)
    assert page.locator(".navbar-toggler").is_visible()
    page.click(".navbar-toggler")
    page.locator("#zo-sidebar a", has_text="本企业档案").click()
    page.wait_for_url("**/enterprises/mine/")
    assert page.locator("h1").inner_text() == "青海甲锂业有限公司"
    assert "青海乙光伏有限公司" not in page.content()
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "phone-enterprise-own-record")


def test_officer_filters_the_registry_with_htmx(world, page_for):
    page = page_for()
    sign_in(page, world.leader.username)
    page.goto("/enterprises/")
    assert page.locator("#enterprise-table tbody tr").count() == 2
    page.select_option("#f-park", str(world.park_b.pk))
    expect(page.locator("#enterprise-table tbody tr")).to_have_count(1)
    assert "青海乙光伏有限公司" in page.locator("#enterprise-table").inner_text()
    assert f"park={world.park_b.pk}" in page.url
    shot(page, "leader-enterprise-list-filtered")


def test_language_switch(world, page_for):
    page = page_for()
    sign_in(page, world.leader.username)
    page.click("form.zo-lang button")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    shot(page, "home-leader-english")


def test_admin_reads_the_permission_table_on_the_users_page(world, page_for):
    page = page_for(width=1440, height=900)
    sign_in(page, world.admin.username)
    page.goto("/users/")
    table = page.locator("#permission-table table")
    expect(table).to_be_visible()
    # One column per kind of person, one row per action of the table.
    assert table.locator("thead th").count() == 2 + len(permissions.HOLDERS)
    assert table.locator("tbody tr").count() == len(permissions.matrix())
    assert "为企业登记申报、难点堵点、纳入培育" in table.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#permission-table").screenshot(path=str(SHOTS / "users-permission-table.png"))
