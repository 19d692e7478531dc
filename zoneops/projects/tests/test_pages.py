import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zoneops.core.models import Role
from zoneops.core.tests.factories import DepartmentFactory, UserFactory
from zoneops.projects import services
from zoneops.projects.models import Attachment, KeyProject, LedgerUpdate
from zoneops.projects.tests.factories import WAN, key_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    department = DepartmentFactory(code="projects", name="项目办")
    return UserFactory(username="t-projects", role=Role.DEPARTMENT_OFFICER, department=department)


@pytest.fixture
def two(world):
    """Park A's project with the task-force persona on it; park B's without."""
    a = key_project(
        park=world.park_a,
        name="甲园项目",
        members=(world.task_force,),
        owner_enterprise=world.enterprise_x,
    )
    b = key_project(park=world.park_b, name="乙园项目", owner_enterprise=world.enterprise_y)
    return a, b


def test_task_force_member_gets_404_on_another_projects_ledger(world, two, login):
    a, b = two
    client = login(world.task_force)
    assert client.get(reverse("projects:detail", args=[a.pk])).status_code == 200
    assert client.get(reverse("projects:detail", args=[b.pk])).status_code == 404
    response = client.post(
        reverse("projects:update_add", args=[b.pk]),
        {"month": "2024-03", "investment": "10", "progress": "侵入"},
    )
    assert response.status_code == 404
    assert client.get(f"/api/projects/{b.pk}/updates").status_code == 404
    assert (
        client.post(
            f"/api/projects/{b.pk}/updates",
            json.dumps({"month": "2024-03-01", "investment": "1", "progress": "x"}),
            content_type="application/json",
        ).status_code
        == 404
    )
    assert not LedgerUpdate.objects.exists()
    listed = client.get(reverse("projects:plan"), {"year": 2024})
    assert [p.name for p in listed.context["page"]] == ["甲园项目"]


def test_who_sees_which_projects(world, two, office, login):
    _a, _b = two
    seen = {
        "leader": {"甲园项目", "乙园项目"},
        "admin": {"甲园项目", "乙园项目"},
        "park_a_officer": {"甲园项目"},
        "park_b_officer": {"乙园项目"},
        "ent_x_user": {"甲园项目"},
        "task_force": {"甲园项目"},
        "econ": set(),
    }
    personas = world.personas()
    for persona, names in seen.items():
        found = set(KeyProject.objects.visible_to(personas[persona]).values_list("name", flat=True))
        assert found == names, persona
    assert set(KeyProject.objects.visible_to(office).values_list("name", flat=True)) == {
        "甲园项目",
        "乙园项目",
    }
    # Banks may not open the module at all.
    assert login(world.bank_user).get(reverse("projects:plan")).status_code == 404
    assert login(world.bank_user).get("/api/projects").status_code == 404


def test_enterprise_reads_its_project_but_cannot_write(world, two, login):
    a, _b = two
    client = login(world.ent_x_user)
    page = client.get(reverse("projects:detail", args=[a.pk]))
    assert page.status_code == 200 and page.context["update_form"] is None
    response = client.post(
        reverse("projects:update_add", args=[a.pk]),
        {"month": "2024-03", "investment": "10", "progress": "x"},
    )
    assert response.status_code == 403
    assert client.get(reverse("projects:edit", args=[a.pk])).status_code == 403


