"""A signed project becomes a key project without typing anything twice (issue 4, item 6)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zoneops.core.models import ChangeRecord, Role
from zoneops.core.tests.factories import DepartmentFactory, UserFactory
from zoneops.investment import services
from zoneops.investment.services import key_project_from_investment
from zoneops.projects.public import KeyProject

pytestmark = pytest.mark.django_db

YI = Decimal(100_000_000)


def _sign(project: Any, officer: Any) -> Any:
    services.project_move(
        actor=officer, project=project, to_stage="signed", on=dt.date(2024, 2, 28), amount=None
    )
    project.refresh_from_db()
    return project


def test_a_signed_project_goes_on_the_plan_with_its_figures_carried_over(inv: Any, world: Any):
    project = _sign(inv.project_a, inv.officer_a)
    key = key_project_from_investment(
        actor=inv.officer_a, project=project, year=2024, category="industrial", level="city"
    )
    assert (key.name, key.park, key.industry) == (project.name, world.park_a, project.industry)
    assert key.total_investment == project.total_investment == 60 * YI
    assert key.owner_name == project.investor
    assert (key.year, key.level, key.investment_project) == (2024, "city", project)
    assert ChangeRecord.objects.filter(
        model="projects.keyproject", object_id=str(key.pk), action="create"
    ).exists()
    with pytest.raises(ValidationError, match="已列入重点项目计划"):
        key_project_from_investment(
            actor=inv.officer_a, project=project, year=2024, category="industrial", level="zone"
        )


def test_an_unsigned_project_is_refused_and_nothing_is_written(inv: Any):
    with pytest.raises(ValidationError, match="签约后"):
        key_project_from_investment(
            actor=inv.officer_a,
            project=inv.project_a,
            year=2024,
            category="industrial",
            level="zone",
        )
    assert not KeyProject.objects.exists()


def test_the_project_page_hands_it_over_and_the_key_project_links_back(inv, world, login):
    project = _sign(inv.project_a, inv.officer_a)
    officer = login(inv.officer_a)
    page = officer.get(reverse("investment:project", args=[project.pk]))
    assert "列入重点项目" in page.content.decode()
    response = officer.post(
        reverse("investment:project_make_key", args=[project.pk]),
        {"year": 2024, "category": "industrial", "level": "zone"},
        follow=True,
    )
    assert "已列入2024年重点项目计划" in response.content.decode()
    key = KeyProject.objects.get(investment_project=project)
    projects_office = UserFactory(
        username="t-projects",
        role=Role.DEPARTMENT_OFFICER,
        department=DepartmentFactory(code="projects", name="项目办"),
    )
    detail = login(projects_office).get(reverse("projects:detail", args=[key.pk]))
    assert detail.status_code == 200 and project.name in detail.content.decode()
    # The leader reads both and follows the link from the key project to its origin.
    leader_view = login(world.leader).get(reverse("projects:detail", args=[key.pk]))
    assert reverse("investment:project", args=[project.pk]) in leader_view.content.decode()


def test_the_api_hands_it_over_and_an_outsider_gets_404(inv, world, login):
    project = _sign(inv.project_b, inv.officer_b)
    url = f"/api/investment/projects/{project.pk}/key-project"
    body = json.dumps({"year": 2024, "category": "industrial", "level": "province"})
    outsider = login(inv.officer_a).post(url, body, content_type="application/json")
    assert outsider.status_code == 404
    done = login(inv.officer_b).post(url, body, content_type="application/json")
    assert done.status_code == 201, done.content
    assert (
        done.json()["total_investment"] == str(project.total_investment)
        or Decimal(str(done.json()["total_investment"])) == project.total_investment
    )
    assert KeyProject.objects.get(investment_project=project).level == "province"
