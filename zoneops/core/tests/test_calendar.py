"""The statutory holiday calendar's page, entry, deletion, import and export (core's, shared by
every working-day clock): the window keeps it, other officers read it, outsiders get 404."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from zoneops.core.importers import CalendarSpec
from zoneops.core.imports.engine import run
from zoneops.core.models import CalendarDay, ChangeRecord, Role
from zoneops.core.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def clerk(world):
    window = DepartmentFactory(code="service", name="企业服务中心")
    return UserFactory(username="t-window", role=Role.DEPARTMENT_OFFICER, department=window)


def test_calendar_page_warns_for_a_year_without_a_schedule(clerk, login):
    page = login(clerk).get(reverse("calendar") + "?year=2031").content.decode()
    assert "2031年的法定节假日安排尚未录入" in page
    page = login(clerk).get(reverse("calendar") + "?year=2024").content.decode()
    assert "尚未录入" not in page


def test_window_enters_and_deletes_a_day_with_history(clerk, login):
    client = login(clerk)
    response = client.post(
        reverse("calendar"), {"date": "2031-01-01", "kind": "holiday", "name": "元旦"}
    )
    assert response.status_code == 302 and response["Location"].endswith("?year=2031")
    day = CalendarDay.objects.get(date=D(2031, 1, 1))
    assert day.kind == CalendarDay.Kind.HOLIDAY and day.name == "元旦"
    response = client.post(reverse("calendar_delete", args=[day.pk]))
    assert response.status_code == 302 and not CalendarDay.objects.exists()
    actions = list(
        ChangeRecord.objects.filter(model="core.calendarday")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [ChangeRecord.Action.CREATE, ChangeRecord.Action.DELETE]


def test_officer_without_the_right_reads_but_cannot_enter(world, login):
    client = login(world.park_a_officer)
    assert client.get(reverse("calendar")).status_code == 200
    response = client.post(reverse("calendar"), {"date": "2031-01-01", "kind": "holiday"})
    assert response.status_code == 403 and not CalendarDay.objects.exists()


def test_enterprise_user_gets_404_and_changes_nothing(world, clerk, login):
    day = CalendarDay.objects.create(date=D(2031, 1, 1), kind=CalendarDay.Kind.HOLIDAY)
    client = login(world.ent_x_user)
    assert client.get(reverse("calendar")).status_code == 404
    assert client.get(reverse("calendar_export")).status_code == 404
    assert client.post(reverse("calendar_delete", args=[day.pk])).status_code == 404
    assert CalendarDay.objects.filter(pk=day.pk).exists()


def test_calendar_import_is_all_or_nothing_and_idempotent(clerk):
    good = "日期,类型,节日\n2031-01-01,放假,元旦\n2031-01-26,调休上班,春节\n".encode()
    result = run(CalendarSpec(), good, actor=clerk, dry_run=False, filename="2031.csv")
    assert result.ok and result.created == 2
    assert CalendarDay.objects.get(date=D(2031, 1, 26)).kind == CalendarDay.Kind.WORKDAY
    again = run(CalendarSpec(), good, actor=clerk, dry_run=False, filename="2031.csv")
    assert again.created == 0 and again.unchanged == 2
    bad = "日期,类型\n2031-05-01,放假\n2031-05-02,半天\n".encode()
    refused = run(CalendarSpec(), bad, actor=clerk, dry_run=False, filename="bad.csv")
    assert not refused.ok and refused.problems[0].row == 3 and "半天" in refused.problems[0].message
    assert not CalendarDay.objects.filter(date=D(2031, 5, 1)).exists()


def test_calendar_export_reimports_unchanged(world, clerk, login):
    CalendarDay.objects.create(date=D(2031, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦")
    response = login(world.leader).get(reverse("calendar_export"))
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    assert rows.to_python()[0][:3] == ["日期", "类型", "节日"]
    again = run(CalendarSpec(), response.content, actor=clerk, dry_run=True, filename="d.xlsx")
    assert again.ok and again.unchanged == 1
