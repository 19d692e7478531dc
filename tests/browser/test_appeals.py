"""Appeals in a real browser: an enterprise files one on its phone, the window and the
department handle it, the enterprise reads the reply and rates it; the statistics page."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.conftest import shot
from tests.browser.test_roles import sign_in
from zoneops.appeals import services
from zoneops.appeals.models import Appeal, Rating, RoutingRule, Status, Topic
from zoneops.appeals.tests.factories import department, make_appeal, window_department
from zoneops.core.models import Role
from zoneops.core.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def desk(world):
    window = window_department()
    projects = department("projects", "项目办")
    RoutingRule.objects.create(topic=Topic.LAND, department=projects)
    return {
        "window": window,
        "projects": projects,
        "clerk": UserFactory(username="t-window", role=Role.DEPARTMENT_OFFICER, department=window),
        "handler": UserFactory(
            username="t-projects", role=Role.DEPARTMENT_OFFICER, department=projects
        ),
    }


def _no_wider_than_the_screen(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_enterprise_files_on_a_phone_and_officers_handle_it(world, desk, page_for):
    errors: list[str] = []
    phone = page_for(**PHONE)
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(phone, world.ent_x_user.username)
    phone.goto("/appeals/")
    phone.click("#appeal-new")
    phone.select_option("#id_category", "help")
    phone.select_option("#id_topic", "land")
    phone.fill("#id_title", "二期厂房用地指标")
    phone.fill("#id_content", "二期扩建需新增用地约30亩，请协助落实用地指标。")
    phone.fill("#id_contact_phone", "13897012345")
    with phone.expect_navigation():
        phone.click("#appeal-form button[type=submit]")
    appeal = Appeal.objects.get(title="二期厂房用地指标")
    assert phone.locator("#appeal-status").inner_text() == "待受理"
    assert appeal.department == desk["projects"] and appeal.channel == "portal"
    _no_wider_than_the_screen(phone)
    shot(phone, "appeals-phone-filed")

    # The window accepts and dispatches on a desktop.
    desk_page = page_for()
    desk_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(desk_page, "t-window")
    desk_page.goto(f"/appeals/{appeal.pk}/")
    with desk_page.expect_navigation():
        desk_page.click("#action-form button[value=accept]")
    desk_page.select_option("#id_department", str(desk["projects"].pk))
    with desk_page.expect_navigation():
        desk_page.click("#action-form button[value=dispatch]")
    assert desk_page.locator("#appeal-status").inner_text() == "已派单"

    # 项目办 handles and replies.
    handler = page_for()
    sign_in(handler, "t-projects")
    handler.goto(f"/appeals/{appeal.pk}/")
    with handler.expect_navigation():
        handler.click("#action-form button[value=handle]")
    handler.fill("#id_note", "已纳入第二批用地计划，月底前完成供地。")
    with handler.expect_navigation():
        handler.click("#action-form button[value=reply]")
    assert handler.locator("#appeal-status").inner_text() == "已答复"
    shot(handler, "appeals-officer-replied")

    # The window closes it as resolved.
    desk_page.goto(f"/appeals/{appeal.pk}/")
    desk_page.select_option("#id_resolved", "1")
    with desk_page.expect_navigation():
        desk_page.click("#action-form button[value=close]")
    appeal.refresh_from_db()
    assert appeal.status == Status.CLOSED and appeal.resolved is True

    # The enterprise reads the reply on its phone and rates it.
    phone.goto(f"/appeals/{appeal.pk}/")
    assert "已纳入第二批用地计划" in phone.locator("#appeal-reply").inner_text()
    phone.check("#rating-form input[value=satisfied]")
    with phone.expect_navigation():
        phone.click("#rating-form button[type=submit]")
    appeal.refresh_from_db()
    assert appeal.status == Status.RATED and appeal.rating == Rating.SATISFIED
    assert phone.locator("#appeal-events li").count() == 7
    _no_wider_than_the_screen(phone)
    shot(phone, "appeals-phone-rated")
    assert errors == []


def test_statistics_page_draws_its_charts(world, desk, page_for):
    clerk = desk["clerk"]
    day = dt.date(2024, 3, 4)
    for n, enterprise in enumerate([world.enterprise_x, world.enterprise_y] * 3):
        appeal = make_appeal(
            enterprise, topic=Topic.LAND if n % 2 else Topic.POLICY, received_on=day
        )
        services.appeal_act(clerk, appeal=appeal, action="dispatch", today=day)
        if n < 4:
            services.appeal_act(clerk, appeal=appeal, action="reply", note="已答复", today=day)
            services.appeal_act(clerk, appeal=appeal, action="close", resolved=n != 3, today=day)
            services.appeal_rate(
                clerk,
                appeal=appeal,
                today=day,
                rating=Rating.SATISFIED if n < 2 else Rating.BASICALLY,
            )
    errors: list[str] = []
    page = page_for()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, world.leader.username)
    page.goto("/appeals/stats/?from=2024-03-01&to=2024-03-31")
    assert page.locator("#stat-received").inner_text() == "6"
    assert page.locator("#dept-ranking tbody tr").count() == 2
    # A locator waits without evaluating a string in the page (the CSP forbids eval).
    page.locator(".zo-chart canvas").nth(2).wait_for()
    assert page.locator(".zo-chart canvas").count() == 3
    shot(page, "appeals-statistics")
    assert errors == []
