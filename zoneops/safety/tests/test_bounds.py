"""Numbers are bounded at the edge: an absurd amount or deadline is 422 and nothing is stored."""

from __future__ import annotations

import json

import pytest

from zoneops.core.models import ChangeRecord
from zoneops.safety.models import Hazard

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "field,value",
    [("funds", 1e300), ("funds", -1), ("deadline_days", 1e300), ("deadline_days", 251)],
)
def test_out_of_bounds_is_422_and_nothing_is_stored(safety, login, field, value) -> None:
    body = {
        "enterprise_id": safety.world.enterprise_x.pk,
        "source": "supervision",
        "description": "消防通道堵塞",
        field: value,
    }
    records = ChangeRecord.objects.count()
    response = login(safety.officer).post(
        "/api/safety/hazards", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert not Hazard.objects.exists() and ChangeRecord.objects.count() == records


def test_a_step_with_an_absurd_deadline_is_422(safety, login) -> None:
    hazard = safety.hazard(safety.world.enterprise_x)
    response = login(safety.officer).post(
        f"/api/safety/hazards/{hazard.pk}/steps",
        json.dumps({"action": "order", "deadline_days": 1e300}),
        content_type="application/json",
    )
    assert response.status_code == 422
    hazard.refresh_from_db()
    assert hazard.steps.count() == 1


def test_the_inspection_form_refuses_an_absurd_amount(safety, login) -> None:
    from django.urls import reverse

    item = safety.items[0]
    data = {
        "source": "supervision",
        "inspected_on": "2026-03-02",
        "inspectors": "马国庆",
        f"r{item.pk}": "fail",
        f"level{item.pk}": "general",
        f"kind{item.pk}": "thing",
        f"mode{item.pk}": "deadline",
        f"days{item.pk}": "10",
        f"funds{item.pk}": "1e300",
    }
    for other in safety.items[1:]:
        data.update({f"r{other.pk}": "pass", f"level{other.pk}": "general",
                     f"kind{other.pk}": "thing", f"mode{other.pk}": "deadline"})  # fmt: skip
    url = reverse("safety:inspection_add", args=[safety.world.enterprise_x.pk])
    response = login(safety.officer).post(url, data)
    assert response.status_code == 200
    assert not Hazard.objects.exists()
