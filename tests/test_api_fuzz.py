"""Schemathesis over the whole API as every persona: generated requests never make the server
fail (no 5xx), whoever sends them.

Two passes, bounded (a few cases per operation, short scenarios) to about a minute on each
database:

- every operation, a few generated cases each, every case sent as each of the nine personas of
  the root conftest's ``world``; path ids are pointed at objects that exist (a project, a report,
  an enterprise) so the generated bodies reach the services, not just a 404;
- stateful runs (links inferred by schemathesis from the schema: a created project's id feeds
  its stage, arrivals and history) as the personas who write.

A failure lists every request that answered 5xx, by persona, method, path and what was sent.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error

from zoneops.core.models import ApiToken
from zoneops.investment.tests.factories import project
from zoneops.monitoring.tests.factories import approved_report
from zoneops.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)

EXAMPLES = 3  # generated cases per operation (each sent as every persona)
SCENARIOS = 6  # stateful scenarios per persona
STEPS = 6  # calls per scenario
BUDGET_SECONDS = 300  # a generous ceiling (the machine is shared): past it, look at the bounds


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Schemathesis calls the WSGI app directly, whose request signals would close the database
    connection that holds the test's transaction (on PostgreSQL). Django's own test client
    detaches the same handler."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _seeds(world: Any) -> dict[str, int]:
    """Objects for path ids to name: a project and an approved report in park A."""
    lead = project(name="模糊测试项目", park=world.park_a)
    report = approved_report(world.enterprise_x, 2024, 1, output_value=(100, 100, 90))
    return {
        "project_id": lead.pk,
        "report_id": report.pk,
        "enterprise_id": world.enterprise_x.pk,
    }


def _numeric_kind(fragment: dict[str, Any]) -> str | None:
    """'integer' or 'number' if a JSON-schema fragment takes an unbounded one (directly or in
    anyOf). A documented maximum is the schema's to enforce (422), and a bounded parameter
    such as ?page= would refuse the request before the others are read."""
    kinds = [fragment, *fragment.get("anyOf", [])]
    if any("maximum" in option for option in kinds):
        return None
    for kind in ("integer", "number"):
        if any(option.get("type") == kind for option in kinds):
            return kind
    return None


ABSURD = {"integer": 10**30, "number": 1e300}


def _extreme_query(operation: Any) -> dict[str, Any]:
    """Every numeric query parameter the operation documents, set past any column."""
    found: dict[str, Any] = {}
    for parameter in operation.definition.raw.get("parameters", []):
        kind = _numeric_kind(parameter.get("schema", {}))
        if parameter.get("in") == "query" and kind:
            found[parameter["name"]] = ABSURD[kind]
    return found


def _extreme_body(operation: Any, body: Any) -> Any:
    """The generated body with every numeric property its schema documents set past any
    column (the other fields as generated, so the request gets as far as it can)."""
    if not isinstance(body, dict):
        return body
    content = operation.definition.raw.get("requestBody", {}).get("content", {})
    ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
    component = schema.raw_schema["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
    absurd = dict(body)
    for name, fragment in component.get("properties", {}).items():
        if kind := _numeric_kind(fragment):
            absurd[name] = ABSURD[kind]
    return absurd


def _failure(persona: str, case: Any, response: Any) -> str:
    body = getattr(case, "body", None)
    sent = "" if body is None or type(body).__name__ == "NotSet" else f" body={body!r:.300}"
    return (
        f"{persona}: {case.method} {case.formatted_path} query={case.query!r:.200}{sent} "
        f"-> {response.status_code}"
    )


def _call_as_everyone(case: Any, tokens: dict[str, str], failures: list[str]) -> None:
    for persona, token in tokens.items():
        response = case.call(headers={"Authorization": f"Bearer {token}"})
        if response.status_code >= 500:
            failures.append(_failure(persona, case, response))


@pytest.mark.django_db
def test_no_operation_answers_5xx_to_any_persona(world) -> None:
    tokens = {name: ApiToken.issue(user) for name, user in world.personas().items()}
    seeds = _seeds(world)
    failures: list[str] = []
    extremes_sent: set[str] = set()
    started = time.monotonic()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 60  # the whole API, not a part of it

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case: Any) -> None:
            # Ids that name objects that exist, so a generated body reaches the service (a
            # random id would mostly be a 404 before anything is read).
            for name in case.path_parameters or {}:
                if name in seeds:
                    case.path_parameters[name] = seeds[name]
            _call_as_everyone(case, tokens, failures)
            if case.operation.label not in extremes_sent:
                # Once per operation: every number it takes pushed past any column.
                extremes_sent.add(case.operation.label)
                case.query = {**(case.query or {}), **_extreme_query(case.operation)}
                if type(case.body).__name__ != "NotSet":
                    case.body = _extreme_body(case.operation, case.body)
                _call_as_everyone(case, tokens, failures)

        fuzz()

    assert failures == [], "\n".join(failures)
    assert time.monotonic() - started < BUDGET_SECONDS


WRITERS = ("leader", "econ", "park_a_officer", "ent_x_user", "admin")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", WRITERS)
def test_stateful_runs_answer_no_5xx(world, persona) -> None:
    token = ApiToken.issue(world.personas()[persona])
    _seeds(world)
    failures: list[str] = []
    calls: list[str] = []

    class AsPersona(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": {"Authorization": f"Bearer {token}"}}

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            calls.append(f"{case.method} {case.path} {response.status_code}")
            if response.status_code >= 500:
                failures.append(_failure(persona, case, response))
            case.validate_response(response, checks=[not_a_server_error], **kwargs)

    AsPersona.run(
        settings=settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
    )
    assert failures == [], "\n".join(failures)
    assert len(calls) > SCENARIOS, calls  # scenarios of several linked calls, not single ones
