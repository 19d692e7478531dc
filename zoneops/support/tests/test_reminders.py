"""Reminders before a window closes: once, to the right people, from a daily command."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from zoneops.core.models import Role
from zoneops.core.tests.factories import UserFactory
from zoneops.support.models import Notice
from zoneops.support.tests.factories import application, program

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 6, 20)


def test_reminders_go_to_officer_enterprise_and_department_once(world, login):
    world.enterprise_x.service_officer = world.park_a_officer
    world.enterprise_x.save()
    colleague = UserFactory(
        username="t-econ-2", role=Role.DEPARTMENT_OFFICER, department=world.econ.department
    )
    program(
        [("park", "in", str(world.park_a.pk))],
        opens_on=DAY - dt.timedelta(days=20),
        closes_on=DAY + dt.timedelta(days=5),
        department=world.econ.department,
    )
    program(  # closes later than its reminder period: no reminder yet
        name="远期项目", opens_on=DAY, closes_on=DAY + dt.timedelta(days=30)
    )
    out = StringIO()
    call_command("support_reminders", "--today", DAY.isoformat(), stdout=out)
    assert "新发提醒 4 条" in out.getvalue()
    recipients = set(Notice.objects.values_list("recipient__username", flat=True))
    assert recipients == {"t-park-a", "t-ent-x", "t-econ", colleague.username}
    assert "5天后截止" in Notice.objects.get(recipient=world.ent_x_user).message
    call_command(
        "support_reminders", "--today", (DAY + dt.timedelta(days=1)).isoformat(), stdout=StringIO()
    )
    assert Notice.objects.count() == 4  # the same window is not announced twice
    page = login(world.ent_x_user).get(reverse("home")).content.decode()
    assert "待阅提醒" in page


def test_no_reminder_for_an_enterprise_that_has_submitted(world):
    prog = program(
        [("park", "in", str(world.park_a.pk))],
        opens_on=DAY - dt.timedelta(days=20),
        closes_on=DAY + dt.timedelta(days=2),
    )
    app = application(world.enterprise_x, prog)
    from zoneops.support import services

    services.application_transition(actor=None, application=app, status="submitted", check=False)
    call_command("support_reminders", "--today", DAY.isoformat(), stdout=StringIO())
    assert not Notice.objects.exists()
