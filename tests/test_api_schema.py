"""Schemathesis against /api/openapi.json: generated requests, as a park officer and as an
enterprise user, never make the server fail, and the answers match the schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import get_args

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from pydantic import BaseModel
from schemathesis.checks import not_a_server_error, response_schema_conformance

from zoneops.core.models import ApiToken
from zoneops.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Schemathesis calls the WSGI app directly, whose request signals would close the database
    connection that holds the test's transaction (on PostgreSQL; SQLite's in-memory one is
    never closed). Django's own test client detaches the same handler."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_never_fails(case, world):
    for persona in (world.park_a_officer, world.ent_x_user):
        token = ApiToken.issue(persona)
        response = case.call(headers={"Authorization": f"Bearer {token}"})
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])


def _models_of(annotation: object) -> Iterator[type[BaseModel]]:
    """Every pydantic model an annotation names, however nested (list[X], X | None, ...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        for field in annotation.model_fields.values():
            yield from _models_of(field.annotation)
    for argument in get_args(annotation):
        yield from _models_of(argument)


def test_every_schema_component_has_its_own_name() -> None:
    """Two apps' schemas named alike (ProjectIn in investment and in projects) share one OpenAPI
    component, so one operation documents the other's body. Each name names one class."""
    from zoneops.api import api

    owners: dict[str, set[str]] = {}
    for _prefix, router in api._routers:
        for path_operation in router.path_operations.values():
            for operation in path_operation.operations:
                roots = [*operation.models, *operation.response_models.values()]
                for model in (m for root in roots for m in _models_of(root)):
                    if model.__module__.startswith("zoneops"):
                        owners.setdefault(model.__name__, set()).add(
                            model.__qualname__ + " in " + model.__module__
                        )
    clashes = {name: sorted(classes) for name, classes in owners.items() if len(classes) > 1}
    assert clashes == {}
