"""The one permission table: each department writes its own module's data, and the menu, the
pages, the API and the users page all read the same table."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from zoneops.core import permissions
from zoneops.core.models import Role
from zoneops.core.navigation import modules_for
from zoneops.core.tests.factories import DepartmentFactory, UserFactory
from zoneops.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def safety_officer(world):
    dept = DepartmentFactory(code="safety", name="安全生产监督管理局")
    return UserFactory(username="t-safety", role=Role.DEPARTMENT_OFFICER, department=dept)


@pytest.fixture
def service_officer(world):
    dept = DepartmentFactory(code="service", name="企业服务中心")
    return UserFactory(username="t-service", role=Role.DEPARTMENT_OFFICER, department=dept)


def test_safety_officer_cannot_change_an_enterprise_on_the_page(world, login, safety_officer):
    e = world.enterprise_x
    client = login(safety_officer)
    assert client.get(reverse("enterprises:detail", args=[e.pk])).status_code == 200
    url = reverse("enterprises:edit", args=[e.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"name": e.name, "address": "安全局改的地址"})
    assert response.status_code == 403
    e.refresh_from_db()
    assert e.address != "安全局改的地址"


def test_safety_officer_cannot_change_an_enterprise_through_the_api(world, login, safety_officer):
    e = world.enterprise_x
    response = login(safety_officer).patch(
        f"/api/enterprises/{e.pk}", json.dumps({"address": "安全局改的地址"}), "application/json"
    )
    assert response.status_code == 403
    assert Enterprise.objects.get(pk=e.pk).address != "安全局改的地址"


def test_safety_officer_cannot_open_the_program_and_policy_forms(world, login, safety_officer):
    client = login(safety_officer)
    assert client.get(reverse("support:program_create")).status_code == 403
    assert client.get(reverse("support:policy_create")).status_code == 403
    assert client.get(reverse("support:programs")).status_code == 200


def test_service_centre_keeps_the_registry_and_the_programs(world, login, service_officer):
    client = login(service_officer)
    assert client.get(reverse("enterprises:edit", args=[world.enterprise_x.pk])).status_code == 200
    assert client.get(reverse("support:program_create")).status_code == 200


def test_the_table_names_the_departments_that_write_each_module(world, safety_officer):
    assert permissions.may(world.econ, "enterprises.edit")
    assert not permissions.may(safety_officer, "enterprises.edit")
    assert not permissions.may(world.leader, "support.serve")
    assert not permissions.may(world.leader, "monitoring.fill")
    assert permissions.may_in_park(world.park_a_officer, "enterprises.edit", world.park_a.pk)
    assert not permissions.may_in_park(world.park_a_officer, "enterprises.edit", world.park_b.pk)
    # 全员大招商: every officer may register a lead; enterprises and banks may not.
    assert permissions.may(safety_officer, "investment.lead_register")
    assert not permissions.may(world.ent_x_user, "investment.lead_register")


def test_every_action_grants_only_known_holders():
    for action in permissions.ACTIONS:
        assert action.grants, action.key
        assert set(action.grants) <= set(permissions.HOLDER_BY_KEY), action.key


def test_users_page_shows_the_table_in_both_languages(world, login):
    client = login(world.admin)
    page = client.get(reverse("users:list")).content.decode()
    assert "角色权限表" in page
    assert "为企业登记申报、难点堵点、纳入培育" in page and "企业服务中心" in page
    client.cookies["django_language"] = "en"
    english = client.get(reverse("users:list")).content.decode()
    assert "Permissions by role" in english
    assert "Enterprise service centre" in english


def test_task_force_and_enterprise_menus_hold_only_what_they_can_use(world):
    task_force = {m.key for m in modules_for(world.task_force)}
    # Its projects, their approval matrices (项目报建), and 全员招商: a task force's members
    # bring leads in like every officer.
    assert task_force == {"home", "projects", "approvals", "leads"}
    # Enterprise X owns no key project: 重点项目 would be empty.
    assert "projects" not in {m.key for m in modules_for(world.ent_x_user)}
    assert "reports" in {m.key for m in modules_for(world.ent_x_user)}


def test_safety_officer_cannot_create_policies_or_programs_through_the_api(
    world, login, safety_officer, service_officer
):
    from zoneops.support.models import FundingProgram, Policy

    policy = {
        "title": "关于支持制造业数字化转型的若干措施",
        "issuer": "西宁市工业和信息化局",
        "level": "city",
        "issued_on": "2024-03-01",
    }
    program = {
        "name": "工业转型升级专项资金",
        "issuer": "青海省工业和信息化厅",
        "level": "province",
        "category": "upgrade",
        "opens_on": "2024-03-01",
        "closes_on": "2024-04-30",
    }

    def post(user, url, body):
        return login(user).post(url, json.dumps(body), content_type="application/json")

    assert post(safety_officer, "/api/support/policies", policy).status_code == 403
    assert post(safety_officer, "/api/support/programs", program).status_code == 403
    assert not Policy.objects.exists() and not FundingProgram.objects.exists()
    assert post(service_officer, "/api/support/policies", policy).status_code == 201
    assert post(service_officer, "/api/support/programs", program).status_code == 201
