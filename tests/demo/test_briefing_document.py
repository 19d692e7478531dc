"""The monthly briefing on the whole demo: every figure of the Word document checked against
the stored reports, computed here from the reports themselves (not by the functions that
wrote the document); the draft, edit, issue and re-issue path of the economy office; who
reads which briefing.

The demo is built for 6 December 2026: October is its last complete month (November's reports
are still coming in), and the first quarter is 2026-03 as a quarterly briefing.
"""

from __future__ import annotations

import io
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document as read_docx
from docx.oxml.ns import qn

from tests.demo.conftest import Demo
from zoneops.briefing.models import Briefing, BriefingVersion
from zoneops.briefing.services import place_reader
from zoneops.core.models import ExportJob, Park
from zoneops.enterprises.classifications.queries import top_groups
from zoneops.enterprises.models import Classification
from zoneops.monitoring.models import ReportStatus, ReportValue

pytestmark = pytest.mark.django_db

YI = Decimal(100_000_000)
INDICATORS = {  # the table's label -> (code, unit as the briefing writes it)
    "工业总产值": ("output_value", "亿元"),
    "营业收入": ("revenue", "亿元"),
    "利润总额": ("total_profit", "亿元"),
    "应交增值税": ("vat_payable", "亿元"),
    "企业用电量": ("electricity", "亿千瓦时"),
}


# ---- the independent computation ------------------------------------------------------------


def _rows(year: int, month: int, code: str, park: Park | None = None) -> list[tuple[Any, Any]]:
    values = ReportValue.objects.filter(
        report__period__year=year,
        report__period__month=month,
        report__status=ReportStatus.APPROVED,
        indicator__code=code,
    )
    if park is not None:
        values = values.filter(report__enterprise__park=park)
    return list(values.values_list("ytd_value", "last_ytd_value"))


def _sums(rows: list[tuple[Any, Any]]) -> tuple[Decimal, Decimal, Decimal]:
    """All reporters' total, and this and last year's totals of those with both figures."""
    total = sum((y for y, _ in rows if y is not None), Decimal(0))
    same = [(y, last) for y, last in rows if y is not None and last is not None]
    return total, sum((y for y, _ in same), Decimal(0)), sum((la for _, la in same), Decimal(0))


def _half_up(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), ROUND_HALF_UP)


def _growth(now: Decimal, last: Decimal) -> str:
    return "—" if last <= 0 else f"{_half_up((now / last - 1) * 100, '0.1')}%"


def _amount(value: Decimal, unit: str) -> str:
    return f"{_half_up(value / YI, '0.01'):,}{unit}"


def _document(demo: Demo, *, period: str, span: str = "month", tmp: Path) -> Any:
    out = tmp / f"briefing-{period}-{span}.docx"
    call_command("briefing", period=period, span=span, out=str(out), stdout=io.StringIO())
    return read_docx(str(out))


def _table(doc: Any, first: str) -> list[list[str]]:
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == first)
    return [[cell.text for cell in row.cells] for row in table.rows]


def _text(doc: Any) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


# ---- the number test ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "span", "label"), [("2026-10", "month", "1—10月"), ("2026-03", "quarter", "一季度")]
)
def test_every_figure_agrees_with_the_stored_reports(
    demo: Demo, tmp_path: Path, period: str, span: str, label: str
) -> None:
    year, month = (int(part) for part in period.split("-"))
    doc = _document(demo, period=period, span=span, tmp=tmp_path)
    text = _text(doc)
    assert f"{year}年{label}全区经济运行情况" in text

    # 表1: each indicator's year to date, growth, last month's growth and its change.
    rows = {row[0]: row for row in _table(doc, "指标")[1:]}
    assert set(rows) == set(INDICATORS)
    for name, (code, unit) in INDICATORS.items():
        found = _rows(year, month, code)
        total, now, last = _sums(found)
        _, before_now, before_last = _sums(_rows(year, month - 1, code))
        growth, before = _growth(now, last), _growth(before_now, before_last)
        change = (
            f"{Decimal(growth[:-1]) - Decimal(before[:-1])}" if "—" not in (growth, before) else "—"
        )
        assert rows[name][1:] == [_amount(total, unit), growth, before, change, str(len(found))], (
            name
        )

    # The headline sentence says the table's output and growth.
    total, now, last = _sums(_rows(year, month, "output_value"))
    assert f"全区规上工业总产值完成{_amount(total, '亿元')}，同比增长{_growth(now, last)}" in text

    # By park: output, growth and the pull on the zone's growth (points of last year's total).
    zone_last = last
    parks = {row[0]: row for row in _table(doc, "园区")[1:]}
    for park in Park.objects.all():
        found = _rows(year, month, "output_value", park)
        if not found:
            assert park.name not in parks
            continue
        p_total, p_now, p_last = _sums(found)
        pull = _half_up((p_now - p_last) / zone_last * 100, "0.1")
        assert parks[park.name][1:] == [
            f"{_half_up(p_total / YI, '0.01'):,}",
            _growth(p_now, p_last),
            f"{pull}",
            str(len(found)),
        ], park.name
    # Over one same set, the parks' pulls add up to the zone's growth (to rounding).
    pulls = sum(Decimal(row[3]) for row in parks.values())
    assert abs(pulls - Decimal(_growth(now, last)[:-1])) <= Decimal("0.1") * len(parks)

    # 增长面: of the enterprises with both years' output, how many grew.
    found = _rows(year, month, "output_value")
    comparable = [(y, la) for y, la in found if y is not None and la is not None]
    grew = sum(1 for y, la in comparable if y > la)
    share = _half_up(Decimal(grew) / len(comparable) * 100, "0.1")
    assert f"{len(comparable)}户企业中，{grew}户产值同比增长，增长面{share}%" in text
    entrants = [y for y, la in found if y is not None and la is None]
    if entrants:
        assert (
            f"新入统企业{len(entrants)}户，完成产值{_half_up(sum(entrants) / YI, '0.01'):,}亿元"
            in text
        )


