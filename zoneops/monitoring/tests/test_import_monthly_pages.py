"""The monthly import on its pages (upload, preview, commit, the period chosen on upload) and
a ledger export imported back unchanged; the workbooks are those of :mod:`.test_import_monthly`."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from zoneops.core.imports import run
from zoneops.core.models import ChangeRecord, ImportJob
from zoneops.monitoring.ledger import export as ledger_xlsx
from zoneops.monitoring.ledger import queries as ledger
from zoneops.monitoring.models import MonthlyReport, ReportingPeriod
from zoneops.monitoring.reports import figures as report_figures
from zoneops.monitoring.reports.importers import MonthlySpec
from zoneops.monitoring.tests.factories import approved_report
from zoneops.monitoring.tests.test_import_monthly import messy_rows, stored, workbook
from zoneops.monitoring.tests.test_import_monthly import zone as zone  # the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def import_root(settings, tmp_path):
    settings.IMPORT_ROOT = tmp_path / "imports"
    return settings.IMPORT_ROOT


def upload(client: Any, path: Path, kind: str = "monthly") -> Any:
    with path.open("rb") as handle:
        return client.post(reverse("imports:upload", args=[kind]), {"file": handle})


def test_upload_preview_and_commit_on_the_page(zone, login, tmp_path, import_root):
    client = login(zone.econ)
    assert client.get(reverse("imports:upload", args=["monthly"])).status_code == 200
    upload(client, workbook(tmp_path / "3月.xlsx", messy_rows(zone)))
    job = ImportJob.objects.get()
    assert job.status == "previewed" and not MonthlyReport.objects.exists()
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "2024年3月" in page and "千元（单位行）" in page and "人（默认）" in page
    assert '<div class="zo-stat-value" id="count-created">3</div>' in page
    assert "西宁丙化工有限公司" in page

    client.post(reverse("imports:commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "committed"
    assert stored(zone.enterprise_x)["output_value"]["month_value"] == Decimal("1234500")


def test_refused_upload_offers_the_error_report(zone, login, tmp_path, import_root):
    rows = messy_rows(zone, x={"output": (1234.5, "12,3a4", 3000, "")})
    client = login(zone.econ)
    upload(client, workbook(tmp_path / "坏.xlsx", rows))
    job = ImportJob.objects.get()
    assert job.status == "refused"
    report = client.get(reverse("imports:errors", args=[job.pk]))
    assert report.status_code == 200
    assert report["Content-Type"].startswith("application/vnd.openxmlformats")


def test_who_may_import_monthly_figures(zone, login):
    url = reverse("imports:upload", args=["monthly"])
    assert login(zone.park_a_officer).get(url).status_code == 200
    assert login(zone.admin).get(url).status_code == 200
    assert login(zone.ent_x_user).get(url).status_code == 404
    assert login(zone.leader).get(url).status_code == 404


# --- the ledger export re-imports -------------------------------------------------------------


def test_ledger_export_reimports_unchanged(zone, tmp_path):
    x, y = zone.enterprise_x, zone.enterprise_y
    # Figures that 万元 with two decimals shows exactly (the export's display unit).
    approved_report(
        x,
        2024,
        3,
        output_value=(1234500, 3456700, 3000000),
        revenue=(None, 500, 1),
        total_assets=(None, 98765400, 87654300),
    )
    approved_report(y, 2024, 3, output_value=(100, 200, 300), electricity=(12300, 45600, 40000))
    period = ReportingPeriod.objects.get()
    indicators = ledger.choose_indicators(
        ["output_value,electricity,total_assets"], report_figures.indicator_map().values()
    )
    f = ledger.LedgerFilter(period=period, indicators=indicators)
    reports = ledger.ledger_reports(user=zone.admin, f=f)
    content = ledger_xlsx.xlsx_ledger_bytes(
        ledger_xlsx.ledger_title(period, "西宁经济技术开发区"),
        ledger_xlsx.ledger_units(f.indicators),
        ledger_xlsx.ledger_groups(f.indicators),
        ledger_xlsx.ledger_sheet_rows(
            ledger.ledger_totals(reports=reports, f=f), ledger.ledger_rows(reports, f)
        ),
    )
    path = tmp_path / "台账.xlsx"
    path.write_bytes(content)
    changes = ChangeRecord.objects.count()

    result = run(MonthlySpec(), path, actor=zone.econ, dry_run=False)

    assert result.ok, [p.text() for p in result.problems]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert result.details["period"] == "2024-03" and result.details["skipped_totals"] == 1
    assert ChangeRecord.objects.count() == changes


def test_period_chosen_on_the_upload_page_is_used_for_preview_and_commit(
    zone, login, tmp_path, import_root
):
    client = login(zone.econ)
    path = workbook(tmp_path / "无标题.xlsx", messy_rows(zone), title=None)
    with path.open("rb") as handle:
        client.post(
            reverse("imports:upload", args=["monthly"]), {"file": handle, "period": "2024-04"}
        )
    job = ImportJob.objects.get()
    assert job.status == "previewed" and job.options == {"period": "2024-04"}
    client.post(reverse("imports:commit", args=[job.pk]))
    assert ReportingPeriod.objects.get().key == "2024-04"
    assert MonthlyReport.objects.count() == 3


def test_period_field_refuses_a_bad_value(zone, login, tmp_path, import_root):
    client = login(zone.econ)
    path = workbook(tmp_path / "无标题.xlsx", messy_rows(zone), title=None)
    with path.open("rb") as handle:
        page = client.post(
            reverse("imports:upload", args=["monthly"]), {"file": handle, "period": "3月"}
        )
    assert "报告期应为 YYYY-MM" in page.content.decode()
    assert not ImportJob.objects.exists()
