"""Every paged list of the API answers in a number of queries that does not grow with its rows.

The lists are read from the API's own schema (``/api/openapi.json``: every GET whose parameters
include ``page_size``), so a new list is measured the day it is added. Each is read on the demo
zone, where every list has many rows, twice: a page of 2 rows and a page of 50. An N+1 (a
related object read per row) makes the second page cost more queries than the first and fails
here; so does a list that costs more than :data:`CEILING` queries at all.

A list under an object (``/api/projects/{project_id}/updates``) is read for the object of its
parent list that has the most rows. Where the demo has too few rows for a list, the test adds
some through the services first (:data:`MORE`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from importlib import import_module
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.demo.conftest import Demo
from zoneops.api import api

SMALL, LARGE = 1, 50
FEWEST = 3  # rows the large page must hold, so that a query per row shows
# Session, user, scope, the count and the page, and what the rows' related objects prefetch.
CEILING = 16
# Who reads each list: a reader who sees the whole zone and whose module it is.
READER = "admin"
READERS: dict[str, str] = {}


def _more_surveys(demo: Demo) -> None:
    from zoneops.monitoring import services

    # monitoring.services re-exports every topic's writes once the app is split by topic.
    create = getattr(services, "survey_create", None)
    if create is None:
        create = import_module("zoneops.monitoring.surveys").survey_create
    for year in (2027, 2028):
        create(
            actor=demo.user(READER),
            title=f"{year}年春节期间生产计划调查",
            holiday_start=dt.date(year, 2, 1),
            holiday_end=dt.date(year, 2, 8),
            deadline=dt.date(year, 1, 20),
        )


def _more_problems(demo: Demo) -> None:
    from zoneops.core.models import Department
    from zoneops.projects import queries, services

    actor = demo.user(READER)
    project = queries.project_list(user=actor).first()
    assert project is not None
    for text in ("施工用电未接入", "用地指标未落实", "环评批复待办"):
        services.problem_raise(
            actor=actor,
            project=project,
            data={
                "description": text,
                "department": Department.objects.get(code="projects"),
                "deadline": demo.today + dt.timedelta(days=30),
                "raised_on": demo.today,
            },
        )


def _more_intakes(demo: Demo) -> None:
    from zoneops.approvals import services
    from zoneops.approvals.models import ApprovalItem

    items = ApprovalItem.objects.filter(matrix__key_project__owner_enterprise__isnull=False)
    for item in items.select_related("matrix__key_project__owner_enterprise")[:3]:
        services.intake_create(
            actor=None,
            item=item,
            enterprise=item.matrix.key_project.owner_enterprise,
            materials_checked=item.material_list(),
            received_on=demo.today,
            check=False,
        )


# Lists the demo holds fewer than FEWEST rows of (for the reader): rows added by the services.
def _more_accidents(demo: Demo) -> None:
    from decimal import Decimal

    from zoneops.enterprises.models import Enterprise
    from zoneops.safety import services

    # A zone has one or two accidents a year: the list needs a few more to show an N+1.
    for n, enterprise in enumerate(Enterprise.objects.order_by("pk")[:3]):
        services.accident_save(
            actor=None,
            enterprise=enterprise,
            data={
                "occurred_on": demo.today - dt.timedelta(days=10 + n),
                "place": "车间",
                "kind": "fall",
                "injured": 1,
                "loss": Decimal("50000"),
                "account": "走查用",
            },
            check=False,
        )


MORE: dict[str, Callable[[Demo], None]] = {
    "/api/safety/accidents": _more_accidents,
    "/api/projects/approvals/intakes": _more_intakes,
    "/api/monitoring/surveys": _more_surveys,
    "/api/projects/{project_id}/problems": _more_problems,
}


def paged_lists() -> list[str]:
    schema = api.get_openapi_schema()
    return sorted(
        path
        for path, operations in schema["paths"].items()
        if "get" in operations
        and any(p["name"] == "page_size" for p in operations["get"].get("parameters", []))
    )


LISTS = paged_lists()
PARAMETER = re.compile(r"\{(\w+)\}")


def test_the_schema_has_the_paged_lists() -> None:
    # The issue counted 25 paged lists; a list that stops being paged is noticed here.
    assert len(LISTS) >= 25


def _get(client: Client, path: str, size: int) -> tuple[dict[str, Any], int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, {"page_size": size})
    assert response.status_code == 200, (path, response.status_code, response.content[:300])
    return response.json(), len(captured.captured_queries)


def _resolve(client: Client, path: str) -> str:
    """The path with each {parameter} filled by the parent list's item with most rows below."""
    match = PARAMETER.search(path)
    if match is None:
        return path
    parent = path[: match.start()].rstrip("/")
    rest = path[match.end() :]
    items = client.get(parent, {"page_size": 100}).json()["items"]
    best, most = None, -1
    for item in items:
        child = _resolve(client, f"{parent}/{item['id']}{rest}")
        count = client.get(child, {"page_size": 1}).json()["count"]
        if count > most:
            best, most = child, count
    assert best is not None, f"{parent} has no items to read {path} under"
    return best


@pytest.mark.parametrize("path", LISTS)
def test_paged_list_query_count_does_not_grow_with_rows(path: str, demo: Demo) -> None:
    if path in MORE:
        MORE[path](demo)
    client = demo.client(READERS.get(path, READER))
    client.get("/api/parks")  # the first request after force_login writes the session
    url = _resolve(client, path)
    _small, small_queries = _get(client, url, SMALL)
    large, large_queries = _get(client, url, LARGE)
    rows = len(large["items"])
    assert rows >= FEWEST, f"{url}: only {rows} rows in the demo, an N+1 would not show"
    assert large_queries == small_queries, (
        f"{url}: {small_queries} queries for {SMALL} rows, {large_queries} for {rows}"
    )
    assert large_queries <= CEILING, f"{url}: {large_queries} queries"
