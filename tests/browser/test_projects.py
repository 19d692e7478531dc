"""Key projects in a real browser: a task-force member records the month's ledger update
(with a site photo) on a phone-sized screen, and the project page and the dashboard follow."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.conftest import shot
from tests.browser.test_roles import sign_in
from zoneops.core.models import Role
from zoneops.core.tests.factories import DepartmentFactory, UserFactory
from zoneops.projects import services
from zoneops.projects.tests.factories import WAN, key_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    office = DepartmentFactory(code="projects", name="项目办")
    officer = UserFactory(username="t-projects", role=Role.DEPARTMENT_OFFICER, department=office)
    services.warning_rules_save(actor=officer, data={"as_of": dt.date(2024, 4, 15)})
    ours = key_project(
        park=world.park_a,
        name="电子级多晶硅项目",
        members=(world.task_force,),
        planned_start=dt.date(2024, 1, 10),
        actual_start=dt.date(2024, 1, 12),
        status="building",
        owner_enterprise=world.enterprise_x,
    )
    for month, wan in ((1, 80), (2, 100)):
        services.ledger_update_save(
            actor=world.task_force,
            project=ours,
            month=dt.date(2024, month, 1),
            investment=wan * WAN,
            progress="桩基施工",
            reported_on=dt.date(2024, month + 1, 5),
        )
    services.problem_raise(
        actor=world.task_force,
        project=ours,
        data={
            "description": "施工用电增容待批复",
            "department": office,
            "deadline": dt.date(2024, 3, 31),
            "raised_on": dt.date(2024, 2, 20),
        },
    )
    late = key_project(
        park=world.park_a, name="光伏玻璃深加工项目", planned_start=dt.date(2024, 3, 1)
    )
    return ours, late


def test_task_force_records_a_ledger_update(world, plan, page_for, tmp_path):
    ours, late = plan
    page = page_for(width=390, height=844)
    sign_in(page, world.task_force.username)
    page.goto(f"/projects/{ours.pk}/")
    # 180 of 1200 planned: 15.0%.
    assert page.inner_text("#stat-rate") == "15.0%"
    photo = tmp_path / "site.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    page.fill("#id_month", "2024-03")
    page.fill("#id_investment", "240")
    page.fill("#id_progress", "主体钢结构吊装完成60%")
    page.set_input_files("#id_photos", str(photo))
    with page.expect_navigation():
        page.click("#update-form button[type=submit]")
    assert "已记录台账更新" in page.inner_text("main")
    # 420 of 1200: 35.0%; cumulative 420万元.
    assert page.inner_text("#stat-rate") == "35.0%"
    assert "420.00万元" in page.inner_text("#stat-cumulative")
    assert "主体钢结构吊装完成60%" in page.inner_text("#ledger-table")
    assert page.locator("#ledger-table a", has_text="site.png").count() == 1
    shot(page, "projects-ledger-phone")

    desk = page_for()
    sign_in(desk, world.leader.username)
    desk.goto(f"/projects/{ours.pk}/")
    desk.wait_for_function("document.querySelector('[data-chart] canvas') !== null")
    shot(desk, "projects-detail")
    desk.goto("/projects/dashboard/?year=2024")
    assert desk.inner_text("#stat-completed") == "420.00万元"
    assert "光伏玻璃深加工项目" in desk.inner_text("#warned-projects")
    desk.wait_for_function("document.querySelectorAll('[data-chart] canvas').length >= 2")
    shot(desk, "projects-dashboard")
    desk.goto(f"/projects/{late.pk}/")
    assert "仍未开工" in desk.inner_text("#project-warnings")