def test_the_structure_sentence_agrees_with_the_stored_reports(demo: Demo, tmp_path: Path) -> None:
    """产业结构 (按产值测算): each direction's output, share, same-set growth and pull, summed here
    from the stored approved reports over the registry's members of each direction."""
    doc = _document(demo, period="2026-10", tmp=tmp_path)
    text = _text(doc)
    assert "从产业结构看（按产值测算，非增加值口径）" in text
    directions = Classification.objects.get(name="园区主导产业方向")
    rows = {
        e: (y, la)
        for e, y, la in ReportValue.objects.filter(
            report__period__year=2026,
            report__period__month=10,
            report__status=ReportStatus.APPROVED,
            indicator__code="output_value",
        ).values_list("report__enterprise_id", "ytd_value", "last_ytd_value")
    }
    zone_total, _, zone_last = _sums(list(rows.values()))
    checked = 0
    for node, members in top_groups(user=place_reader(), classification=directions):
        found = [rows[e] for e in members if e in rows]
        if not found:
            continue
        total, now, last = _sums(found)
        share = _half_up(total / zone_total * 100, "0.1")
        growth = _half_up((now / last - 1) * 100, "0.1")
        pull = _half_up((now - last) / zone_last * 100, "0.1")
        words = (
            "与上年同期持平"
            if growth == 0
            else f"同比增长{growth}%"
            if growth > 0
            else f"同比下降{-growth}%"
        )
        pulled = "拉动全区增长" if pull >= 0 else "下拉全区"  # −0.0 is no pull down
        expected = (
            f"{node.name}产值{_amount(total, '')}亿元，占全区{share}%，"
            f"{words}，{pulled}{abs(pull)}个百分点"
        )
        assert expected in text, expected
        checked += 1
    assert checked == 3  # 新能源, 新材料, 生物经济


