"""The monthly import (kind ``monthly``): the messy ledgers staff keep — a merged title naming
the period, a units row, a two-row merged header, park subtotals, a total row, blank rows —
read to exact stored values, all or nothing, and idempotent."""

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
from zoneops.enterprises.tests.factories import EnterpriseFactory
from zoneops.monitoring.models import MonthlyReport, ReportingPeriod, ReportStatus, ReportValue
from zoneops.monitoring.periods import period_get_or_create
from zoneops.monitoring.reports import services as report_services
from zoneops.monitoring.reports.importers import MonthlySpec
from zoneops.monitoring.tests.factories import approved_report, figures

pytestmark = pytest.mark.django_db

TITLE = "西宁经济技术开发区规模以上工业企业主要经济指标（2024年3月）"
UNITS = "单位：千元、万千瓦时"
# The two header rows: (upper, [lower …]); an empty lower list spans both rows.
HEADER: list[tuple[str, list[str]]] = [
    ("序号", []),
    ("统一社会信用代码", []),
    ("企业名称", []),
    ("工业总产值（当年价格）", ["本月", "1—本月累计", "上年同期累计", "同比增长%"]),
    ("企业用电量", ["本月", "1—本月累计"]),
    ("营业收入（万元）", ["1—3月", "上年同期"]),
    ("平均用工人数", []),
]
# Column letters of the figures, as the header above lays them out.
COLS = {
    "output.month": "D",
    "output.ytd": "E",
    "output.last": "F",
    "power.month": "H",
    "power.ytd": "I",
    "revenue.ytd": "J",
    "revenue.last": "K",
    "people": "L",
}


@pytest.fixture
def zone(world):
    """X (park A, by credit code), Z (park A, by name only), Y (park B)."""
    world.enterprise_z = EnterpriseFactory(name="西宁丙化工有限公司", park=world.park_a)
    return world


def enterprise_row(number: Any, enterprise: Any, *, by_name: bool = False, **over: Any) -> list:
    values = {
        "output": (1234.5, 3456.78, 3000, 15.2),
        "power": (12.3456, 35.1),
        "revenue": (345.67, 300),
        "people": 123,
    } | over
    return [
        number,
        "" if by_name else enterprise.credit_code,
        enterprise.name,
        *values["output"],
        *values["power"],
        *values["revenue"],
        values["people"],
    ]


def messy_rows(zone: Any, **over: Any) -> list[list[Any]]:
    """合计 first, X by code, Z by name, 东川工业园小计, blank, Y, 南川工业园小计, blank, a note."""
    x, y, z = zone.enterprise_x, zone.enterprise_y, zone.enterprise_z
    return [
        ["", "", "合计", 3703.5, 10370.34, 9000, "", 37.04, 105.3, 1037.01, 900, 369],
        enterprise_row(1, x, **over.get("x", {})),
        enterprise_row(2, z, by_name=True, output=(1000, "2000", "—", ""), power=("", "")),
        ["", "", "东川工业园小计", 2234.5, 5456.78, 3000, "", 12.35, 35.1, 691.34, 600, 246],
        [],
        enterprise_row(3, y, **over.get("y", {})),
        ["南川工业园小计", "", "", 1234.5, 3456.78, 3000, "", 12.35, 35.1, 345.67, 300, 123],
        [],
        ["填表人：张三    审核人：李四"],
    ]


def workbook(
    path: Path,
    rows: list[list[Any]],
    *,
    title: str | None = TITLE,
    units: str | None = UNITS,
    header: list[tuple[str, list[str]]] = HEADER,
) -> Path:
    """A ledger as staff keep it: merged title and units rows, a two-row merged header."""
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("3月")
    bold = book.add_format({"bold": True, "align": "center", "border": 1})
    width = sum(max(1, len(subs)) for _label, subs in header)
    top = 0
    for line in (title, units):
        if line is not None:
            ws.merge_range(top, 0, top, width - 1, line, bold)
            top += 1
    col = 0
    for label, subs in header:
        if not subs:
            ws.merge_range(top, col, top + 1, col, label, bold)
            col += 1
            continue
        ws.merge_range(top, col, top, col + len(subs) - 1, label, bold)
        for offset, sub in enumerate(subs):
            ws.write_string(top + 1, col + offset, sub, bold)
        col += len(subs)
    for r, values in enumerate(rows, start=top + 2):
        for c, value in enumerate(values):
            if value not in (None, ""):
                ws.write(r, c, value)
    book.close()
    return path


