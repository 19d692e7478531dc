"""Who sees which project: investment officers their own and their chains' leads, a chain
leader the chain's, park officers their park's, zone leaders all; others nothing (404)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from zoneops.investment import services
from zoneops.investment.models import Project, WorkLog
from zoneops.investment.tests.factories import project

pytestmark = pytest.mark.django_db


def names(user):
    return set(Project.objects.visible_to(user).values_list("name", flat=True))


def test_each_role_sees_its_own_projects(world, inv):
    a, b = inv.project_a.name, inv.project_b.name
    assert names(world.leader) == names(world.admin) == {a, b}
    assert names(inv.officer_a) == {a}
    assert names(inv.officer_b) == {b}
    assert names(inv.chain_leader_b) == {b}
    assert names(world.park_a_officer) == {a}
    assert names(world.park_b_officer) == {b}
    for outsider in (world.econ, world.ent_x_user, world.bank_user, world.task_force):
        assert names(outsider) == set()


def test_an_officer_sees_a_lead_they_follow_on_another_chain(inv):
    own = project(name="跨链线索", officer=inv.officer_a, chain=inv.chain_b)
    assert own.name in names(inv.officer_a)
    assert own.name in names(inv.officer_b)  # the chain's team sees it too


def test_joining_a_chain_team_opens_its_leads(inv):
    services.chain_officer_set(actor=None, chain=inv.chain_b, officer=inv.officer_a, check=False)
    assert names(inv.officer_a) == {inv.project_a.name, inv.project_b.name}


def test_work_log_is_seen_through_its_projects_and_its_people(world, inv):
    entry = services.worklog_save(
        actor=inv.officer_b,
        data={"kind": "trip", "on": dt.date(2024, 1, 8), "place": "苏州", "counterpart": "某公司"},
        projects=[inv.project_b],
        check=False,
    )
    assert WorkLog.objects.visible_to(world.park_b_officer).get() == entry
    assert not WorkLog.objects.visible_to(world.park_a_officer).exists()
    assert not WorkLog.objects.visible_to(inv.officer_a).exists()


def test_roles_outside_the_module_get_404_everywhere(world, inv, login):
    for user in (world.econ, world.ent_x_user, world.bank_user, world.task_force):
        client = login(user)
        for url in (
            reverse("investment:dashboard"),
            reverse("investment:board"),
            reverse("investment:projects"),
            reverse("investment:project", args=[inv.project_a.pk]),
            "/api/investment/projects",
            "/api/investment/dashboard",
        ):
            assert client.get(url).status_code == 404, (user, url)


def test_menu_shows_the_module_to_those_who_use_it(world, inv, login):
    assert "招商引资" in login(inv.officer_a).get("/").content.decode()
    assert "招商引资" in login(inv.chain_leader_b).get("/").content.decode()
    assert "招商引资" not in login(world.econ).get("/").content.decode()
