"""Every page that reads a query parameter reads it through core/params.py: a malformed one is
400 naming the parameter, an object out of reach 404 — never a 500 (ValueError, OverflowError)."""

from __future__ import annotations

import pytest

from zoneops.core.params import query_date, query_int
from zoneops.monitoring.periods import period_get_or_create
from zoneops.monitoring.tests.factories import approved_report

pytestmark = pytest.mark.django_db

HUGE = str(10**30)
# Page, parameter: each reads the parameter as a number (an id, a year, a size) or a date.
PAGES = [
    ("/monitoring/reports/2024-1/fill/", "enterprise"),
    ("/monitoring/", "park"),
    ("/monitoring/", "period"),
    ("/monitoring/ledger/", "park"),
    ("/monitoring/ledger/", "chain"),
    ("/monitoring/ledger/", "size"),
    ("/monitoring/ledger/", "period"),
    ("/monitoring/targets/", "year"),
    ("/monitoring/alerts/", "park"),
    ("/enterprises/", "park"),
    ("/enterprises/", "chain"),
    ("/investment/projects/", "park"),
    ("/investment/projects/", "chain"),
    ("/investment/projects/", "officer"),
    ("/investment/board/", "park"),
    ("/investment/", "period"),
    ("/investment/projects/", "signed"),
    ("/investment/worklogs/", "period"),
    ("/investment/worklogs/", "project"),
    ("/investment/worklogs/new/", "project"),
    ("/projects/", "year"),
    ("/projects/", "park"),
    ("/projects/dashboard/", "year"),
    ("/support/applications/", "program"),
    ("/support/applications/", "park"),
    ("/support/difficulties/", "department"),
    ("/support/cultivation/candidates/", "distance"),
    ("/appeals/", "department"),
    ("/appeals/", "from"),
    ("/appeals/stats/", "to"),
    ("/calendar/", "year"),
]
BAD = ["abc", HUGE, "-1", "１２", "2024-13-45"]


@pytest.mark.parametrize(("url", "name"), PAGES)
def test_a_malformed_parameter_is_400_not_500(world, login, url, name):
    approved_report(world.enterprise_x, 2024, 1, output_value=(1, 1, 1))  # the ledger has a month
    client = login(world.leader if "fill" not in url else world.econ)
    for value in BAD:
        response = client.get(url, {name: value})
        assert response.status_code in (400, 404), (url, name, value, response.status_code)
    good = str(world.enterprise_y.pk) if name == "enterprise" else ""
    assert client.get(url, {name: good}).status_code == 200, (url, name)


def test_the_fill_page_names_the_bad_parameter(world, login):
    period_get_or_create(2024, 1)
    response = login(world.econ).get("/monitoring/reports/2024-1/fill/?enterprise=abc")
    assert response.status_code == 400
    assert "enterprise" in response.content.decode()
    response = login(world.econ).get(f"/monitoring/reports/2024-1/fill/?enterprise={HUGE}")
    assert response.status_code == 400


def test_the_parser_takes_only_what_the_parameter_is(rf):
    request = rf.get("/", {"a": "12", "b": "", "c": "０１", "d": "2024-03-05", "e": "2099-01-01"})
    assert query_int(request, "a") == 12
    assert query_int(request, "b") is None
    assert query_int(request, "missing") is None
    from django.core.exceptions import BadRequest

    from zoneops.core.bounds import HAPPENED

    with pytest.raises(BadRequest):
        query_int(request, "c")
    assert query_date(request, "d") is not None
    with pytest.raises(BadRequest):
        query_date(request, "e", span=HAPPENED)
