"""Signing in and out, throttling, password change, language, CSP and error pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from zoneops.core.models import ChangeRecord, Role, User
from zoneops.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_is_chinese_by_default():
    response = Client().get(reverse("login"))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in body
    assert "登录" in body and "用户名" in body


def test_login_and_logout(world):
    client = Client()
    response = client.post(reverse("login"), {"username": "t-econ", "password": "zoneops-test-pw"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "经济发展局" in client.get("/").content.decode()
    client.post(reverse("logout"))
    assert client.get("/").status_code == 302


def test_repeated_failures_lock_the_account(world, settings):
    client = Client()
    for _ in range(settings.LOGIN_MAX_FAILURES):
        response = client.post(reverse("login"), {"username": "t-econ", "password": "nope"})
        assert "用户名或密码不正确" in response.content.decode()
    # Now even the right password is refused until the lock expires.
    response = client.post(reverse("login"), {"username": "t-econ", "password": "zoneops-test-pw"})
    assert response.status_code == 200
    assert "锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_change(world, login):
    client = login(world.econ)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "zoneops-test-pw",
            "new_password1": "Gaoyuan-2024-xn",
            "new_password2": "Gaoyuan-2024-xn",
        },
    )
    assert response.status_code == 302
    world.econ.refresh_from_db()
    assert world.econ.check_password("Gaoyuan-2024-xn")


def test_language_switch_to_english(world, login):
    client = login(world.leader)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert "Enterprises" in body and "企业库" not in body


def test_csp_forbids_inline_scripts(world, login):
    response = login(world.leader).get("/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    # Styles: sheets and <style> only from the site; style="" attributes (ECharts' tooltips).
    assert policy["style-src-elem"] == "'self'"
    assert policy["style-src-attr"] == "'unsafe-inline'"
    assert [k for k, v in policy.items() if "unsafe" in v] == ["style-src-attr"]
    assert "<script>" not in response.content.decode()


def test_styled_404_in_chinese(world, login):
    response = login(world.leader).get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_navigation_shows_only_allowed_modules(world, login):
    ent_home = login(world.ent_x_user).get("/").content.decode()
    assert (
        "本企业档案" in ent_home
        and "用户管理" not in ent_home
        and "产业链" not in ent_home.split("<main")[0]
    )
    admin_home = login(world.admin).get("/").content.decode()
    assert "用户管理" in admin_home


def test_each_role_has_its_home(world, login):
    assert world.enterprise_x.name in login(world.ent_x_user).get("/").content.decode()
    assert "青海银行测试支行" in login(world.bank_user).get("/").content.decode()
    park_home = login(world.park_a_officer).get("/")
    assert registry_panel(park_home)["summary"].total == 1
    assert registry_panel(login(world.leader).get("/"))["summary"].total == 2
    # A task force is pointed at its key projects, and shown no registry figures.
    task_force = login(world.task_force).get("/")
    keys = [item["key"] for item in task_force.context["home"]["panels"]]
    assert "registry" not in keys and "task_force" in keys
    assert "查看我的重点项目" in task_force.content.decode()
    grid_member = UserFactory(username="t-grid-home", role=Role.GRID_MEMBER)
    keys = [item["key"] for item in login(grid_member).get("/").context["home"]["panels"]]
    assert "registry" not in keys  # no empty registry figures for a grid member


def registry_panel(response):
    (panel,) = [p["panel"] for p in response.context["home"]["panels"] if p["key"] == "registry"]
    return panel


def test_admin_creates_park_officer_with_scope(world, login):
    client = login(world.admin)
    response = client.post(
        reverse("users:create"),
        {
            "username": "new-park",
            "full_name": "新园区干部",
            "role": Role.PARK_OFFICER,
            "parks": [world.park_b.pk],
            "is_active": "on",
            "password": "Xining-Park-2024",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="new-park")
    assert list(user.parks.all()) == [world.park_b]
    assert ChangeRecord.objects.filter(
        model="core.user", object_id=str(user.pk), action="create"
    ).exists()
    signed_in = Client()
    assert signed_in.login(username="new-park", password="Xining-Park-2024")
    body = signed_in.get("/api/enterprises").json()
    assert [e["id"] for e in body["items"]] == [world.enterprise_y.pk]


def test_user_form_requires_the_scope_of_the_role(world, login):
    client = login(world.admin)
    response = client.post(
        reverse("users:create"),
        {
            "username": "ent-x2",
            "role": Role.ENTERPRISE,
            "is_active": "on",
            "password": "Xining-Ent-2024",
        },
    )
    assert response.status_code == 200
    assert "企业用户须关联一家企业" in response.content.decode()
    assert not User.objects.filter(username="ent-x2").exists()


def test_role_change_is_recorded(world, login):
    client = login(world.admin)
    target = world.econ
    client.post(
        reverse("users:edit", args=[target.pk]),
        {
            "username": target.username,
            "full_name": target.full_name,
            "role": Role.ZONE_LEADER,
            "is_active": "on",
        },
    )
    record = ChangeRecord.objects.get(model="core.user", object_id=str(target.pk), action="update")
    assert record.before["role"] == "department_officer" and record.after["role"] == "zone_leader"


def test_nul_characters_are_refused_before_they_reach_the_database(world, login):
    client = login(world.leader)
    assert client.get("/api/enterprises", {"q": "a\x00b"}).status_code == 400
    response = client.post(
        "/api/token", '{"username": "a\\u0000", "password": "x"}', content_type="application/json"
    )
    assert response.status_code == 400 and "NUL" in response.json()["detail"]
    assert client.get("/enterprises/", {"q": "\x00"}).status_code == 400
