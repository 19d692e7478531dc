"""What a workbook may expand to, checked before calamine reads it.

An .xlsx or .ods is a zip of XML. A few kilobytes can claim a cell at XFD1048576 (calamine then
allocates every cell between A1 and there: 512 GiB, and the process aborts), or inflate to
gigabytes of XML. So, before calamine sees the file, :func:`inspect` reads it once as a stream
with :mod:`zipfile` and expat, in bounded memory:

- the sum of what the members inflate to, and each member's compression ratio, are bounded
  (the declared sizes are checked against what actually comes out of the stream);
- each sheet's used range (the cells that hold a value, as calamine counts them) is bounded;
- cells holding a formula error (#REF!, #DIV/0! …) or a formula without a saved result are
  noted, so that the engine names them instead of reading them as blank.

An .xls is not compressed: what calamine reads is bounded by the upload limit and by the
format itself (65,536 rows × 256 columns).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _

from zoneops.core.imports.problems import ImportRefused, column_letter

CHUNK = 1 << 20
# Below this a member's ratio does not matter: small files of repeated text compress well.
RATIO_FLOOR = 1 << 20
# More formula errors than this in one sheet: the file is refused rather than listed cell by cell.
MAX_FAULTS = 10_000

_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")


@dataclass
class Extent:
    """What a sheet holds, as calamine will read it: its used range and its bad cells."""

    rows: int = 0
    columns: int = 0
    # (row, column), 0-based → the error the cell shows ("#REF!"), or "" for a formula whose
    # result was never saved.
    faults: dict[tuple[int, int], str] = field(default_factory=dict)


def max_expanded_bytes() -> int:
    return int(settings.IMPORT_MAX_EXPANDED_BYTES)


def max_cells() -> int:
    return int(settings.IMPORT_MAX_CELLS)


def inspect(data: bytes) -> dict[str, Extent]:
    """Each sheet's extent by sheet name, for an .xlsx/.xlsm/.ods; {} for any other file.

    Raises :class:`ImportRefused` when the file would expand beyond the limits.
    """
    if not data.startswith(b"PK"):
        return {}
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        members = book.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return {}  # not a zip after all: calamine says what is wrong with it
    _check_declared_sizes(members)
    names = {m.filename for m in members}
    try:
        if "content.xml" in names and "xl/workbook.xml" not in names:
            return _inspect_ods(book)
        return _inspect_xlsx(book, names)
    # A damaged member (BadZipFile, zlib.error, EOFError), a compression method zipfile does not
    # implement (NotImplementedError) or an encrypted member (RuntimeError): refused the same way.
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise unreadable() from exc


def unreadable() -> ImportRefused:
    """The one refusal of a file that is not a readable workbook, in the reader's words (never
    the library's English error inside a Chinese sentence)."""
    return ImportRefused(
        _(
            "无法读取该文件：请确认它是完好的 Excel 文件（.xlsx、.xls、.ods），"
            "未加密，且不是改了扩展名的其他文件"
        )
    )


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):,.0f}"


def _too_big(size: int) -> ImportRefused:
    return ImportRefused(
        _(
            "该文件解压后超过 %(limit)s MB（Excel 文件是压缩包，其中的表格数据至少有 "
            "%(size)s MB），无法导入：请删除多余的工作表、行列或格式后另存，或分成几个文件上传"
        )
        % {"limit": _megabytes(max_expanded_bytes()), "size": _megabytes(size)}
    )


def _check_declared_sizes(members: list[zipfile.ZipInfo]) -> None:
    total = sum(m.file_size for m in members)
    if total > max_expanded_bytes():
        raise _too_big(total)
    ratio = int(settings.IMPORT_MAX_COMPRESSION_RATIO)
    for member in members:
        if member.file_size > RATIO_FLOOR and member.file_size > ratio * max(
            member.compress_size, 1
        ):
            raise ImportRefused(
                _(
                    "该文件中的“%(member)s”压缩比异常（%(size)s MB 压缩为 %(packed)s KB，"
                    "超过 %(ratio)d 倍），不像是正常的表格文件，无法导入："
                    "请在 Excel 中打开并另存后重新上传"
                )
                % {
                    "member": member.filename,
                    "size": _megabytes(member.file_size),
                    "packed": f"{member.compress_size / 1024:,.0f}",
                    "ratio": ratio,
                }
            )


class _Budget:
    """What has come out of the zip so far: the declared sizes are not trusted."""

    def __init__(self) -> None:
        self.used = 0

    def take(self, size: int) -> None:
        self.used += size
        if self.used > max_expanded_bytes():
            raise _too_big(self.used)


