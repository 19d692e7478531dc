"""The shared import engine, on its own: reading, finding headers, parsing cells, reporting
problems, all-or-nothing writes and progress. The enterprise and industry imports built on it
are tested in zoneops/enterprises/tests/test_imports.py."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from zoneops.core.imports import cells
from zoneops.core.imports.engine import CREATE, UNCHANGED, Column, Plan, Row, Spec, find_table, run
from zoneops.core.imports.problems import ImportRefused, Problem, column_label, column_letter
from zoneops.core.imports.reader import read_workbook
from zoneops.core.imports.registry import all_kinds, get_kind, kinds_for
from zoneops.core.imports.report import problems_xlsx
from zoneops.core.models import ChangeRecord


def xlsx(rows: Sequence[Any], *, sheet: str = "数据", start: tuple[int, int] = (0, 0)) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet(sheet)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value is not None:
                ws.write(start[0] + r, start[1] + c, value)
    book.close()
    return buffer.getvalue()


class FruitSpec(Spec):
    """A toy import: fruit by name with a whole-number count; writes go to ChangeRecord so the
    test can see whether the transaction kept or dropped them."""

    kind = "fruit"
    unique_key = "name"
    columns: tuple[Column, ...] = (
        Column("名称", "name", aliases=("水果",)),
        Column("数量", "count", parse=cells.decimal),
        Column("备注", "note", required=False),
    )

    def __init__(self, fail_on: str = "") -> None:
        self.fail_on = fail_on

    def plan_row(self, row: Row, context: Any) -> list[Plan]:
        count = row.values.get("count")
        if row.has("count") and count is not None and count != count.to_integral_value():
            row.bad("count", "应为整数")
        if not row.values.get("name") and row.has("name"):
            row.bad("name", "不能为空")
        if row.problems:
            return []
        action = UNCHANGED if row.values["name"] == "旧" else CREATE
        return [Plan(row.number, action, row.values["name"], row.values["name"], dict(row.values))]

    def write(self, plan: Plan, actor: Any, context: Any) -> None:
        if plan.key == self.fail_on:
            from django.core.exceptions import ValidationError

            raise ValidationError("写入时发现冲突")
        ChangeRecord.objects.create(
            action="create", model="test.fruit", object_id=plan.key, object_repr=plan.key
        )


# --- problems -------------------------------------------------------------------------------


def test_column_letters_follow_the_spreadsheet():
    assert [column_letter(i) for i in (0, 2, 25, 26, 27, 51, 52, 701, 702)] == [
        "A",
        "C",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]
    assert column_label(2, "园区") == "C列（园区）"


@given(st.integers(min_value=0, max_value=20_000))
def test_column_letters_read_back_to_their_index(index):
    letters = column_letter(index)
    value = 0
    for char in letters:
        value = value * 26 + ord(char) - 64
    assert value - 1 == index


def test_problem_names_file_sheet_row_and_column():
    problem = Problem(
        "企业.xlsx",
        "Sheet1",
        5,
        "C列（园区）",
        "园区“北川工业园”不存在，应为：东川工业园、南川工业园",
    )
    assert (
        problem.text() == "第5行 C列（园区）：园区“北川工业园”不存在，应为：东川工业园、南川工业园"
    )
    assert (
        problem.line() == "企业.xlsx · Sheet1 · 第5行 · C列（园区） · "
        "园区“北川工业园”不存在，应为：东川工业园、南川工业园"
    )
    assert Problem.from_dict(problem.as_dict()) == problem


# --- reading --------------------------------------------------------------------------------


def test_xlsx_rows_keep_their_spreadsheet_positions(tmp_path):
    # Data starting at B3: row and column numbers must still be the ones the user sees.
    path = tmp_path / "a.xlsx"
    path.write_bytes(xlsx([["名称", "数量"], ["苹果", 3]], start=(2, 1)))
    sheet = read_workbook(path)[0]
    assert sheet.name == "数据"
    assert sheet.rows[2][1:] == ["名称", "数量"]
    assert sheet.rows[3][1:] == ["苹果", 3.0]
    assert read_workbook(path.read_bytes(), "a.xlsx")[0].rows == sheet.rows


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_is_read_in_utf8_and_gbk(encoding):
    data = "名称,数量\n苹果,3\n猕猴桃,5\n".encode(encoding)
    rows = read_workbook(data, "水果.csv")[0].rows
    assert rows == [["名称", "数量"], ["苹果", "3"], ["猕猴桃", "5"]]


def test_unknown_file_type_is_refused_with_a_clear_message():
    with pytest.raises(ImportRefused, match=r"\.docx"):
        read_workbook(b"x", "名单.docx")


def test_damaged_workbook_is_refused():
    with pytest.raises(ImportRefused, match="无法读取"):
        read_workbook(b"not a workbook", "a.xlsx")


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ImportRefused, match="无法打开"):
        read_workbook(tmp_path / "none.xlsx")


# --- headers --------------------------------------------------------------------------------


def test_header_row_is_found_below_title_rows_and_columns_by_name():
    rows = [["2024年水果台账"], [], ["备注", "数 量", "*水果"], ["甜", 3, "苹果"]]
    table = find_table(read_workbook(xlsx(rows), "a.xlsx"), FruitSpec(), "a.xlsx")
    assert table.header_row == 2
    assert table.positions == {"note": 0, "count": 1, "name": 2}
    # Messages name a column as the file heads it, marker and all.
    assert table.label("name") == "C列（*水果）"


def test_header_with_line_break_matches():
    rows = [["名\n称", "数量（个）"], ["苹果", 1]]
    spec = FruitSpec()
    spec.columns = (Column("名称", "name"), Column("数量(个)", "count"))
    table = find_table(read_workbook(xlsx(rows), "a.xlsx"), spec, "a.xlsx")
    assert table.positions == {"name": 0, "count": 1}


def test_missing_required_column_is_named():
    rows = [["名称", "备注"], ["苹果", ""]]
    with pytest.raises(ImportRefused, match="缺少必需的列：数量"):
        find_table(read_workbook(xlsx(rows), "a.xlsx"), FruitSpec(), "a.xlsx")


def test_file_without_any_known_header_is_refused():
    result = run(
        FruitSpec(), xlsx([["甲", "乙"], [1, 2]]), actor=None, dry_run=True, filename="a.xlsx"
    )
    assert not result.ok
    assert "缺少必需的列" in result.problems[0].message
    assert result.problems[0].row == 0


# --- running --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_problem_in_every_row_is_reported_and_nothing_written():
    rows = [["名称", "数量"], ["苹果", 1], ["", 2], ["梨", "三"], ["苹果", 1.5], ["桃", 4]]
    result = run(FruitSpec(), xlsx(rows), actor=None, dry_run=False, filename="水果.xlsx")
    assert [(p.row, p.column) for p in result.problems] == [
        (3, "A列（名称）"),
        (4, "B列（数量）"),
        (5, "A列（名称）"),
        (5, "B列（数量）"),
    ]
    assert "应为数字" in result.problems[1].message
    assert "与第2行重复" in result.problems[2].message
    assert result.problems[0].file == "水果.xlsx" and result.problems[0].sheet == "数据"
    assert not result.written
    assert ChangeRecord.objects.count() == 0


@pytest.mark.django_db
def test_good_file_is_written_in_one_go_and_unchanged_rows_are_skipped():
    rows = [["名称", "数量"], ["苹果", 1], ["旧", 2], ["桃", 4]]
    result = run(FruitSpec(), xlsx(rows), actor=None, dry_run=False, filename="a.xlsx")
    assert result.ok and result.written
    assert (result.created, result.updated, result.unchanged) == (2, 0, 1)
    assert sorted(ChangeRecord.objects.values_list("object_id", flat=True)) == ["桃", "苹果"]


@pytest.mark.django_db
def test_dry_run_writes_nothing():
    result = run(
        FruitSpec(),
        xlsx([["名称", "数量"], ["苹果", 1]]),
        actor=None,
        dry_run=True,
        filename="a.xlsx",
    )
    assert result.ok and not result.written and result.created == 1
    assert ChangeRecord.objects.count() == 0


@pytest.mark.django_db
def test_a_failed_write_rolls_back_the_rows_already_written():
    rows = [["名称", "数量"], ["苹果", 1], ["梨", 2], ["桃", 3]]
    result = run(FruitSpec(fail_on="桃"), xlsx(rows), actor=None, dry_run=False, filename="a.xlsx")
    assert not result.written
    assert [(p.row, p.message) for p in result.problems] == [(4, "写入时发现冲突")]
    assert ChangeRecord.objects.count() == 0


@pytest.mark.django_db
def test_progress_is_reported_every_hundred_rows():
    rows = [["名称", "数量"]] + [[f"果{i}", i] for i in range(250)]
    calls: list[tuple[int, int]] = []
    run(
        FruitSpec(),
        xlsx(rows),
        actor=None,
        dry_run=False,
        filename="a.xlsx",
        progress=lambda d, t: calls.append((d, t)),
    )
    assert calls[:3] == [(100, 500), (200, 500), (250, 500)]
    assert calls[-1] == (500, 500)
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(calls))


def test_error_report_lists_every_problem():
    problems = [
        Problem("a.xlsx", "S", 3, "A列（名称）", "不能为空"),
        Problem("a.xlsx", "", 0, "", "文件损坏"),
    ]
    book = CalamineWorkbook.from_filelike(io.BytesIO(problems_xlsx(problems, title="问题")))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[1] == ["文件", "工作表", "行", "列", "问题说明"]
    assert rows[2] == ["a.xlsx", "S", 3.0, "A列（名称）", "不能为空"]
    assert rows[3][4] == "文件损坏"


@pytest.mark.django_db
def test_registry_offers_each_kind_to_the_roles_allowed(world):
    assert {k.key for k in all_kinds()} >= {"enterprises", "industries"}
    # Other apps register their own kinds; these two belong to the registry.
    officer_kinds = {k.key for k in kinds_for(world.park_a_officer)}
    assert "enterprises" in officer_kinds and "industries" not in officer_kinds
    assert {k.key for k in kinds_for(world.admin)} >= {"enterprises", "industries"}
    assert not {"enterprises", "industries"} & {k.key for k in kinds_for(world.ent_x_user)}
    assert get_kind("no-such-kind") is None


# --- cells ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("是", True),
        ("否", False),
        ("Y", True),
        ("n", False),
        (1, True),
        (0.0, False),
        ("规上", True),
        ("规下", False),
        (True, True),
        ("TRUE", True),
        (" 是 ", True),
        ("", None),
        (None, None),
    ],
)
def test_yes_no_accepts_the_ways_people_write_it(value, expected):
    assert cells.yes_no(value) is expected


def test_yes_no_says_what_it_expects():
    with pytest.raises(cells.CellError, match="应为“是”或“否”"):
        cells.yes_no("也许")


@given(st.integers(min_value=0, max_value=9999), st.sampled_from([2, 3, 4]), st.booleans())
def test_codes_get_their_leading_zeros_back(number, width, as_float):
    if len(str(number)) > width:
        with pytest.raises(cells.CellError):
            cells.digits(number, width)
        return
    value: Any = float(number) if as_float else number
    assert cells.digits(value, width) == str(number).zfill(width)
    assert cells.digits(str(number).zfill(width), width) == str(number).zfill(width)


@given(st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_dates_read_in_every_written_form(day):
    for shown in (
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        day.strftime("%Y%m%d"),
    ):
        assert cells.date(shown) == day
    assert cells.date(dt.datetime(day.year, day.month, day.day, 8, 30)) == day
    assert cells.date((day - dt.date(1899, 12, 30)).days) == day


def test_impossible_date_is_refused():
    with pytest.raises(cells.CellError, match="应为日期"):
        cells.date("2021-02-30")


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_whole_numbers_read_as_text_without_decimal_point(number):
    assert cells.text(float(number)) == str(number)
    assert cells.decimal(str(number)) == Decimal(number)


@given(
    st.lists(st.text(alphabet="高新技术企业专精特新龙头", min_size=1, max_size=6), max_size=5),
    st.sampled_from(["、", ",", "，", "；"]),
)
def test_names_split_on_chinese_and_western_separators(parts, separator):
    assert cells.names(separator.join(parts)) == parts


def test_blank_cells_parse_to_nothing():
    for blank in (None, "", " ", "\u3000", "\n"):
        assert cells.text(blank) is None
        assert cells.date(blank) is None
        assert cells.names(blank) == []
    assert cells.code(" 9163 0100 ") == "91630100"


def test_path_sources_name_the_file(tmp_path):
    path = Path(tmp_path) / "清单.csv"
    path.write_text("名称,数量\n苹果,x\n", encoding="utf-8")
    result = run(FruitSpec(), path, actor=None, dry_run=True)
    assert result.problems[0].file == "清单.csv"
    assert result.problems[0].sheet == "清单"


@given(
    st.text(min_size=1).filter(
        lambda s: s.strip(" \t\r\n\u3000\xa0") == s and not s.startswith("'")
    )
)
def test_text_the_export_neutralised_reads_back_as_typed(value):
    from zoneops.core.exports import safe_cell

    assert cells.text(safe_cell(value)) == value
