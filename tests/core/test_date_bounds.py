"""Dates the domain says cannot be are refused wherever they enter: an enterprise founded next
year or in 1800, a key project started in the future, a lead obtained in 2099. One declaration
(the model's date_spans, zoneops/core/bounds.py) serves the API's schemas, the services'
full_clean and the forms."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zoneops.core.bounds import HAPPENED, PLANNED
from zoneops.enterprises.models import Enterprise
from zoneops.investment.models import Project
from zoneops.projects.models import KeyProject
from zoneops.projects.tests.factories import key_project

pytestmark = pytest.mark.django_db

NEXT_YEAR = (timezone.localdate() + dt.timedelta(days=366)).isoformat()


def patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("day", [NEXT_YEAR, "1800-01-01", "0001-01-01", "9999-12-31"])
def test_an_enterprise_founded_when_it_cannot_be_is_refused(world, login, day):
    url = f"/api/enterprises/{world.enterprise_x.pk}"
    before = Enterprise.objects.filter(pk=world.enterprise_x.pk).values().get()
    response = patch(login(world.admin), url, {"established_on": day})
    assert response.status_code == 422, response.content
    assert Enterprise.objects.filter(pk=world.enterprise_x.pk).values().get() == before


def test_an_enterprise_founded_long_ago_is_kept(world, login):
    url = f"/api/enterprises/{world.enterprise_x.pk}"
    response = patch(login(world.admin), url, {"established_on": "1958-10-01"})
    assert response.status_code == 200, response.content
    assert Enterprise.objects.get(pk=world.enterprise_x.pk).established_on == dt.date(1958, 10, 1)


def test_a_key_project_cannot_have_started_in_the_future(world, login):
    project = key_project(park=world.park_a)
    response = patch(
        login(world.leader), f"/api/projects/{project.pk}", {"actual_start": NEXT_YEAR}
    )
    assert response.status_code == 422, response.content
    assert KeyProject.objects.get(pk=project.pk).actual_start is None


def test_the_model_refuses_what_its_span_refuses_whoever_saves_it():
    """Services full_clean before writing; the span is part of clean_fields."""
    lead = Project(lead_on=dt.date(2099, 3, 1), name="x", investor="y", total_investment=1)
    with pytest.raises(ValidationError) as refused:
        lead.full_clean()
    assert "lead_on" in refused.value.message_dict
    assert "今天" in " ".join(refused.value.message_dict["lead_on"])


def test_spans_move_with_today():
    today = timezone.localdate()
    assert HAPPENED.problem(today) is None
    assert HAPPENED.problem(today + dt.timedelta(days=1))
    assert PLANNED.problem(today + dt.timedelta(days=365 * 10)) is None
    assert PLANNED.problem(dt.date(2099, 1, 1)) is not None or today.year > 2084