def _stream(
    book: zipfile.ZipFile, name: str, budget: _Budget, parser: expat.XMLParserType | None
) -> None:
    """Inflate one member chunk by chunk (zipfile checks its size and CRC), feeding expat."""
    with book.open(name) as member:
        while chunk := member.read(CHUNK):
            budget.take(len(chunk))
            if parser is not None:
                _feed(parser, chunk)
    if parser is not None:
        _feed(parser, b"", final=True)


def _feed(parser: expat.XMLParserType, chunk: bytes, *, final: bool = False) -> None:
    try:
        parser.Parse(chunk, final)
    except expat.ExpatError as exc:
        raise unreadable() from exc


def _parser(
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None] | None = None,
    text: Callable[[str], None] | None = None,
) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True

    def refuse_entities(*_args: Any) -> None:
        # Spreadsheets declare no entities; a file that does is refused (no entity expansion).
        raise ImportRefused(_("无法读取该文件：其中含有不允许的 XML 实体声明"))

    parser.EntityDeclHandler = refuse_entities
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    return parser


# --- .xlsx ------------------------------------------------------------------------------------


def _inspect_xlsx(book: zipfile.ZipFile, names: set[str]) -> dict[str, Extent]:
    budget = _Budget()
    workbook = _office_document(book, names, budget)
    sheets = _sheet_parts(book, workbook, names, budget)
    extents: dict[str, Extent] = {}
    scanned: set[str] = set()
    for sheet_name, part in sheets:
        if part in names and part not in scanned:
            scanned.add(part)
            extents[sheet_name] = _scan_xlsx_sheet(book, part, sheet_name, budget)
    for name in sorted(names - scanned):
        if not name.endswith("/"):
            _stream(book, name, budget, None)  # shared strings, styles …: count what they hold
    return extents


def _office_document(book: zipfile.ZipFile, names: set[str], budget: _Budget) -> str:
    targets = _relationships(book, "_rels/.rels", names, budget)
    for kind, target in targets:
        if kind.endswith("/officeDocument"):
            return target.lstrip("/")
    return "xl/workbook.xml"


