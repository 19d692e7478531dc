import datetime as dt
import json

from zoneops.approvals.models import ApprovalItem, Intake
from zoneops.approvals.tests.factories import matrix
from zoneops.core.models import ChangeRecord, Role
from zoneops.core.tests.factories import DepartmentFactory, UserFactory


def _two(world):
    mine = matrix(park=world.park_a, name="甲园报建项目", members=(world.task_force,))
    other = matrix(park=world.park_b, name="乙园报建项目")
    return mine, other


def test_task_force_member_gets_404_for_another_projects_matrix(world, login):
    mine, other = _two(world)
    client = login(world.task_force)
    assert client.get(f"/approvals/{mine.pk}/").status_code == 200
    assert client.get(f"/approvals/{other.pk}/").status_code == 404
    item = other.items.first()
    assert client.get(f"/approvals/items/{item.pk}/").status_code == 404
    before = ChangeRecord.objects.count()
    response = client.post(
        f"/approvals/items/{item.pk}/", {"status": "preparing", "department": item.department_id}
    )
    assert response.status_code == 404
    assert client.post(f"/approvals/{other.pk}/escalate/").status_code == 404
    assert ChangeRecord.objects.count() == before
    api = client.get(f"/api/projects/approvals/matrices/{other.pk}")
    assert api.status_code == 404
    patch = client.patch(
        f"/api/projects/approvals/items/{item.pk}",
        json.dumps({"status": "preparing"}),
        content_type="application/json",
    )
    assert patch.status_code == 404
    listed = client.get("/api/projects/approvals/matrices").json()
    assert [m["id"] for m in listed["items"]] == [mine.pk]
    board = client.get("/approvals/").content.decode()
    assert "甲园报建项目" in board and "乙园报建项目" not in board


def test_park_officer_and_enterprise_see_only_their_own(world, login):
    mine, _other = _two(world)
    assert login(world.park_b_officer).get(f"/approvals/{mine.pk}/").status_code == 404
    assert login(world.bank_user).get(f"/approvals/{mine.pk}/").status_code == 404
    assert login(world.ent_x_user).get("/approvals/").status_code == 404  # owns no matrix


