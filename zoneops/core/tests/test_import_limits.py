"""Files built to exhaust or kill the server are refused before the reader allocates anything,
and cells holding failed formulas are named instead of read as blank.

The hostile workbooks are built here, small: a 1.5 KB .xlsx with cells only in A1 and
XFD1048576 (calamine would allocate 512 GiB and abort), and a few-MB .xlsx whose sheet inflates
to 600 MB of XML. The import command runs them in a subprocess whose address space is capped at
1 GiB: it must answer with a clear refusal and exit normally, not be killed.
"""

from __future__ import annotations

import io
import os
import resource
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
import xlsxwriter
from django.test import override_settings

from zoneops.core.imports import cells
from zoneops.core.imports.engine import CREATE, Column, Plan, Row, Spec, run
from zoneops.core.imports.problems import ImportRefused
from zoneops.core.imports.reader import read_workbook

ROOT = Path(__file__).resolve().parents[3]
ADDRESS_SPACE = 1 << 30

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
    'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="企业" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_OPEN = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheetData>'
)
_SHEET_CLOSE = b"</sheetData></worksheet>"
_PARTS = {
    "[Content_Types].xml": _CT,
    "_rels/.rels": _RELS,
    "xl/workbook.xml": _WORKBOOK,
    "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
}
_HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>统一社会信用代码</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>企业名称</t></is></c></row>'
)


