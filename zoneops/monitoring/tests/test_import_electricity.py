"""The grid company's electricity ledger (kind ``electricity``): accounts mapped to enterprises
and summed, the year to date built on the previous report, figures an enterprise reported never
overwritten, all or nothing, and idempotent."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError

from zoneops.core.imports import run
from zoneops.core.models import ChangeRecord
from zoneops.enterprises.codes import credit_code
from zoneops.monitoring.models import (
    ElectricityAccount,
    MonthlyReport,
    ReportingPeriod,
    ReportStatus,
    ReportValue,
)
from zoneops.monitoring.periods import period_get_or_create
from zoneops.monitoring.reports import services
from zoneops.monitoring.reports.importers import ElectricitySpec
from zoneops.monitoring.tests.factories import approved_report, figures

pytestmark = pytest.mark.django_db

TITLE = "国网西宁供电公司 开发区工业用户用电量台账（2024年3月）"
HEADER = ["序号", "户号", "户名", "用电量（千瓦时）"]


@pytest.fixture
def grid(world):
    """X has two accounts, Y one."""
    for number, enterprise in (
        ("6300001001", world.enterprise_x),
        ("6300001002", world.enterprise_x),
        ("6300002001", world.enterprise_y),
    ):
        ElectricityAccount.objects.create(account_number=number, enterprise=enterprise)
    return world


def ledger(
    path: Path,
    rows: list[list[Any]],
    *,
    title: str | None = TITLE,
    header: list[str] = HEADER,
    units: str | None = None,
) -> Path:
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("用电量")
    text = book.add_format({"num_format": "@"})
    r = 0
    for line in (title, units):
        if line is not None:
            ws.merge_range(r, 0, r, len(header) - 1, line)
            r += 1
    ws.write_row(r, 0, header)
    for values in rows:
        r += 1
        for c, value in enumerate(values):
            if isinstance(value, str) and value.isdigit():
                ws.write_string(r, c, value, text)  # account numbers kept as text
            elif value not in (None, ""):
                ws.write(r, c, value)
    book.close()
    return path


def good_rows() -> list[list[Any]]:
    return [
        [1, "6300001001", "甲锂业一车间", 120000],
        [2, "6300001002", "甲锂业二车间", 3456.5],
        [3, "6300002001", "乙光伏", 80000],
        ["合计", "", "", 203456.5],
    ]


def electricity(enterprise: Any, month: int = 3) -> dict[str, Any]:
    value = ReportValue.objects.filter(
        report__enterprise=enterprise, report__period__month=month, indicator__code="electricity"
    ).first()
    if value is None:
        return {}
    return {
        f: getattr(value, f)
        for f in ("month_value", "ytd_value", "last_ytd_value")
        if getattr(value, f) is not None
    }


def test_ledger_maps_accounts_sums_them_and_builds_the_year_to_date(grid, tmp_path):
    x, y = grid.enterprise_x, grid.enterprise_y
    services.report_save(
        actor=None,
        enterprise=x,
        period=period_get_or_create(2024, 2),
        figures=figures(electricity=(100000, 250000, None)),
        check=False,
    )
    out = io.StringIO()
    call_command("import_electricity", str(ledger(tmp_path / "电网.xlsx", good_rows())), stdout=out)
    # X: two accounts summed; year to date = February's 250 000 + March's 123 456.5 kWh.
    assert electricity(x) == {"month_value": Decimal("123456.5"), "ytd_value": Decimal("373456.5")}
    # Y: no previous report, so only the month.
    assert electricity(y) == {"month_value": Decimal("80000")}
    report = MonthlyReport.objects.get(enterprise=x, period__month=3)
    assert (report.status, report.source) == (ReportStatus.DRAFT, "import")
    text = out.getvalue()
    assert "导入完成" in text and "新增 3" in text
    assert "报告期：2024年3月 · 用电量单位：千瓦时（表头） · 企业：2 · 合计行（跳过）：1" in text


def test_importing_the_ledger_again_changes_nothing(grid, tmp_path):
    path = ledger(tmp_path / "a.xlsx", good_rows())
    run(ElectricitySpec(), path, actor=None, dry_run=False)
    changes = ChangeRecord.objects.count()
    again = run(ElectricitySpec(), path, actor=None, dry_run=False)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert ChangeRecord.objects.count() == changes


def test_unknown_account_is_named_and_nothing_is_written(grid, tmp_path):
    rows = [*good_rows()[:3], [4, "6300009999", "不明用户", 5000]]
    path = ledger(tmp_path / "a.xlsx", rows)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_electricity", str(path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        "a.xlsx · 用电量 · 第6行 · B列（户号） · 户号“6300009999”未对应任何企业："
        "请先维护用电户号，或在文件中加一列“统一社会信用代码”"
    ]
    assert not MonthlyReport.objects.exists() and not ChangeRecord.objects.exists()


def test_credit_code_in_the_file_creates_the_mapping_with_history(grid, tmp_path):
    x = grid.enterprise_x
    header = [*HEADER, "统一社会信用代码"]
    rows = [
        [1, "6300001001", "", 1000, ""],
        [2, "6300003003", "甲锂业新厂", 500, x.credit_code],
        [3, "6300003004", "", 1, credit_code(424242)],
    ]
    path = ledger(tmp_path / "a.xlsx", rows, header=header)
    refused = run(ElectricitySpec(), path, actor=None, dry_run=False)
    assert [(p.row, p.column) for p in refused.problems] == [(5, "E列（统一社会信用代码）")]
    assert "不在企业库中（不会自动新建）" in refused.problems[0].message
    assert not ElectricityAccount.objects.filter(account_number="6300003003").exists()

    path = ledger(tmp_path / "b.xlsx", rows[:2], header=header)
    result = run(ElectricitySpec(), path, actor=grid.park_a_officer, dry_run=False)
    assert result.written and result.details["new_accounts"] == 1
    assert ElectricityAccount.objects.get(account_number="6300003003").enterprise == x
    history = ChangeRecord.objects.get(model="monitoring.electricityaccount")
    assert (history.action, history.actor) == ("create", grid.park_a_officer)
    assert electricity(x) == {"month_value": Decimal("1500")}


def test_a_code_contradicting_the_mapping_is_a_problem(grid, tmp_path):
    header = [*HEADER, "统一社会信用代码"]
    rows = [[1, "6300001001", "", 1000, grid.enterprise_y.credit_code]]
    result = run(
        ElectricitySpec(),
        ledger(tmp_path / "a.xlsx", rows, header=header),
        actor=None,
        dry_run=False,
    )
    assert [(p.row, p.column) for p in result.problems] == [(3, "E列（统一社会信用代码）")]
    assert "与文件中的代码不一致" in result.problems[0].message


def test_figures_the_enterprise_reported_are_not_overwritten(grid, tmp_path):
    x, y = grid.enterprise_x, grid.enterprise_y
    period = period_get_or_create(2024, 3)
    for enterprise, kwh in ((x, 123456.5), (y, 90000)):
        services.report_save(
            actor=None,
            enterprise=enterprise,
            period=period,
            figures=figures(electricity=(kwh, None, None), output_value=(1, 1, None)),
            submit=True,
            check=False,
        )
    changes = ChangeRecord.objects.count()
    result = run(
        ElectricitySpec(), ledger(tmp_path / "a.xlsx", good_rows()), actor=None, dry_run=False
    )
    assert [(p.row, p.column, p.message) for p in result.problems] == [
        (
            5,
            "D列（用电量（千瓦时））",
            "企业“青海乙光伏有限公司”已报送用电量（本月）90000千瓦时，"
            "与电网数据80000千瓦时（第5行合计）不一致",
        )
    ]
    assert ChangeRecord.objects.count() == changes
    # X alone agrees with what it reported: nothing to write, and its report stays submitted.
    result = run(
        ElectricitySpec(), ledger(tmp_path / "b.xlsx", good_rows()[:2]), actor=None, dry_run=False
    )
    assert result.ok and result.unchanged == 2
    assert ChangeRecord.objects.count() == changes
    assert MonthlyReport.objects.get(enterprise=x).status == ReportStatus.SUBMITTED


def test_approved_report_without_electricity_is_locked(grid, tmp_path):
    approved_report(grid.enterprise_y, 2024, 3, output_value=(1, 1, None))
    result = run(
        ElectricitySpec(), ledger(tmp_path / "a.xlsx", good_rows()), actor=None, dry_run=False
    )
    assert [p.row for p in result.problems] == [5]
    assert result.problems[0].message.startswith("已审核锁定")


def test_the_unit_must_be_written_and_a_units_row_counts(grid, tmp_path):
    header = ["序号", "户号", "户名", "用电量"]
    refused = run(
        ElectricitySpec(),
        ledger(tmp_path / "a.xlsx", good_rows(), header=header),
        actor=None,
        dry_run=False,
    )
    assert [(p.row, p.column) for p in refused.problems] == [(2, "D列（用电量）")]
    assert "未写明用电量的单位" in refused.problems[0].message

    path = ledger(tmp_path / "b.xlsx", good_rows(), header=header, units="单位：万千瓦时")
    result = run(ElectricitySpec(), path, actor=None, dry_run=False)
    assert result.written
    assert electricity(grid.enterprise_y) == {"month_value": Decimal("800000000")}


def test_january_year_to_date_is_the_month(grid, tmp_path):
    path = ledger(tmp_path / "a.xlsx", good_rows(), title="用电量台账 2024年1月")
    run(ElectricitySpec(), path, actor=None, dry_run=False)
    assert electricity(grid.enterprise_y, month=1) == {
        "month_value": Decimal("80000"),
        "ytd_value": Decimal("80000"),
    }


def test_period_option_and_dry_run(grid, tmp_path):
    path = ledger(tmp_path / "a.xlsx", good_rows(), title=None)
    out = io.StringIO()
    call_command("import_electricity", str(path), "--period", "2024-05", "--dry-run", stdout=out)
    assert "检查通过（试运行，未写入）" in out.getvalue()
    assert not ReportingPeriod.objects.exists() and not MonthlyReport.objects.exists()
    call_command("import_electricity", str(path), "--period", "2024-05", stdout=io.StringIO())
    assert ReportingPeriod.objects.get().key == "2024-05"


def test_park_officer_gets_a_problem_for_another_parks_account(grid, tmp_path):
    result = run(
        ElectricitySpec(),
        ledger(tmp_path / "a.xlsx", good_rows()),
        actor=grid.park_a_officer,
        dry_run=False,
    )
    # Whose account it is stays unsaid: not the enterprise's name, not its park.
    assert [(p.row, p.column) for p in result.problems] == [(5, "B列（户号）")]
    message = result.problems[0].message
    assert message.endswith("”不属于您可报送的企业")
    assert "青海乙光伏" not in message and "南川" not in message
    assert not MonthlyReport.objects.exists()
