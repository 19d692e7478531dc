"""The catalogue page: rules and thresholds are data the economy office edits."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from zoneops.core.models import ChangeRecord
from zoneops.monitoring.models import AlertLevel, AlertRule, Indicator, ValidationRule
from zoneops.monitoring.tests.factories import approved_report

pytestmark = pytest.mark.django_db


def test_economy_office_adds_an_indicator(world, login):
    client = login(world.econ)
    response = client.post(
        reverse("monitoring:catalogue_add", args=["indicator"]),
        {
            "code": "rd_expense",
            "name": "研发费用",
            "unit": "yuan",
            "display_unit": "万元",
            "kind": "flow",
            "form": "B203",
            "order": 200,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Indicator.objects.get(code="rd_expense").name == "研发费用"
    assert ChangeRecord.objects.filter(model="monitoring.indicator", action="create").exists()


def test_a_wrong_display_unit_is_refused(world, login):
    login(world.econ).post(
        reverse("monitoring:catalogue_add", args=["indicator"]),
        {
            "code": "x",
            "name": "X",
            "unit": "yuan",
            "display_unit": "美元",
            "kind": "flow",
            "form": "B203",
            "order": 1,
        },
    )
    assert not Indicator.objects.filter(code="x").exists()


def test_changing_an_alert_threshold_changes_the_colour(world, login):
    rule = AlertRule.objects.get(code="output-fall")
    client = login(world.econ)
    client.post(
        reverse("monitoring:catalogue_edit", args=["alert_rule", rule.pk]),
        {
            f"a{rule.pk}-blue_threshold": "0",
            f"a{rule.pk}-orange_threshold": "-5",
            f"a{rule.pk}-red_threshold": "-8",
            f"a{rule.pk}-is_active": "on",
        },
    )
    rule.refresh_from_db()
    assert rule.red_threshold == Decimal("-8")
    approved_report(world.enterprise_x, 2024, 1, output_value=(91, 91, 100))  # −9 %
    assert world.enterprise_x.alerts.get(rule=rule).level == AlertLevel.RED


def test_a_rule_can_be_switched_off(world, login):
    rule = ValidationRule.objects.get(code="yoy-needs-explanation")
    login(world.econ).post(
        reverse("monitoring:catalogue_edit", args=["rule", rule.pk]),
        {
            f"r{rule.pk}-threshold": "50",
            f"r{rule.pk}-severity": "warning",
            f"r{rule.pk}-message": rule.message,
        },
    )
    rule.refresh_from_db()
    assert not rule.is_active


def test_park_officer_may_read_but_not_edit(world, login):
    client = login(world.park_a_officer)
    assert client.get(reverse("monitoring:catalogue")).status_code == 200
    rule = AlertRule.objects.get(code="output-fall")
    response = client.post(
        reverse("monitoring:catalogue_edit", args=["alert_rule", rule.pk]),
        {f"a{rule.pk}-red_threshold": "-1"},
    )
    assert response.status_code == 403
    assert login(world.ent_x_user).get(reverse("monitoring:catalogue")).status_code == 404
