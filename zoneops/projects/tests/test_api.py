import json
from decimal import Decimal

import pytest

from zoneops.core.models import ChangeRecord, Role
from zoneops.core.tests.factories import DepartmentFactory, UserFactory
from zoneops.projects.models import KeyProject
from zoneops.projects.tests.factories import WAN, key_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    department = DepartmentFactory(code="projects", name="项目办")
    return UserFactory(username="t-projects", role=Role.DEPARTMENT_OFFICER, department=department)


def _post(client, url, body, method="post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_api_creates_a_project_and_records_a_ledger_update(world, office, login):
    client = login(office)
    response = _post(
        client,
        "/api/projects",
        {
            "year": 2024,
            "name": "光伏玻璃及深加工项目",
            "category": "industrial",
            "level": "province",
            "park_id": world.park_a.pk,
            "total_investment": "600000000",
            "planned_start": "2024-04-01",
            "plan_months": [None, None, None] + ["10000000"] * 9,
        },
    )
    assert response.status_code == 201, response.json()
    project = response.json()
    assert Decimal(project["year_planned"]) == Decimal(9000) * WAN
    _post(
        client,
        f"/api/projects/{project['id']}/members",
        {"username": "t-taskforce", "role": "head"},
        "put",
    )
    tf = login(world.task_force)
    response = _post(
        tf,
        f"/api/projects/{project['id']}/updates",
        {"month": "2024-04-20", "investment": "12000000", "progress": "桩基施工"},
    )
    assert response.status_code == 201 and response.json()["month"] == "2024-04-01"
    detail = tf.get(f"/api/projects/{project['id']}").json()
    assert Decimal(detail["cumulative_investment"]) == Decimal(1200) * WAN
    assert Decimal(detail["completion_rate"]) == Decimal("13.3")
    assert detail["members"][0]["role"] == "head"
    board = tf.get("/api/projects/dashboard", {"year": 2024}).json()
    assert Decimal(board["year_completed"]) == Decimal(1200) * WAN
    # A task-force member may not change the plan.
    assert _post(tf, f"/api/projects/{project['id']}", {"name": "改"}, "patch").status_code == 403


def test_api_problems_and_funding(world, office, login):
    project = key_project(park=world.park_a, members=(world.task_force,))
    tf = login(world.task_force)
    response = _post(
        tf,
        f"/api/projects/{project.pk}/problems",
        {
            "description": "施工用水未接通",
            "department_code": "projects",
            "deadline": "2030-06-01",
            "raised_on": "2024-03-01",
        },
    )
    assert response.status_code == 201
    problem_id = response.json()["id"]
    assert (
        _post(
            tf,
            f"/api/projects/{project.pk}/problems",
            {"description": "x", "department_code": "nope", "deadline": "2024-06-01"},
        ).status_code
        == 422
    )
    resolved = _post(
        login(office),
        f"/api/projects/{project.pk}/problems/{problem_id}/resolve",
        {"resolution": "已协调水务"},
    )
    assert resolved.status_code == 200 and resolved.json()["resolved_on"]
    funding = _post(
        login(office),
        f"/api/projects/{project.pk}/funding",
        {
            "kind": "special_bonds",
            "year": 2024,
            "batch": "第一批",
            "requested": "50000000",
            "approved": "30000000",
            "disbursed": "40000000",
        },
    )
    assert funding.status_code == 422 and "disbursed" in funding.json()["errors"]
    assert not project.funding.exists()


def test_api_list_is_scoped_and_filtered(world, login):
    key_project(park=world.park_a, name="甲", category="infrastructure")
    key_project(park=world.park_b, name="乙")
    names = lambda c, **q: sorted(p["name"] for p in c.get("/api/projects", q).json()["items"])  # noqa: E731
    assert names(login(world.leader)) == sorted(["甲", "乙"])
    assert names(login(world.leader), category="infrastructure") == ["甲"]
    assert names(login(world.park_b_officer)) == ["乙"]
    assert names(login(world.task_force)) == []
    before = ChangeRecord.objects.count()
    assert (
        _post(
            login(world.park_b_officer),
            f"/api/projects/{KeyProject.objects.get(name='甲').pk}",
            {"name": "x"},
            "patch",
        ).status_code
        == 404
    )
    assert ChangeRecord.objects.count() == before