def handmade_xlsx(sheet_data: str) -> bytes:
    """A minimal workbook with one sheet named 企业 holding ``sheet_data`` (rows as XML)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        for name, part in _PARTS.items():
            book.writestr(name, part)
        book.writestr(
            "xl/worksheets/sheet1.xml",
            _SHEET_OPEN + sheet_data.encode() + _SHEET_CLOSE,
        )
    return buffer.getvalue()


def far_cell_xlsx() -> bytes:
    return handmade_xlsx(
        _HEADER + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    )


def expanding_xlsx(expanded: int) -> bytes:
    """A workbook whose one sheet inflates to about ``expanded`` bytes of identical rows.

    The deflate stream is assembled from one compressed block repeated (a full flush resets
    the compressor, so the same input compresses to the same bytes), and the zip is written by
    hand, so that building it costs a fraction of what inflating it costs.
    """
    block = b"<row>" + b"<c><v>1</v></c>" * 64 + b"</row>"
    block *= max(1, (1 << 20) // len(block))
    repeats = expanded // len(block)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(_SHEET_OPEN) + compressor.flush(zlib.Z_FULL_FLUSH)
    body = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert again == body  # the trick holds: one block, many times
    tail = compressor.compress(_SHEET_CLOSE) + compressor.flush()
    crc = zlib.crc32(_SHEET_OPEN)
    for _ in range(repeats):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(_SHEET_CLOSE, crc)
    packed = head + body * repeats + tail
    size = len(_SHEET_OPEN) + len(block) * repeats + len(_SHEET_CLOSE)

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        for name, part in _PARTS.items():
            book.writestr(name, part)
    # Append the big member by hand: local header, data, then a new central directory.
    existing = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    entries = existing.infolist()
    end_of_members = existing.start_dir
    data = bytearray(buffer.getvalue()[:end_of_members])
    name = b"xl/worksheets/sheet1.xml"
    offset = len(data)
    data += struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(packed), size, len(name), 0
    )
    data += name + packed
    directory = bytearray()
    for entry in entries:
        raw = entry.filename.encode()
        directory += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            8,
            0,
            0,
            entry.CRC,
            entry.compress_size,
            entry.file_size,
            len(raw),
            0,
            0,
            0,
            0,
            0,
            entry.header_offset,
        )
        directory += raw
    directory += struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50,
        20,
        20,
        0,
        8,
        0,
        0,
        crc,
        len(packed),
        size,
        len(name),
        0,
        0,
        0,
        0,
        0,
        offset,
    )
    directory += name
    start = len(data)
    data += directory
    count = len(entries) + 1
    data += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), start, 0)
    return bytes(data)


def _import_in_small_process(path: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``manage.py import_enterprises FILE --dry-run`` with the address space capped."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zoneops.settings",
        "ZONEOPS_VAR_DIR": str(tmp_path / "var"),
        "RUST_BACKTRACE": "0",
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(ROOT / "manage.py"), "import_enterprises", str(path), "--dry-run"],
        cwd=ROOT,
        env=env,
        preexec_fn=cap,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_far_cell_workbook_is_refused_by_the_command_within_bounded_memory(tmp_path):
    path = tmp_path / "远处单元格.xlsx"
    path.write_bytes(far_cell_xlsx())
    assert path.stat().st_size < 2000

    done = _import_in_small_process(path, tmp_path)

    # Refused (exit status 1, the command's own), not killed by the allocator (-6 / 134).
    assert done.returncode == 1, done.stderr[-2000:]
    assert "远处单元格.xlsx · 企业 · — · — · 工作表“企业”的数据区域超过可导入的" in done.stderr
    assert "XFD1048576" in done.stderr


def test_expanding_workbook_is_refused_by_the_command_within_bounded_memory(tmp_path):
    path = tmp_path / "膨胀.xlsx"
    path.write_bytes(expanding_xlsx(600 << 20))
    assert path.stat().st_size < 5 << 20

    done = _import_in_small_process(path, tmp_path)

    assert done.returncode == 1, done.stderr[-2000:]
    assert "膨胀.xlsx · — · — · — · 该文件解压后超过 150 MB" in done.stderr


def test_an_ordinary_workbook_still_imports_in_the_same_small_process(tmp_path):
    # The cap is not what refuses the hostile files: a good file passes under it. Here its
    # enterprise is unknown to an empty registry, so the import reads every row (and stops at
    # the database, which this process does not have: the refusal comes after reading).
    path = tmp_path / "名录.xlsx"
    path.write_bytes(handmade_xlsx(_HEADER))
    done = _import_in_small_process(path, tmp_path)
    assert "数据区域" not in done.stderr and "解压后" not in done.stderr
    assert "memory allocation" not in done.stderr and done.returncode in (0, 1)


# --- each limit on its own, in process --------------------------------------------------------


def test_far_cell_is_refused_naming_sheet_and_cell():
    with pytest.raises(ImportRefused, match=r"工作表“企业”.*1,048,576 行 × 16,384 列.*XFD1048576"):
        read_workbook(far_cell_xlsx(), "a.xlsx")


def test_styled_empty_cells_far_away_do_not_count():
    # Excel writes formatted blanks (<c r="XFD9" s="1"/>); calamine skips them, and so do we.
    data = handmade_xlsx(_HEADER + '<row r="900000"><c r="XFD900000" s="1"/></row>')
    assert read_workbook(data, "a.xlsx")[0].rows[0] == ["统一社会信用代码", "企业名称"]


@override_settings(IMPORT_MAX_CELLS=100)
def test_cells_without_positions_count_too():
    rows = "".join("<row>" + "<c><v>1</v></c>" * 11 + "</row>" for _ in range(10))
    with pytest.raises(ImportRefused, match=r"10 行 × 11 列.*K10"):
        read_workbook(handmade_xlsx(rows), "a.xlsx")


@override_settings(IMPORT_MAX_EXPANDED_BYTES=2 << 20, IMPORT_MAX_COMPRESSION_RATIO=10_000)
def test_declared_size_beyond_the_limit_is_refused():
    with pytest.raises(ImportRefused, match="解压后超过 2 MB"):
        read_workbook(expanding_xlsx(3 << 20), "a.xlsx")


@override_settings(IMPORT_MAX_COMPRESSION_RATIO=50)
def test_abnormal_compression_ratio_is_refused():
    with pytest.raises(ImportRefused, match=r"xl/worksheets/sheet1\.xml.*压缩比异常"):
        read_workbook(expanding_xlsx(3 << 20), "a.xlsx")


def test_sizes_the_directory_lies_about_are_caught_while_inflating():
    data = bytearray(expanding_xlsx(3 << 20))
    book = zipfile.ZipFile(io.BytesIO(bytes(data)))
    sheet = book.getinfo("xl/worksheets/sheet1.xml")
    # Rewrite the central directory's uncompressed size of the sheet to 1 KB.
    directory_entry = data.rfind(b"PK\x01\x02", 0, len(data))
    assert data[directory_entry + 46 :].startswith(b"xl/worksheets/sheet1.xml")
    struct.pack_into("<I", data, directory_entry + 24, 1024)
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(sheet.filename).file_size == 1024
    with pytest.raises(ImportRefused, match="无法读取"):
        read_workbook(bytes(data), "a.xlsx")


# --- failed formulas --------------------------------------------------------------------------


class CountSpec(Spec):
    kind = "count"
    columns = (Column("名称", "name"), Column("数量", "count", parse=cells.decimal))

    def plan_row(self, row: Row, context: object) -> list[Plan]:
        return [] if row.problems else [Plan(row.number, CREATE, "k", "k", None)]

    def write(self, plan: Plan, actor: object, context: object) -> None:
        raise AssertionError("dry runs only")


def formula_workbook() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("数据")
    sheet.write_row(0, 0, ["名称", "数量"])
    sheet.write_row(1, 0, ["苹果", 3])
    sheet.write(2, 0, "梨")
    sheet.write_formula(2, 1, "=B9", None, "#REF!")
    sheet.write(3, 0, "桃")
    sheet.write_formula(3, 1, "=1/0", None, "#DIV/0!")
    sheet.write(4, 0, "李")
    sheet.write_formula(4, 1, "=B2*2", None, 6)
    book.close()
    return buffer.getvalue()


def test_formula_errors_are_named_as_bad_cells():
    result = run(CountSpec(), formula_workbook(), actor=None, dry_run=True, filename="水果.xlsx")
    assert [(p.sheet, p.row, p.column, p.message) for p in result.problems] == [
        ("数据", 3, "B列（数量）", "公式错误 #REF!：请改正公式或填入数值"),
        ("数据", 4, "B列（数量）", "公式错误 #DIV/0!：请改正公式或填入数值"),
    ]


def test_formula_without_saved_result_is_named_as_a_bad_cell():
    # openpyxl and some generators write formulas without their result: calamine reads blank.
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>名称</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>数量</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>苹果</t></is></c><c r="B2"><f>1+1</f></c></row>'
        '<row r="3"><c r="B3"><f>#REF!+1</f></c></row>'
    )
    result = run(CountSpec(), handmade_xlsx(rows), actor=None, dry_run=True, filename="a.xlsx")
    assert [(p.row, p.column, p.message) for p in result.problems] == [
        (2, "B列（数量）", "公式没有计算结果：请在 Excel 中重新计算并保存，或填入数值"),
        (3, "B列（数量）", "公式没有计算结果：请在 Excel 中重新计算并保存，或填入数值"),
    ]


def _long_csv(rows: int) -> bytes:
    lines = ["名称,数量", *(f"第{n}行,{n}" for n in range(rows))]
    return ("\n".join(lines) + "\n").encode("gb18030")


@override_settings(IMPORT_MAX_ROWS=50)
def test_a_sheet_past_the_row_limit_is_refused_while_it_is_read():
    assert len(read_workbook(_long_csv(50), "清单.csv")[0].rows) == 51
    with pytest.raises(ImportRefused, match="超过一次导入的上限 50 行") as refused:
        read_workbook(_long_csv(61), "清单.csv")
    assert refused.value.sheet == "清单"
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("名录")
    for n in range(80):
        sheet.write_row(n, 0, [f"第{n}行", n])
    book.close()
    with pytest.raises(ImportRefused, match="工作表“名录”超过一次导入的上限 50 行"):
        read_workbook(buffer.getvalue(), "名录.xlsx")