def test_the_document_is_whole(demo: Demo, tmp_path: Path) -> None:
    """Every section, no template tag left, the charts drawn, Chinese on the East-Asian slot."""
    doc = _document(demo, period="2026-10", tmp=tmp_path)
    text = _text(doc)
    for heading in ("一、总体运行", "二、分园区运行", "三、产业链运行", "存在问题", "下步工作"):
        assert heading in text
    assert not re.search(r"%\(|\{\{|\{%|None|nan", text)
    assert len(doc.inline_shapes) == 2  # the parks' and the chains' growth charts
    for paragraph in doc.paragraphs:
        for run in paragraph.runs:
            if re.search(r"[\u4e00-\u9fff]", run.text):
                fonts = run._r.rPr.find(qn("w:rFonts"))
                assert fonts is not None and fonts.get(qn("w:eastAsia")), run.text
    assert (
        doc.styles["Normal"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    )
    assert "— " in doc.sections[0].footer.paragraphs[0].text  # "— N —"


def test_a_park_briefing_is_the_parks_figures(demo: Demo, tmp_path: Path) -> None:
    park = Park.objects.get(name="东川工业园")
    out = tmp_path / "park.docx"
    call_command(
        "briefing", period="2026-10", park=park.division_code, out=str(out), stdout=io.StringIO()
    )
    doc = read_docx(str(out))
    total, now, last = _sums(_rows(2026, 10, "output_value", park))
    assert (
        f"东川工业园规上工业总产值完成{_amount(total, '亿元')}，同比增长{_growth(now, last)}"
        in _text(doc)
    )
    assert not any(t.rows[0].cells[0].text == "园区" for t in doc.tables)


# ---- the office's path: draft, edit, issue, re-issue ----------------------------------------


def _download(client: Any, response: Any) -> Any:
    """Follow the export path to the file: the job ran on the (immediate) worker."""
    assert response.status_code == 302, response
    job = ExportJob.objects.order_by("-pk").first()
    assert job is not None and job.status == ExportJob.Status.DONE, job and job.error
    file = client.get(reverse("exports:download", args=[job.pk]))
    assert file.status_code == 200
    return read_docx(
        io.BytesIO(b"".join(file.streaming_content) if file.streaming else file.content)
    )


def test_the_economy_office_drafts_edits_and_issues(demo: Demo) -> None:
    client = demo.client("econ")
    page = client.get(reverse("briefing:reports"))
    assert page.status_code == 200 and 'id="new-briefing"' in page.content.decode()
    created = client.post(
        reverse("briefing:report_create"), {"period": "2026-10", "span": "month", "park": ""}
    )
    briefing = Briefing.objects.get(year=2026, month=10, park=None)
    assert created.status_code == 302 and created["Location"] == reverse(
        "briefing:report", args=[briefing.pk]
    )

    draft = client.get(reverse("briefing:report", args=[briefing.pk]))
    assert draft.status_code == 200
    texts = {s["key"]: s["text"] for s in draft.context["sections"]}
    edited = texts["problems"] + "另有部分企业反映用工紧张。"
    form = {
        **texts,
        "problems": edited,
        "next_steps": "一是抓好重点企业稳产；二是加快新入规企业培育。",
    }
    assert client.post(reverse("briefing:report", args=[briefing.pk]), form).status_code == 302
    briefing.refresh_from_db()
    assert list(briefing.texts) == ["problems"]  # only what was changed is kept

    # The draft downloads through the export path and carries the edit.
    doc = _download(client, client.get(reverse("briefing:report_document", args=[briefing.pk])))
    assert "另有部分企业反映用工紧张。" in _text(doc) and "（草稿）" in _text(doc)

    assert (
        client.post(
            reverse("briefing:report_issue", args=[briefing.pk]), {"reason": ""}
        ).status_code
        == 302
    )
    first = BriefingVersion.objects.get(briefing=briefing)
    assert first.version == 1 and first.snapshot["texts"]["problems"] == edited

    # A re-issue needs its reason; with one it is version 2, and version 1 stays as it was.
    client.post(reverse("briefing:report_issue", args=[briefing.pk]), {"reason": ""})
    assert briefing.versions.count() == 1
    client.post(
        reverse("briefing:report_issue", args=[briefing.pk]), {"reason": "更正东川工业园产值"}
    )
    second = briefing.versions.get(version=2)
    assert second.reason == "更正东川工业园产值"
    doc = _download(client, client.get(reverse("briefing:version_document", args=[first.pk])))
    assert "第1期" in _text(doc) and "（草稿）" not in _text(doc) and "更正说明" not in _text(doc)
    doc = _download(client, client.get(reverse("briefing:version_document", args=[second.pk])))
    assert "（第2版）" in _text(doc) and "更正说明：更正东川工业园产值" in _text(doc)


def test_issuing_needs_the_offices_next_steps(demo: Demo) -> None:
    client = demo.client("econ")
    client.post(
        reverse("briefing:report_create"), {"period": "2026-09", "span": "month", "park": ""}
    )
    briefing = Briefing.objects.get(year=2026, month=9, park=None)
    response = client.post(
        reverse("briefing:report_issue", args=[briefing.pk]), {"reason": ""}, follow=True
    )
    assert "签发前请填写“下步工作”" in response.content.decode()
    assert not briefing.versions.exists()


def test_a_month_without_approved_reports_is_refused(demo: Demo) -> None:
    client = demo.client("econ")
    response = client.post(
        reverse("briefing:report_create"), {"period": "2026-12", "span": "month", "park": ""}
    )
    assert response.status_code == 400
    assert not Briefing.objects.filter(year=2026, month=12).exists()


def test_park_officers_write_and_read_their_own_parks_only(demo: Demo) -> None:
    dc = Park.objects.get(name="东川工业园")
    client = demo.client("park-dc")
    response = client.post(
        reverse("briefing:report_create"), {"period": "2026-10", "span": "month", "park": dc.pk}
    )
    assert response.status_code == 302
    mine = Briefing.objects.get(park=dc)
    zone = Briefing.objects.create(year=2026, month=10, number=9)
    # The zone's briefing is not theirs to write (no 全区 to choose), nor to read.
    assert (
        client.post(
            reverse("briefing:report_create"), {"period": "2026-10", "span": "month", "park": ""}
        ).status_code
        == 400
    )
    assert client.get(reverse("briefing:report", args=[zone.pk])).status_code == 404
    # Another park's officer, an enterprise and a bank: 404.
    for login in ("park-nc", "ent1", "bank"):
        assert (
            demo.client(login).get(reverse("briefing:report", args=[mine.pk])).status_code == 404
        ), login
    # The leader reads both, writes neither.
    leader = demo.client("leader")
    assert leader.get(reverse("briefing:report", args=[mine.pk])).status_code == 200
    page = leader.get(reverse("briefing:report", args=[zone.pk]))
    assert page.status_code == 200 and 'id="briefing-texts"' not in page.content.decode()
    assert leader.post(reverse("briefing:report_issue", args=[zone.pk])).status_code == 403