def test_ledger_update_page_changes_cumulative_completion_and_dashboard(
    world, two, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    a, _b = two
    client = login(world.task_force)
    before = client.get(reverse("projects:dashboard"), {"year": 2024}).context["board"]
    photo = SimpleUploadedFile("site.png", b"\x89PNG\r\n\x1a\nfake", content_type="image/png")
    response = client.post(
        reverse("projects:update_add", args=[a.pk]),
        {"month": "2024-03", "investment": "360", "progress": "主体结构封顶", "photos": [photo]},
    )
    assert response.status_code == 302
    page = client.get(reverse("projects:detail", args=[a.pk]))
    assert page.context["cumulative"] == Decimal(360) * WAN
    assert page.context["rate"] == Decimal("30.0")
    assert "主体结构封顶" in page.content.decode()
    after = client.get(reverse("projects:dashboard"), {"year": 2024}).context["board"]
    assert after.year_completed - before.year_completed == Decimal(360) * WAN
    attachment = Attachment.objects.get()
    url = reverse("projects:attachment", args=[a.pk, attachment.pk])
    assert client.get(url).status_code == 200
    assert login(world.park_b_officer).get(url).status_code == 404


def test_planned_start_passed_warns_on_the_page_and_the_dashboard(world, office, login):
    services.warning_rules_save(actor=office, data={"as_of": dt.date(2024, 4, 15)})
    late = key_project(park=world.park_a, name="逾期未开工项目", planned_start=dt.date(2024, 3, 1))
    client = login(world.leader)
    page = client.get(reverse("projects:detail", args=[late.pk]))
    assert [w.kind for w in page.context["warnings"]] == ["not_started"]
    assert "逾期45天仍未开工" in page.content.decode()
    assert "计划2024年3月1日开工" in page.content.decode()
    board = client.get(reverse("projects:dashboard"), {"year": 2024}).context["board"]
    assert [p.name for p, _w in board.warned] == ["逾期未开工项目"]
    assert board.warning_counts["not_started"] == 1
    assert board.due_to_start == 1 and board.started_of_due == 0 and board.start_rate == 0


def test_plan_filters_and_office_creates_a_project(world, two, office, login):
    client = login(office)
    listed = client.get(reverse("projects:plan"), {"year": 2024, "park": world.park_b.pk})
    assert [p.name for p in listed.context["page"]] == ["乙园项目"]
    data = {
        "year": 2024,
        "name": "新型储能研发制造项目",
        "category": "industrial",
        "level": "city",
        "nature": "new",
        "park": world.park_a.pk,
        "total_investment": "85000",
        "status": "planned",
        "m4": "2000",
        "m5": "3000",
    }
    response = client.post(reverse("projects:create"), data)
    assert response.status_code == 302, response.context["form"].errors
    project = KeyProject.objects.get(name="新型储能研发制造项目")
    assert project.total_investment == Decimal(85000) * WAN
    assert sorted(project.plan_months.values_list("month", flat=True)) == [4, 5]
    assert login(world.park_a_officer).get(reverse("projects:create")).status_code == 403
    assert login(world.leader).get(reverse("projects:rules")).status_code == 403


def test_office_edits_the_plan_task_force_funding_and_rules(world, two, office, login):
    a, _b = two
    client = login(office)
    form = client.get(reverse("projects:edit", args=[a.pk]))
    assert form.status_code == 200 and form.context["form"].initial["m1"] == Decimal(100) * WAN
    response = client.post(
        reverse("projects:member_add", args=[a.pk]),
        {"user": world.park_a_officer.username, "role": "head", "duty": "统筹"},
    )
    assert response.status_code == 302
    assert a.members.get(user=world.park_a_officer).role == "head"
    response = client.post(
        reverse("projects:funding_add", args=[a.pk]),
        {
            "kind": "special_bonds",
            "year": 2024,
            "batch": "第二批",
            "requested": "3000",
            "approved": "2000",
            "disbursed": "500",
        },
    )
    assert response.status_code == 302
    assert a.funding.get().approved == Decimal(2000) * WAN
    response = client.post(reverse("projects:rules"), {"lag_points": "15", "update_day": "12"})
    assert response.status_code == 302
    assert services.warning_rules().lag_points == Decimal(15)
    page = client.get(reverse("projects:detail", args=[a.pk]))
    assert page.status_code == 200 and page.context["can_manage"]
    export = client.get(reverse("projects:export"), {"year": 2024})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
