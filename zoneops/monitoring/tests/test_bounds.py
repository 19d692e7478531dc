"""A report's figures and its period are held to what the ledgers can hold: an absurd figure or
month is refused with 422 and nothing is written; a period is opened by the economy office (or
by the system for the month being reported), never by an enterprise."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zoneops.monitoring.models import MonthlyReport, ReportingPeriod, ReportValue
from zoneops.monitoring.periods import parse_period, period_get_or_create
from zoneops.monitoring.reports import services

pytestmark = pytest.mark.django_db


def put(client, body):
    return client.put("/api/monitoring/reports", json.dumps(body), content_type="application/json")


def report(enterprise, period, **figures):
    return {"enterprise_id": enterprise.pk, "period": period, "values": {"output_value": figures}}


def _nothing_written() -> bool:
    return not MonthlyReport.objects.exists() and not ReportValue.objects.exists()


@pytest.mark.parametrize("value", [1e300, "1e300", "-1e300", "1234567890123456789012"])
def test_an_absurd_figure_is_refused_with_nothing_written(world, login, value):
    period_get_or_create(2024, 1)
    response = put(login(world.econ), report(world.enterprise_x, "2024-01", month_value=value))
    assert response.status_code == 422, response.content
    assert _nothing_written()


def test_the_service_refuses_an_absurd_figure_whoever_calls_it(world):
    """The importer and the demo call the service directly: it holds the same bound."""
    period = period_get_or_create(2024, 1)
    with pytest.raises(ValidationError, match="数值过大"):
        services.report_save(
            actor=world.econ,
            enterprise=world.enterprise_x,
            period=period,
            figures={"output_value": {"month_value": 10**30}},
        )
    assert _nothing_written()


@pytest.mark.parametrize("text", ["0000-01", "9999-12", "1900-01", "２０２４-０１", "2024-13"])
def test_a_period_the_ledgers_cannot_hold_is_refused(world, login, text):
    response = put(login(world.econ), report(world.enterprise_x, text, month_value="1"))
    assert response.status_code == 422, response.content
    assert not ReportingPeriod.objects.exists()
    assert _nothing_written()


def test_a_month_not_yet_begun_is_refused():
    today = timezone.localdate()
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    with pytest.raises(ValidationError):
        parse_period(f"{year}-{month:02d}")
    assert parse_period(f"{today.year}-{today.month:02d}") == (today.year, today.month)


def test_an_enterprise_cannot_open_a_zone_wide_period(world, login):
    response = put(login(world.ent_x_user), report(world.enterprise_x, "2024-01", month_value="1"))
    assert response.status_code == 422
    assert "经济运行部门" in response.json()["detail"]
    assert not ReportingPeriod.objects.exists()
    assert _nothing_written()


def test_the_month_being_reported_opens_by_itself_and_econ_opens_any(world, login):
    from zoneops.monitoring.periods import reporting_month

    year, month = reporting_month(timezone.localdate())
    current = f"{year}-{month:02d}"
    assert put(login(world.ent_x_user), report(world.enterprise_x, current)).status_code == 200
    assert put(login(world.econ), report(world.enterprise_y, "2024-01")).status_code == 200
    assert {p.key for p in ReportingPeriod.objects.all()} == {current, "2024-01"}


def test_a_huge_enterprise_filter_is_refused_not_a_crash(world, login):
    response = login(world.leader).get(f"/api/monitoring/reports?enterprise={10**22}")
    assert response.status_code == 422
