"""Report pages: an enterprise fills in on its phone-sized form, officers review, correct."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from zoneops.monitoring.models import MonthlyReport, ReportStatus
from zoneops.monitoring.periods import period_get_or_create
from zoneops.monitoring.tests.factories import approved_report

pytestmark = pytest.mark.django_db


def _post(output=("120", "360", "300"), power=("9", "27", "25"), **extra):
    data = {
        "output_value__month_value": output[0],
        "output_value__ytd_value": output[1],
        "output_value__last_ytd_value": output[2],
        "electricity__month_value": power[0],
        "electricity__ytd_value": power[1],
        "electricity__last_ytd_value": power[2],
        "explanation": "",
    }
    data.update(extra)
    return data


def test_enterprise_fills_in_万元_and_stores_元(world, login):
    period_get_or_create(2024, 3)
    client = login(world.ent_x_user)
    page = client.get(reverse("monitoring:fill", args=[2024, 3]))
    assert page.status_code == 200 and "工业总产值" in page.content.decode()
    response = client.post(reverse("monitoring:fill", args=[2024, 3]), _post(submit="1"))
    assert response.status_code == 302
    report = MonthlyReport.objects.get(enterprise=world.enterprise_x)
    assert report.status == ReportStatus.SUBMITTED
    values = {v.indicator.code: v for v in report.values.select_related("indicator")}
    assert values["output_value"].ytd_value == Decimal("3600000")  # 360 万元
    assert values["electricity"].ytd_value == Decimal("270000")  # 27 万千瓦时


def test_findings_are_shown_and_nothing_is_submitted(world, login):
    period_get_or_create(2024, 3)
    client = login(world.ent_x_user)
    response = client.post(
        reverse("monitoring:fill", args=[2024, 3]), _post(output=("120", "900", "300"), submit="1")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "变动超过50%" in body
    assert not MonthlyReport.objects.filter(status=ReportStatus.SUBMITTED).exists()


def test_enterprise_cannot_open_another_enterprises_report(world, login):
    other = approved_report(world.enterprise_y, 2024, 3, output_value=(1, 1, 1))
    client = login(world.ent_x_user)
    assert client.get(reverse("monitoring:report", args=[other.pk])).status_code == 404
    assert (
        client.get(
            reverse("monitoring:fill", args=[2024, 3]) + f"?enterprise={world.enterprise_y.pk}"
        ).status_code
        == 200
    )
    # The enterprise parameter is ignored for enterprise users: the form is for their own.
    assert (
        world.enterprise_x.name
        in client.get(reverse("monitoring:fill", args=[2024, 3])).content.decode()
    )


def test_officer_returns_then_approves(world, login):
    period_get_or_create(2024, 3)
    login(world.ent_x_user).post(reverse("monitoring:fill", args=[2024, 3]), _post(submit="1"))
    report = MonthlyReport.objects.get()
    officer = login(world.park_a_officer)
    officer.post(
        reverse("monitoring:report_action", args=[report.pk]),
        {"action": "return", "reason": "用电量与电网数据不符"},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.return_reason == "用电量与电网数据不符"
    login(world.ent_x_user).post(
        reverse("monitoring:report_action", args=[report.pk]), {"action": "submit"}
    )
    officer.post(reverse("monitoring:report_action", args=[report.pk]), {"action": "approve"})
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_period_page_lists_who_has_not_reported(world, login):
    period_get_or_create(2024, 3)
    world.enterprise_x.is_above_scale = True
    world.enterprise_x.save()
    body = (
        login(world.park_a_officer)
        .get(reverse("monitoring:period", args=[2024, 3]))
        .content.decode()
    )
    assert "未报送的规上企业" in body and world.enterprise_x.name in body


def test_correction_page_records_a_revision(world, login):
    report = approved_report(
        world.enterprise_x, 2024, 1, output_value=(100_0000, 100_0000, 90_0000)
    )
    response = login(world.econ).post(
        reverse("monitoring:report_correct", args=[report.pk]),
        {
            "output_value__month_value": "110",
            "output_value__ytd_value": "110",
            "output_value__last_ytd_value": "90",
            "reason": "企业更正",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.revision == 1
    assert report.values.get(indicator__code="output_value").ytd_value == Decimal("1100000")


def test_park_officer_cannot_correct_another_parks_report(world, login):
    report = approved_report(world.enterprise_y, 2024, 1, output_value=(1, 1, 1))
    assert (
        login(world.park_a_officer)
        .get(reverse("monitoring:report_correct", args=[report.pk]))
        .status_code
        == 404
    )


def test_officer_cannot_fill_for_an_enterprise_outside_scope(world, login):
    period_get_or_create(2024, 3)
    url = reverse("monitoring:fill", args=[2024, 3]) + f"?enterprise={world.enterprise_y.pk}"
    client = login(world.park_a_officer)
    assert client.get(url).status_code == 404
    assert client.post(url, _post(submit="1")).status_code == 404
    assert not MonthlyReport.objects.exists()


def test_officer_sees_each_period_with_its_counts(world, login):
    approved_report(world.enterprise_x, 2024, 2, output_value=(100, 200, 190))
    period_get_or_create(2024, 3)
    page = login(world.econ).get(reverse("monitoring:periods"))
    assert page.status_code == 200
    text = page.content.decode()
    assert reverse("monitoring:period", args=[2024, 2]) in text
    assert reverse("monitoring:period", args=[2024, 3]) in text


def test_the_import_button_is_offered_only_to_those_who_may_import(world, login):
    upload = reverse("imports:upload", args=["monthly"])
    for user in (world.econ, world.park_a_officer):
        assert upload in login(user).get(reverse("monitoring:periods")).content.decode()
    # The leader reads the periods but may not import: no button leading to a 404.
    leader = login(world.leader)
    assert upload not in leader.get(reverse("monitoring:periods")).content.decode()
    assert leader.get(upload).status_code == 404


def test_form_carries_last_years_figures_and_says_so(world, login):
    # March 2023's year to date is March 2024's 上年同期累计; a draft's own figure is kept.
    approved_report(world.enterprise_x, 2023, 3, output_value=(100, 2_880_000, 2_000_000))
    approved_report(world.enterprise_x, 2023, 3 - 1, electricity=(5, 150_000, None))  # not March
    period_get_or_create(2024, 3)
    client = login(world.ent_x_user)
    page = client.get(reverse("monitoring:fill", args=[2024, 3]))
    form = page.context["form"]
    assert form["output_value__last_ytd_value"].value() == Decimal("288")  # 万元
    assert form["electricity__last_ytd_value"].value() is None
    assert "上年同期数已按贵企业2023年3月的报表预填" in page.content.decode()
    client.post(
        reverse("monitoring:fill", args=[2024, 3]), _post(output=("120", "360", "290"), save="1")
    )
    page = client.get(reverse("monitoring:fill", args=[2024, 3]))
    assert page.context["form"]["output_value__last_ytd_value"].value() == Decimal("290")
    assert "预填" not in page.content.decode()


def test_form_offers_last_months_year_to_date_to_a_new_report(world, login):
    approved_report(world.enterprise_x, 2024, 2, output_value=(100, 2_500_000, None))
    period_get_or_create(2024, 3)
    period_get_or_create(2024, 1)
    client = login(world.ent_x_user)
    page = client.get(reverse("monitoring:fill", args=[2024, 3]))  # no report yet
    body = page.content.decode()
    assert 'data-zo-ytd-base="250"' in body  # 250万元, to which the page adds 本月
    assert "上月累计 250.00" in body
    # January: the year to date is the month itself.
    january = client.get(reverse("monitoring:fill", args=[2024, 1])).content.decode()
    assert january.count('data-zo-ytd-base="0"') == january.count("1—本月累计") - 1


def _submitted(enterprise, year, month, explanation=None, **values):
    from zoneops.monitoring.reports import services
    from zoneops.monitoring.tests.factories import figures

    report, _ = services.report_save(
        actor=None,
        enterprise=enterprise,
        period=period_get_or_create(year, month),
        figures=figures(**values),
        explanation=explanation,
        submit=True,
        check=False,
    )
    return report


def test_reviewer_approves_the_ticked_reports_of_a_period_at_once(world, login):
    from zoneops.core.models import ChangeRecord

    x = _submitted(world.enterprise_x, 2024, 3, output_value=(100, 300, 280))
    y = _submitted(
        world.enterprise_y, 2024, 3, output_value=(100, 300, 100), explanation="新产线投产"
    )
    client = login(world.econ)
    page = client.get(reverse("monitoring:period", args=[2024, 3]))
    body = page.content.decode()
    assert f'name="report" value="{x.pk}"' in body and f'name="report" value="{y.pk}"' in body
    assert page.context["review"] == {
        x.pk: {"errors": 0, "missing": 0, "other_errors": 0, "warnings": 0, "explained": False},
        # +200 % needs an explanation; it has one: shown as explained, may be approved.
        y.pk: {"errors": 0, "missing": 0, "other_errors": 0, "warnings": 1, "explained": True},
    }
    changes = ChangeRecord.objects.count()
    response = client.post(
        reverse("monitoring:period_approve", args=[2024, 3]),
        {"report": [x.pk, y.pk], "status": "submitted"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?status=submitted")
    assert set(MonthlyReport.objects.values_list("status", flat=True)) == {"approved"}
    assert ChangeRecord.objects.count() == changes + 2
    assert "已说明 1" in body
    assert "已审核通过2份报表" in client.get(response["Location"]).content.decode()


def test_a_report_with_errors_is_not_offered_and_stops_the_batch(world, login):
    x = _submitted(world.enterprise_x, 2024, 3, output_value=(100, 300, 280))
    y = _submitted(world.enterprise_y, 2024, 3, output_value=(100, 300, 280))
    # February arrives later with a larger year to date than March's: March is now wrong.
    approved_report(world.enterprise_y, 2024, 2, output_value=(100, 500, 400))
    client = login(world.econ)
    page = client.get(reverse("monitoring:period", args=[2024, 3]))
    assert page.context["review"][y.pk]["errors"] >= 1
    assert f'name="report" value="{y.pk}"' not in page.content.decode()
    response = client.post(
        reverse("monitoring:period_approve", args=[2024, 3]), {"report": [x.pk, y.pk]}, follow=True
    )
    assert "报表仍有错误，不能审核通过" in response.content.decode()
    assert MonthlyReport.objects.filter(status="approved", period__month=3).count() == 0


def test_batch_approval_is_scoped(world, login):
    y = _submitted(world.enterprise_y, 2024, 3, output_value=(100, 300, 280))
    # enterprise_y is in park B: park A's officer cannot see it, the leader may not approve.
    officer = login(world.park_a_officer)
    url = reverse("monitoring:period_approve", args=[2024, 3])
    assert officer.post(url, {"report": [y.pk]}).status_code == 404
    assert officer.get(url).status_code == 405
    leader = login(world.leader)
    assert leader.get(reverse("monitoring:period", args=[2024, 3])).context["review"] == {}
    assert leader.post(url, {"report": [y.pk]}).status_code == 403
    y.refresh_from_db()
    assert y.status == ReportStatus.SUBMITTED


def test_periods_are_written_as_the_reader_writes_dates(world, login):
    from django.conf import settings
    from django.utils import translation

    period = period_get_or_create(2024, 3)
    combined = period_get_or_create(2024, 2)
    combined.combined_with_january = True
    assert (str(period), str(combined)) == ("2024年3月", "2024年1—2月")
    with translation.override("en"):
        assert (str(period), str(combined)) == ("2024-03", "2024-01–02")
    client = login(world.econ)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("monitoring:period", args=[2024, 3])).content.decode()
    assert "2024-03 monthly report" in body and "2024年3月" not in body