def test_task_force_member_updates_an_item_of_their_project(world, login):
    mine, _other = _two(world)
    item = mine.items.get(name="企业投资项目备案")
    client = login(world.task_force)
    response = client.post(
        f"/approvals/items/{item.pk}/",
        {
            "status": "concluded",
            "accepted_on": "2024-03-04",
            "concluded_on": "2024-03-05",
            "excluded_days": "0",
            "document_number": "西经备〔2024〕18号",
            "department": item.department_id,
            "helper": world.task_force.pk,
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    assert (item.status, item.document_number, item.helper) == (
        "concluded",
        "西经备〔2024〕18号",
        world.task_force,
    )


def test_leader_reads_but_may_not_edit(world, login):
    mine, _other = _two(world)
    item = mine.items.first()
    client = login(world.leader)
    page = client.get(f"/approvals/{mine.pk}/")
    assert page.status_code == 200
    assert f"/approvals/items/{item.pk}/" not in page.content.decode()
    assert client.get(f"/approvals/items/{item.pk}/").status_code == 403


def test_item_api_refuses_numbers_out_of_bounds_and_stores_nothing(world, login):
    mine, _other = _two(world)
    item = mine.items.first()
    client = login(world.admin)
    for value in (1e300, 99999, -1):
        response = client.patch(
            f"/api/projects/approvals/items/{item.pk}",
            json.dumps({"excluded_days": value}),
            content_type="application/json",
        )
        assert response.status_code == 422, value
    assert ApprovalItem.objects.get(pk=item.pk).excluded_days == 0
    future = client.patch(
        f"/api/projects/approvals/items/{item.pk}",
        json.dumps({"status": "accepted", "accepted_on": "2199-01-01"}),
        content_type="application/json",
    )
    assert future.status_code == 422
    assert ApprovalItem.objects.get(pk=item.pk).accepted_on is None


def test_item_api_updates_and_reports_the_clock(world, login):
    mine, _other = _two(world)
    item = mine.items.get(name="企业投资项目备案")
    response = login(world.admin).patch(
        f"/api/projects/approvals/items/{item.pk}",
        json.dumps(
            {"status": "accepted", "accepted_on": "2024-03-04", "department_code": "economy"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "accepted"
    assert body["due_on"] == "2024-03-05"
    assert body["overdue"] is True  # a 1-day limit, long past


def test_intake_hands_the_item_over_as_an_appeal_to_its_department(world, login):
    from zoneops.appeals import public as appeals

    service = DepartmentFactory(code="service", name="企业服务中心")
    window = UserFactory(username="t-window", role=Role.DEPARTMENT_OFFICER, department=service)
    mine, _other = _two(world)
    item = mine.items.get(name="建设用地规划许可证")
    client = login(window)
    page = client.get(f"/approvals/intake/?item={item.pk}")
    assert page.status_code == 200
    wanted = item.material_list()
    response = client.post(
        f"/approvals/intake/?item={item.pk}",
        {"enterprise": world.enterprise_x.pk, "materials": wanted[:2], "note": "缺宗地图"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    intake = Intake.objects.get()
    assert intake.complete is False
    assert intake.materials_checked == wanted[:2]
    appeal = appeals.appeal_detail_queryset(user=world.admin).get(pk=intake.appeal_id)
    assert (appeal.topic, appeal.status, appeal.department.name) == (
        "approval",
        "dispatched",
        "自然资源分局",
    )
    assert "宗地图" in appeal.content
    item.refresh_from_db()
    assert item.status == "preparing"
    # With every document the clock starts.
    client.post(
        f"/approvals/intake/?item={item.pk}",
        {"enterprise": world.enterprise_x.pk, "materials": wanted},
    )
    item.refresh_from_db()
    assert item.status == "accepted" and item.accepted_on == dt.date.today()


def test_board_and_templates_pages_render(world, login):
    _two(world)
    client = login(world.admin)
    board = client.get("/approvals/")
    assert board.status_code == 200
    assert "项目报建审批看板" in board.content.decode()
    assert client.get("/approvals/templates/").status_code == 200
    assert client.get("/approvals/intake/").status_code == 200
    assert client.get("/api/projects/approvals/templates").json()["count"] == 5


def test_project_office_edits_a_template_item_and_others_may_not(world, login):
    from zoneops.approvals.models import TemplateItem
    from zoneops.approvals.tests.factories import import_templates

    import_templates()
    item = TemplateItem.objects.get(template__code="GOV", name="施工许可证")
    office = UserFactory(
        username="t-office",
        role=Role.DEPARTMENT_OFFICER,
        department=DepartmentFactory(code="projects", name="项目办"),
    )
    assert (
        login(world.park_a_officer).get(f"/approvals/templates/items/{item.pk}/").status_code == 404
    )
    response = login(office).post(
        f"/approvals/templates/items/{item.pk}/",
        {
            "stage": 3,
            "order": 2,
            "name": "施工许可证",
            "department": item.department_id,
            "limit_days": 2,
            "materials": "施工许可申请表\n施工合同",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.limit_days, item.materials) == (2, "施工许可申请表\n施工合同")
    bad = login(office).post(
        f"/approvals/templates/items/{item.pk}/",
        {
            "stage": 3,
            "order": 2,
            "name": "施工许可证",
            "department": item.department_id,
            "limit_days": 10**9,
        },
    )
    assert bad.status_code == 200
    item.refresh_from_db()
    assert item.limit_days == 2


def test_the_key_project_page_shows_where_its_approvals_stand(world, login):
    from zoneops.approvals.tests.factories import key_project

    mine, _other = _two(world)
    page = login(world.task_force).get(f"/projects/{mine.key_project_id}/").content.decode()
    assert 'id="project-approvals"' in page
    assert f"/approvals/{mine.pk}/" in page
    assert f"已办结 0/{mine.items.count()} 项" in page
    # Without a matrix: whoever may open one is offered it; the leader, who reads, is not.
    bare = key_project(park=world.park_a, name="未建清单项目", members=(world.task_force,))
    offered = login(world.task_force).get(f"/projects/{bare.pk}/").content.decode()
    assert "建立审批事项清单" in offered and f"/approvals/project/{bare.pk}/" in offered
    read_only = login(world.leader).get(f"/projects/{bare.pk}/").content.decode()
    assert read_only.count('id="project-approvals"') == 0
    assert (
        'id="project-approvals"'
        in login(world.leader).get(f"/projects/{mine.key_project_id}/").content.decode()
    )