def _relationships(
    book: zipfile.ZipFile, rels: str, names: set[str], budget: _Budget
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if rels not in names:
        return found

    def start(name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(" ")[2] == "Relationship":
            found.append((attrs.get("Type", ""), attrs.get("Target", "")))

    _stream(book, rels, budget, _parser(start))
    return found


def _sheet_parts(
    book: zipfile.ZipFile, workbook: str, names: set[str], budget: _Budget
) -> list[tuple[str, str]]:
    """(sheet name, zip member) for each sheet of the workbook, in order."""
    base = posixpath.dirname(workbook)
    rels_name = posixpath.join(base, "_rels", posixpath.basename(workbook) + ".rels")
    targets: dict[str, str] = {}

    def rel_start(name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(" ")[2] == "Relationship":
            target = attrs.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
            targets[attrs.get("Id", "")] = posixpath.normpath(path)

    if rels_name in names:
        _stream(book, rels_name, budget, _parser(rel_start))
    sheets: list[tuple[str, str]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(" ")[2] == "sheet":
            rid = attrs.get(f"{_DOC_RELS} id", "")
            sheets.append((attrs.get("name", ""), targets.get(rid, "")))

    if workbook in names:
        _stream(book, workbook, budget, _parser(start))
    return sheets


class _XlsxSheetScan:
    """The used range and bad cells of one worksheet, counted as calamine counts them: a cell
    holds something when it has a value (<v>) or an inline string (<is>)."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.extent = Extent()
        self.row = -1
        self.column = -1
        self.cell = (0, 0)
        self.type = ""
        self.formula = self.value = self.in_value = False
        self.shown: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name.rpartition(" ")[2]
        if tag == "row":
            number = attrs.get("r", "")
            self.row = int(number) - 1 if number.isdigit() else self.row + 1
            self.column = -1
        elif tag == "c":
            match = _REF.match(attrs.get("r", ""))
            if match:
                self.row = int(match.group(2)) - 1
                self.column = _column_index(match.group(1))
            else:
                self.column += 1
            self.cell = (self.row, self.column)
            self.type = attrs.get("t", "")
            self.formula = self.value = False
            self.shown = []
        elif tag == "f":
            self.formula = True
        elif tag in ("v", "is"):
            self.value = True
            self.in_value = tag == "v"

    def end(self, name: str) -> None:
        tag = name.rpartition(" ")[2]
        if tag == "v":
            self.in_value = False
        elif tag == "c":
            if self.value:
                self.extent.rows = max(self.extent.rows, self.cell[0] + 1)
                self.extent.columns = max(self.extent.columns, self.cell[1] + 1)
                _check_range(self.sheet, self.extent)
            if self.type == "e" and self.value:
                self._fault("".join(self.shown).strip() or "#N/A")
            elif self.formula and not self.value:
                self._fault("")

    def text(self, data: str) -> None:
        if self.in_value and self.type == "e":
            self.shown.append(data)

    def _fault(self, shown: str) -> None:
        self.extent.faults[self.cell] = shown
        _check_faults(self.sheet, self.extent)


def _scan_xlsx_sheet(book: zipfile.ZipFile, part: str, sheet: str, budget: _Budget) -> Extent:
    scan = _XlsxSheetScan(sheet)
    _stream(book, part, budget, _parser(scan.start, scan.end, scan.text))
    return scan.extent


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _check_range(sheet: str, extent: Extent) -> None:
    if extent.rows * extent.columns <= max_cells():
        return
    raise ImportRefused(
        _(
            "工作表“%(sheet)s”的数据区域超过可导入的 %(limit)s 个单元格（至少有 %(rows)s 行 × "
            "%(columns)s 列，到 %(cell)s 单元格为止都有内容）：请删除表格以外的多余内容"
            "（例如远处零散的单元格）后重新上传"
        )
        % {
            "sheet": sheet,
            "limit": f"{max_cells():,}",
            "rows": f"{extent.rows:,}",
            "columns": f"{extent.columns:,}",
            "cell": f"{column_letter(extent.columns - 1)}{extent.rows}",
        },
        sheet=sheet,
    )


def _check_faults(sheet: str, extent: Extent) -> None:
    if len(extent.faults) <= MAX_FAULTS:
        return
    raise ImportRefused(
        _(
            "工作表“%(sheet)s”有超过 %(limit)s 个公式错误或未计算的公式：请在 Excel 中重新计算、"
            "改正公式后保存，再重新上传"
        )
        % {"sheet": sheet, "limit": f"{MAX_FAULTS:,}"},
        sheet=sheet,
    )


# --- .ods -------------------------------------------------------------------------------------


class _OdsScan:
    """Every table of content.xml: rows and cells may repeat (number-rows-repeated,
    number-columns-repeated), and calamine expands what repeats when it holds a value."""

    def __init__(self) -> None:
        self.extents: dict[str, Extent] = {}
        self.sheet = ""
        self.extent = Extent()
        self.row = 0
        self.row_repeat = 1
        self.row_used = False
        self.column = 0
        self.cell_repeat = 1
        self.in_cell = False
        self.has_value = False
        self.formula = False
        self.error = False
        self.shown: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        uri, _sep, tag = name.rpartition(" ")
        if uri != _ODS_TABLE:
            return
        if tag == "table":
            self.sheet = attrs.get(f"{_ODS_TABLE} name", "")
            self.extent = self.extents.setdefault(self.sheet, Extent())
            self.row = 0
        elif tag == "table-row":
            self.row_repeat = _repeat(attrs.get(f"{_ODS_TABLE} number-rows-repeated"))
            self.row_used = False
            self.column = 0
        elif tag in ("table-cell", "covered-table-cell"):
            self.cell_repeat = _repeat(attrs.get(f"{_ODS_TABLE} number-columns-repeated"))
            self.in_cell = True
            self.has_value = f"{_ODS_OFFICE} value-type" in attrs
            self.formula = f"{_ODS_TABLE} formula" in attrs
            value_types = {v for k, v in attrs.items() if k.endswith(" value-type")}
            self.error = "error" in value_types
            self.shown = []

    def end(self, name: str) -> None:
        uri, _sep, tag = name.rpartition(" ")
        if uri != _ODS_TABLE:
            return
        if tag in ("table-cell", "covered-table-cell"):
            self.in_cell = False
            shown = "".join(self.shown).strip()
            if self.has_value or shown:
                self.row_used = True
                self.extent.rows = max(self.extent.rows, self.row + 1)
                self.extent.columns = max(self.extent.columns, self.column + self.cell_repeat)
                _check_range(self.sheet, self.extent)
            if self.error or (self.formula and not self.has_value):
                for offset in range(min(self.cell_repeat, MAX_FAULTS + 1)):
                    self.extent.faults[(self.row, self.column + offset)] = (
                        shown if self.error else ""
                    )
                _check_faults(self.sheet, self.extent)
            self.column += self.cell_repeat
        elif tag == "table-row":
            if self.row_used:
                self.extent.rows = max(self.extent.rows, self.row + self.row_repeat)
                _check_range(self.sheet, self.extent)
            self.row += self.row_repeat

    def text(self, data: str) -> None:
        if self.in_cell:
            self.shown.append(data)


def _repeat(value: str | None) -> int:
    return int(value) if value and value.isdigit() and int(value) > 0 else 1


def _inspect_ods(book: zipfile.ZipFile) -> dict[str, Extent]:
    budget = _Budget()
    scan = _OdsScan()
    for member in book.infolist():
        if member.filename.endswith("/"):
            continue
        parser = (
            _parser(scan.start, scan.end, scan.text) if member.filename == "content.xml" else None
        )
        _stream(book, member.filename, budget, parser)
    return scan.extents
