"""Every figure and date is held to its field's bounds at the edge: an absurd one is refused with
422 (or the form's message) and nothing is stored, so one entry cannot break the module."""

from __future__ import annotations

import json

import pytest

from zoneops.core.models import ChangeRecord
from zoneops.investment.models import Project, StageChange

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def _stored(project: Project) -> tuple:
    row = Project.objects.filter(pk=project.pk).values().get()
    return row, StageChange.objects.count(), ChangeRecord.objects.count()


@pytest.mark.parametrize("amount", [1e300, "1e300", "12345678901234567890", -5, "0.001"])
def test_an_absurd_signed_amount_is_refused_and_nothing_stored(inv, login, amount):
    client = login(inv.officer_a)
    before = _stored(inv.project_a)
    response = post(
        client,
        f"/api/investment/projects/{inv.project_a.pk}/stage",
        {"to_stage": "signed", "on": "2024-01-16", "amount": amount},
    )
    assert response.status_code == 422, response.content
    assert _stored(inv.project_a) == before
    assert client.get("/api/investment/projects").status_code == 200
    assert client.get(f"/investment/projects/{inv.project_a.pk}/").status_code == 200


def test_the_board_form_refuses_an_amount_beyond_the_field(inv, login):
    """亿元 typed on the page becomes 元: 10^12 亿元 is within the form's digits but not the
    model's, so the service's validation is what refuses it."""
    client = login(inv.officer_a)
    before = _stored(inv.project_a)
    response = client.post(
        f"/investment/projects/{inv.project_a.pk}/move/",
        {"to_stage": "signed", "on": "2024-01-16", "amount": "999999999999"},
    )
    assert response.status_code == 302
    assert _stored(inv.project_a) == before
    assert client.get("/investment/board/").status_code == 200


def test_a_lead_obtained_in_2099_is_refused(world, inv, login):
    client = login(inv.officer_a)
    count = Project.objects.count()
    body = {
        "name": "未来线索",
        "investor": "某公司",
        "total_investment": "100000000",
        "method": "precision",
        "lead_on": "2099-03-01",
    }
    response = post(client, "/api/investment/projects", body)
    assert response.status_code == 422
    assert "今天" in json.dumps(response.json(), ensure_ascii=False)
    page = client.post(
        "/investment/projects/new/",
        {
            "name": "未来线索",
            "investor": "某公司",
            "origin": "outside_province",
            "total_investment": "1",
            "method": "precision",
            "lead_on": "2099-03-01",
        },
    )
    assert page.status_code == 200
    assert "日期不能晚于今天" in page.content.decode()
    assert Project.objects.count() == count


@pytest.mark.parametrize("on", ["2099-03-01", "1900-01-01"])
def test_a_stage_date_outside_the_domain_is_refused(inv, login, on):
    client = login(inv.officer_a)
    before = _stored(inv.project_a)
    response = post(
        client,
        f"/api/investment/projects/{inv.project_a.pk}/stage",
        {"to_stage": "negotiating", "on": on},
    )
    assert response.status_code == 422
    assert _stored(inv.project_a) == before


def test_a_patch_whose_body_is_not_an_object_is_refused(inv, login):
    client = login(inv.officer_a)
    before = _stored(inv.project_a)
    response = client.patch(
        f"/api/investment/projects/{inv.project_a.pk}",
        "[null, null]",
        content_type="application/json",
    )
    assert response.status_code == 422
    assert _stored(inv.project_a) == before


@pytest.mark.parametrize("name", ["park", "chain", "officer"])
def test_a_huge_id_in_a_filter_is_refused_not_a_crash(world, inv, login, name):
    response = login(world.leader).get(f"/api/investment/projects?{name}={10**30}")
    assert response.status_code == 422
