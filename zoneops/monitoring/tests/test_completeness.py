"""A report goes on only when it is complete: every figure the forms the enterprise files ask
for (validation rules ``required_figures`` and ``not_empty``, data in the catalogue). A draft
may be incomplete; submitting, importing as submitted and approving may not."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from zoneops.core.imports import run
from zoneops.monitoring.models import (
    Indicator,
    IndicatorKind,
    MonthlyReport,
    ReportStatus,
    ValidationRule,
)
from zoneops.monitoring.periods import period_get_or_create
from zoneops.monitoring.reports import services
from zoneops.monitoring.reports.importers import MonthlySpec
from zoneops.monitoring.tests.test_import_monthly import enterprise_row, workbook

pytestmark = pytest.mark.django_db


def _above_size(enterprise: Any) -> Any:
    """An above-size industrial enterprise (the factories' default industry is 3841)."""
    enterprise.is_above_scale = True
    enterprise.save()
    return enterprise


def _form(**figures: str) -> dict[str, str]:
    """The report form's POST: every field blank unless given (output_value__ytd_value=…)."""
    data = {"explanation": ""}
    for indicator in Indicator.objects.filter(is_active=True):
        for field in ("month_value", "ytd_value", "last_ytd_value"):
            data[f"{indicator.code}__{field}"] = ""
    data.update(figures)
    return data


def _complete(month: int = 3) -> dict[str, str]:
    """Every figure an above-size industrial enterprise's forms ask for, in 万元 / 人."""
    data = {}
    for indicator in Indicator.objects.filter(is_active=True):
        if indicator.form == "B203" and month == 1:
            continue
        data[f"{indicator.code}__ytd_value"] = "30"
        data[f"{indicator.code}__last_ytd_value"] = "28"
        if indicator.kind == IndicatorKind.FLOW:
            data[f"{indicator.code}__month_value"] = "10"
    return data


def _submit(client: Any, year: int, month: int, data: dict[str, str]) -> Any:
    return client.post(reverse("monitoring:fill", args=[year, month]), {**data, "submit": "1"})


def test_empty_report_is_refused_and_nothing_is_submitted(world, login):
    period_get_or_create(2024, 3)
    response = _submit(login(world.ent_x_user), 2024, 3, _form())
    assert response.status_code == 200
    assert "报表中没有任何数据，不能报送" in response.content.decode()
    assert not MonthlyReport.objects.filter(status=ReportStatus.SUBMITTED).exists()


def test_report_with_only_output_this_month_is_refused_naming_what_is_missing(world, login):
    _above_size(world.enterprise_x)
    period_get_or_create(2024, 3)
    response = _submit(login(world.ent_x_user), 2024, 3, _form(output_value__month_value="120"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "报表要求填报的指标不能空着" in body
    # One line names every missing figure: 1—本月累计 of the output, then the other rows.
    assert "工业总产值（1—本月累计）" in body
    assert "工业销售产值（本月）" in body and "负债合计（期末数）" in body
    assert "工业总产值（本月）" not in body
    assert not MonthlyReport.objects.filter(status=ReportStatus.SUBMITTED).exists()


def test_a_draft_may_be_incomplete(world, login):
    _above_size(world.enterprise_x)
    period_get_or_create(2024, 3)
    client = login(world.ent_x_user)
    response = client.post(
        reverse("monitoring:fill", args=[2024, 3]), _form(output_value__month_value="120")
    )
    assert response.status_code == 302
    assert MonthlyReport.objects.get().status == ReportStatus.DRAFT
    # … and it cannot be sent on from its page either.
    report = MonthlyReport.objects.get()
    client.post(reverse("monitoring:report_action", args=[report.pk]), {"action": "submit"})
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_complete_report_is_submitted(world, login):
    _above_size(world.enterprise_x)
    period_get_or_create(2024, 3)
    response = _submit(login(world.ent_x_user), 2024, 3, _form(**_complete()))
    assert response.status_code == 302
    assert MonthlyReport.objects.get().status == ReportStatus.SUBMITTED


def test_january_does_not_ask_for_the_financial_form(world, login):
    _above_size(world.enterprise_x)
    period_get_or_create(2024, 1)
    response = _submit(login(world.ent_x_user), 2024, 1, _form(**_complete(month=1)))
    assert response.status_code == 302
    assert MonthlyReport.objects.get().status == ReportStatus.SUBMITTED


def test_below_size_enterprise_files_what_it_has(world, login):
    # Not an above-size industrial enterprise: no statistical form to fill in full.
    period_get_or_create(2024, 3)
    response = _submit(
        login(world.ent_x_user), 2024, 3, _form(revenue__month_value="5", revenue__ytd_value="15")
    )
    assert response.status_code == 302
    assert MonthlyReport.objects.get().status == ReportStatus.SUBMITTED


def _stored_incomplete_submitted(world: Any) -> MonthlyReport:
    """A submitted report with one figure, as reports submitted before the rule are."""
    report, _ = services.report_save(
        actor=None,
        enterprise=_above_size(world.enterprise_x),
        period=period_get_or_create(2024, 3),
        figures={"output_value": {"month_value": Decimal(1_200_000)}},
        check=False,
    )
    MonthlyReport.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
    report.refresh_from_db()
    return report


def test_incomplete_submitted_report_shows_errors_and_is_not_approved(world, login):
    report = _stored_incomplete_submitted(world)
    econ = login(world.econ)
    page = econ.get(reverse("monitoring:period", args=[2024, 3])).content.decode()
    assert "缺 23 项必填数" in page and "无问题" not in page
    response = econ.post(
        reverse("monitoring:period_approve", args=[2024, 3]), {"report": [report.pk]}, follow=True
    )
    assert "报表仍有错误，不能审核通过" in response.content.decode()
    econ.post(reverse("monitoring:report_action", args=[report.pk]), {"action": "approve"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_the_rule_is_data_the_catalogue_may_switch_off(world, login):
    _above_size(world.enterprise_x)
    period_get_or_create(2024, 3)
    ValidationRule.objects.filter(code="required-figures").update(is_active=False)
    response = _submit(login(world.ent_x_user), 2024, 3, _form(output_value__month_value="120"))
    assert response.status_code == 302
    assert MonthlyReport.objects.get().status == ReportStatus.SUBMITTED


def test_api_refuses_an_empty_submission_with_422(world, login):
    response = login(world.ent_x_user).put(
        "/api/monitoring/reports",
        {"enterprise_id": world.enterprise_x.pk, "period": "2024-03", "values": {}, "submit": True},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not MonthlyReport.objects.filter(status=ReportStatus.SUBMITTED).exists()


def test_import_refuses_missing_required_figures_naming_file_sheet_row_column(world, tmp_path):
    x = _above_size(world.enterprise_x)
    # X's 本月 of 工业总产值 left blank, and the file has no column for most of the forms' rows.
    row = enterprise_row(1, x, output=("", 3456.78, 3000, ""))
    path = workbook(tmp_path / "ledger.xlsx", [row])
    result = run(MonthlySpec(), path, actor=None, dry_run=False)
    assert not result.written
    where = {(p.file, p.sheet, p.row, p.column): p.message for p in result.problems}
    cell = ("ledger.xlsx", "3月", 5, "D列（工业总产值（当年价格）·本月）")
    assert "报表要求填报的指标不能空着" in where[cell]
    row_message = where[("ledger.xlsx", "3月", 5, "")]
    assert "文件中没有本企业报表要求的" in row_message and "工业销售产值（本月）" in row_message
    assert not MonthlyReport.objects.exists()


def test_import_of_a_below_size_enterprises_figures_still_goes_through(world, tmp_path):
    path = workbook(tmp_path / "ledger.xlsx", [enterprise_row(1, world.enterprise_x)])
    result = run(MonthlySpec(), path, actor=None, dry_run=False)
    assert result.written and not result.problems
    assert MonthlyReport.objects.get().status == ReportStatus.SUBMITTED