def stored(enterprise: Any, year: int = 2024, month: int = 3) -> dict[str, dict[str, Any]]:
    values = ReportValue.objects.filter(
        report__enterprise=enterprise, report__period__year=year, report__period__month=month
    ).select_related("indicator")
    return {
        v.indicator.code: {
            f: getattr(v, f)
            for f in ("month_value", "ytd_value", "last_ytd_value", "last_month_value")
            if getattr(v, f) is not None
        }
        for v in values
    }


def import_monthly(path: Path, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_monthly", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_messy_workbook_imports_exact_stored_values(zone, tmp_path):
    path = workbook(tmp_path / "3月台账.xlsx", messy_rows(zone))
    out, _err = import_monthly(path)

    assert stored(zone.enterprise_x) == {
        # 千元 × 1000 = 元; 万千瓦时 × 10000 = kWh; 营业收入 in 万元 by its header; 人.
        "output_value": {
            "month_value": Decimal("1234500"),
            "ytd_value": Decimal("3456780"),
            "last_ytd_value": Decimal("3000000"),
        },
        "electricity": {"month_value": Decimal("123456"), "ytd_value": Decimal("351000")},
        "revenue": {"ytd_value": Decimal("3456700"), "last_ytd_value": Decimal("3000000")},
        "employees_avg": {"ytd_value": Decimal("123")},
    }
    # Z was matched by its exact name; "—" and blank cells are no figure.
    assert stored(zone.enterprise_z)["output_value"] == {
        "month_value": Decimal("1000000"),
        "ytd_value": Decimal("2000000"),
    }
    assert "electricity" not in stored(zone.enterprise_z)
    assert stored(zone.enterprise_y)["output_value"]["ytd_value"] == Decimal("3456780")
    # Totals, subtotals, blank rows and the note wrote nothing: three reports, all submitted.
    reports = MonthlyReport.objects.select_related("period")
    assert reports.count() == 3
    assert {(r.status, r.source, r.period.key) for r in reports} == {
        (ReportStatus.SUBMITTED, "import", "2024-03")
    }
    assert "导入完成" in out and "新增 3" in out
    assert "报告期：2024年3月" in out
    assert "金额单位：千元（单位行）、万元（表头）" in out
    assert "用电量单位：万千瓦时（单位行）" in out and "人数单位：人（默认）" in out
    assert "合计/小计行（跳过）：3" in out


def test_importing_it_again_changes_nothing(zone, tmp_path):
    path = workbook(tmp_path / "a.xlsx", messy_rows(zone))
    import_monthly(path)
    changes = ChangeRecord.objects.count()
    values = sorted(ReportValue.objects.values_list("pk", "month_value", "ytd_value"))

    result = run(MonthlySpec(), path, actor=zone.econ, dry_run=False)

    assert result.ok and (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert ChangeRecord.objects.count() == changes
    assert sorted(ReportValue.objects.values_list("pk", "month_value", "ytd_value")) == values


def test_bad_number_and_unknown_enterprise_are_named_and_nothing_is_written(zone, tmp_path):
    rows = messy_rows(zone, x={"output": (1234.5, "12,3a4", 3000, "")})
    rows.insert(2, [9, "", "青海不存在科技有限公司", 10, 20, 30, "", 1, 2, 3, 4, 5])
    path = workbook(tmp_path / "坏.xlsx", rows)

    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_monthly", str(path), stdout=io.StringIO(), stderr=err)

    assert refused.value.returncode == 1
    lines = err.getvalue().splitlines()
    assert lines == [
        "坏.xlsx · 3月 · 第6行 · E列（工业总产值（当年价格）·1—本月累计） · "
        "应为数字，单位千元，而不是“12,3a4”",
        "坏.xlsx · 3月 · 第7行 · C列（企业名称） · 企业“青海不存在科技有限公司”不在企业库中"
        "（不会自动新建）",
    ]
    assert not MonthlyReport.objects.exists() and not ReportValue.objects.exists()
    assert not ChangeRecord.objects.exists() and not ReportingPeriod.objects.exists()


def test_dry_run_writes_nothing(zone, tmp_path):
    path = workbook(tmp_path / "a.xlsx", messy_rows(zone))
    out, _err = import_monthly(path, "--dry-run")
    assert "检查通过（试运行，未写入）" in out and "新增 3" in out
    assert not MonthlyReport.objects.exists() and not ReportingPeriod.objects.exists()
    assert not ChangeRecord.objects.exists()


def test_january_and_february_together_make_a_combined_period(zone, tmp_path):
    title = "开发区规上工业企业主要指标（2024年1—2月）"
    path = workbook(tmp_path / "a.xlsx", messy_rows(zone), title=title)
    import_monthly(path)
    period = ReportingPeriod.objects.get()
    assert (period.year, period.month, period.combined_with_january) == (2024, 2, True)
    assert str(period) == "2024年1—2月"
    assert stored(zone.enterprise_x, 2024, 2)["output_value"]["month_value"] == Decimal("1234500")
    assert not ReportingPeriod.objects.filter(month=1).exists()


def test_period_option_without_a_title(zone, tmp_path):
    path = workbook(tmp_path / "a.xlsx", messy_rows(zone), title=None)
    import_monthly(path, "--period", "2024-04")
    assert ReportingPeriod.objects.get().key == "2024-04"


def test_no_period_anywhere_is_a_problem_on_the_title(zone, tmp_path):
    path = workbook(tmp_path / "a.xlsx", messy_rows(zone), title="开发区规上工业企业主要指标")
    result = run(MonthlySpec(), path, actor=None, dry_run=False)
    assert [(p.row, p.column) for p in result.problems] == [(1, "A列（标题）")]
    assert "未指定报告期" in result.problems[0].message


def test_period_option_that_contradicts_the_title_is_refused(zone, tmp_path):
    path = workbook(tmp_path / "a.xlsx", messy_rows(zone))
    result = run(MonthlySpec(period="2024-04"), path, actor=None, dry_run=False)
    assert [p.message for p in result.problems] == [
        "标题中的报告期是2024年3月，与指定的报告期2024-04不一致"
    ]
    assert not MonthlyReport.objects.exists()


def test_units_default_to_the_forms_and_the_preview_says_so(zone, tmp_path):
    header = [*HEADER[:5], ("营业收入", ["1—3月", "上年同期"]), HEADER[6]]
    path = workbook(tmp_path / "a.xlsx", messy_rows(zone), units=None, header=header)
    result = run(MonthlySpec(), path, actor=None, dry_run=True)
    assert result.ok
    assert result.details["units"] == {
        "金额单位": "千元（默认）",
        "用电量单位": "万千瓦时（默认）",
        "人数单位": "人（默认）",
    }
    run(MonthlySpec(), path, actor=None, dry_run=False)
    assert stored(zone.enterprise_x)["revenue"]["ytd_value"] == Decimal("345670")


def test_park_officer_importing_a_row_of_another_park_gets_a_problem(zone, tmp_path):
    path = workbook(tmp_path / "a.xlsx", messy_rows(zone))
    result = run(MonthlySpec(), path, actor=zone.park_a_officer, dry_run=False)
    # Another park's enterprise is one the officer may not report for, and nothing more: not
    # its name, not its park (enterprises/matching.py).
    code = zone.enterprise_y.credit_code
    assert [(p.row, p.column, p.message) for p in result.problems] == [
        (10, "B列（统一社会信用代码）", f"统一社会信用代码“{code}”不在您可报送的企业之中")
    ]
    assert not MonthlyReport.objects.exists()


def test_a_wrong_code_never_hints_at_another_parks_enterprise(zone, tmp_path):
    # The row names park B's enterprise with a code the registry lacks: the system is told the
    # code the registry holds for that name; park A's officer is not.
    rows = [
        [c if c != zone.enterprise_y.credit_code else credit_code(77_777_777) for c in r]
        if zone.enterprise_y.name in r
        else r
        for r in messy_rows(zone)
    ]
    path = workbook(tmp_path / "a.xlsx", rows)
    officer = run(MonthlySpec(), path, actor=zone.park_a_officer, dry_run=True)
    system = run(MonthlySpec(), path, actor=None, dry_run=True)
    shown = " ".join(p.message for p in officer.problems)
    assert officer.problems and "不在您可报送的企业之中" in shown
    assert zone.enterprise_y.credit_code not in shown and "南川" not in shown
    assert zone.enterprise_y.credit_code in " ".join(p.message for p in system.problems)


def test_park_officer_imports_their_own_parks_rows(zone, tmp_path):
    rows = [r for r in messy_rows(zone) if zone.enterprise_y.name not in r]
    path = workbook(tmp_path / "a.xlsx", rows)
    result = run(MonthlySpec(), path, actor=zone.park_a_officer, dry_run=False)
    assert result.written and result.created == 2
    report = MonthlyReport.objects.get(enterprise=zone.enterprise_x)
    assert report.submitted_by == zone.park_a_officer
    assert ChangeRecord.objects.filter(actor=zone.park_a_officer).count() == 2


def test_approved_report_refuses_different_figures_and_keeps_equal_ones(zone, tmp_path):
    x = zone.enterprise_x
    approved_report(x, 2024, 3, output_value=(1234500, 3456780, 3000000))
    output_only = HEADER[:4]
    # The file agrees with the approved figures: the row changes nothing …
    path = workbook(tmp_path / "same.xlsx", [enterprise_row(1, x)[:7]], header=output_only)
    same = run(MonthlySpec(), path, actor=zone.econ, dry_run=False)
    assert same.ok and same.unchanged == 1
    # … a different figure is refused as locked.
    row = enterprise_row(1, x, output=(1234.5, 3456.79, 3000, ""))[:7]
    path = workbook(tmp_path / "other.xlsx", [row], header=output_only)
    other = run(MonthlySpec(), path, actor=zone.econ, dry_run=False)
    assert [(p.row, p.column) for p in other.problems] == [
        (5, "E列（工业总产值（当年价格）·1—本月累计）")
    ]
    assert other.problems[0].message.startswith("已审核锁定")
    assert stored(x)["output_value"]["ytd_value"] == Decimal("3456780")


def test_validation_errors_land_on_their_cells_and_warnings_do_not_block(zone, tmp_path):
    x, y = zone.enterprise_x, zone.enterprise_y
    report_services.report_save(
        actor=None,
        enterprise=x,
        period=period_get_or_create(2024, 2),
        figures=figures(output_value=(None, 5_000_000, None)),
        submit=True,
        check=False,
    )
    rows = [
        # X: 1—3月 3456.78 千元 is below February's 5000 千元: an error.
        enterprise_row(1, x),
        # Y: revenue twice last year's: a warning, listed, and the report still submitted.
        enterprise_row(2, y, revenue=(700, 300)),
    ]
    path = workbook(tmp_path / "a.xlsx", rows)
    refused = run(MonthlySpec(), path, actor=None, dry_run=False)
    assert [(p.row, p.column) for p in refused.problems] == [
        (5, "E列（工业总产值（当年价格）·1—本月累计）")
    ]
    assert "不能小于上月报送的累计数" in refused.problems[0].message

    path = workbook(tmp_path / "b.xlsx", rows[1:])
    result = run(MonthlySpec(), path, actor=None, dry_run=False)
    assert result.written
    assert any("与上年同期相比变动超过50%" in w for w in result.details["warnings"])
    report = MonthlyReport.objects.get(enterprise=y)
    assert (report.status, report.explanation) == (ReportStatus.SUBMITTED, "批量导入")


def test_same_enterprise_twice_and_ambiguous_names_are_problems(zone, tmp_path):
    EnterpriseFactory(name="重名有限公司", park=zone.park_a)
    twin = EnterpriseFactory(name="重名有限公司", park=zone.park_a)
    rows = [
        enterprise_row(1, zone.enterprise_x),
        enterprise_row(2, zone.enterprise_x, by_name=True),
        enterprise_row(3, twin, by_name=True),
    ]
    result = run(MonthlySpec(), workbook(tmp_path / "a.xlsx", rows), actor=None, dry_run=False)
    assert [(p.row, p.message) for p in result.problems] == [
        (6, "与第5行是同一家企业（青海甲锂业有限公司）"),
        (7, "企业库中有2家企业名为“重名有限公司”：请在文件中填写统一社会信用代码"),
    ]


def test_header_in_one_row_and_a_wrong_credit_code(zone, tmp_path):
    path = tmp_path / "flat.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Sheet1")
    ws.write_row(0, 0, ["2024年3月 企业用电量"])
    ws.write_row(1, 0, ["单位名称", "信用代码", "本月用电量（万千瓦时）", "用电量累计（万千瓦时）"])
    ws.write_row(2, 0, [zone.enterprise_x.name, zone.enterprise_x.credit_code, 1.5, 4.5])
    ws.write_row(3, 0, ["某公司", "91630100MA0000000X", 1, 2])
    book.close()
    result = run(MonthlySpec(), path, actor=None, dry_run=False)
    # The column is named as the file heads it.
    assert [(p.row, p.column) for p in result.problems] == [(4, "B列（信用代码）")]
    assert "校验位不正确" in result.problems[0].message


def test_header_only_without_figure_words_is_a_problem(zone, tmp_path):
    path = tmp_path / "flat.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Sheet1")
    ws.write_row(0, 0, ["2024年3月"])
    ws.write_row(1, 0, ["企业名称", "工业总产值", "备注"])
    ws.write_row(2, 0, [zone.enterprise_x.name, 100, ""])
    book.close()
    result = run(MonthlySpec(), path, actor=None, dry_run=False)
    assert [(p.row, p.column) for p in result.problems] == [(2, "B列（工业总产值）")]
    assert "没有写明是本月、1—本月累计还是上年同期累计" in result.problems[0].message


# --- the pages ----------------------------------------------------------------------------
