"""安全生产周报: the Word bulletin and the Excel table of a week, read back and held against a
count of the records made by hand (test_figures' ``_by_park``); a park officer writes only
their park's, and another park is 404."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document as read_docx
from docx.oxml.ns import qn

from zoneops.core.models import ExportJob
from zoneops.safety import services
from zoneops.safety.bulletin import monday
from zoneops.safety.models import Hazard, Outcome, Source
from zoneops.safety.services import ResultInput
from zoneops.safety.tests.conftest import MAJOR_PLAN
from zoneops.safety.tests.test_figures import _by_park

pytestmark = pytest.mark.django_db


def _week() -> tuple[dt.date, dt.date]:
    start = monday(timezone.localdate()) - dt.timedelta(weeks=1)
    return start, start + dt.timedelta(days=6)


def _world(safety: Any) -> dict[str, Hazard]:
    """Last week: in park A four hazards found (one 重大), one closed in time and one re-check
    failed, one inspection; an older 重大 hazard past its deadline; in park B one hazard found
    and an accident; drills for X only."""
    start, end = _week()
    x, y = safety.world.enterprise_x, safety.world.enterprise_y
    day = start + dt.timedelta(days=1)
    found = [safety.hazard(x, found_on=day, deadline_days=2) for _n in range(3)]
    found.append(safety.hazard(x, found_on=day, deadline_days=20, **MAJOR_PLAN))
    late = safety.hazard(
        x,
        found_on=start - dt.timedelta(days=30),
        deadline_days=5,
        description="粉尘除尘系统未泄爆",
        **MAJOR_PLAN,
    )
    for hazard, action in ((found[0], "pass"), (found[1], "fail")):
        services.hazard_act(actor=None, hazard=hazard, action="start", today=day, check=False)
        services.hazard_act(
            actor=None, hazard=hazard, action="rectified", note="已清理", today=day, check=False
        )
        services.hazard_act(
            actor=None,
            hazard=hazard,
            action=action,
            today=day + dt.timedelta(days=1),
            deadline_days=5,
            note="复查意见",
            check=False,
        )
    safety.hazard(y, found_on=end)
    services.inspection_record(
        actor=safety.officer,
        enterprise=x,
        data={"source": Source.SUPERVISION, "inspected_on": day, "inspectors": "马国庆"},
        results=[ResultInput(item=safety.items[0], outcome=Outcome.PASS)],
    )
    for kind in ("comprehensive", "onsite"):
        services.drill_save(
            actor=None,
            enterprise=x,
            data={"kind": kind, "form": "live", "held_on": day, "participants": 30},
            check=False,
        )
    services.accident_save(
        actor=None,
        enterprise=y,
        data={"occurred_on": end, "place": "仓库", "kind": "fire", "injured": 1},
        check=False,
    )
    return {"late": late}


def _job_file(client: Any, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 302, response
    job = ExportJob.objects.order_by("-pk").first()
    assert job is not None and job.status == ExportJob.Status.DONE, job and job.error
    file = client.get(reverse("exports:download", args=[job.pk]))
    assert file.status_code == 200
    return b"".join(file.streaming_content)


def _rate(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


def test_the_bulletin_and_its_table_carry_the_weeks_counts(safety, login) -> None:
    hazards = _world(safety)
    start, end = _week()
    expect = _by_park(safety, start, end)
    a, b = safety.world.enterprise_x.park.name, safety.world.enterprise_y.park.name
    assert expect[a]["found"] == 4 and expect[a]["overdue_major"] == 1 and expect[b]["accidents"]
    client = login(safety.officer)
    page = client.get(reverse("safety:statistics"), {"week": start.isoformat()})
    assert page.status_code == 200 and 'id="bulletin-downloads"' in page.content.decode()
    query = f"?week={start.isoformat()}"

    doc = read_docx(io.BytesIO(_job_file(client, reverse("safety:bulletin_document") + query)))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    table1 = {row[0]: row[1:] for row in cells if len(row) == 8}
    table2 = {row[0]: row[1:] for row in cells if len(row) == 9}
    for park in (a, b):
        e = expect[park]
        assert table1[park] == [
            str(e["found"]),
            str(e["major"]),
            str(e["closed"]),
            _rate(e["closed_on_time"], e["closed"]),
            str(e["overdue"]),
            str(e["overdue_major"]),
            _rate(e["recheck_passed"], e["rechecks"]),
        ]
        assert table2[park] == [
            str(e["inspections"]),
            str(e["due"]),
            str(e["due_done"]),
            _rate(e["covered"], e["firms"]),
            str(e["drill_required"]),
            _rate(e["drill_covered"], e["drill_required"]),
            str(e["accidents"]),
            str(e["deaths"]),
        ]
    total_found = sum(e["found"] for e in expect.values())
    assert table1["合计"][0] == str(total_found)
    # The words follow the numbers; the overdue 重大 hazard is named.
    assert f"排查发现隐患{total_found}项，其中重大隐患1项" in text
    assert "复查2次，通过1次，复查通过率50.0%" in text
    assert hazards["late"].number in text and "粉尘除尘系统未泄爆" in text
    assert "发生生产安全事故1起" in text and "安全生产周报" in text
    assert not re.search(r"%\(|\{\{|\{%|None", text + str(cells))
    for paragraph in doc.paragraphs:
        for run in paragraph.runs:
            if re.search(r"[\u4e00-\u9fff]", run.text):
                assert run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")), run.text

    book = openpyxl.load_workbook(io.BytesIO(_get(client, "safety:bulletin_table", query)))
    sheet = book.active
    header = [c.value for c in sheet[2]]
    rows = {
        r[0]: dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(min_row=3, values_only=True)
    }
    for park in (a, b):
        e = expect[park]
        assert rows[park]["发现隐患"] == e["found"] and rows[park]["其中重大"] == e["major"]
        assert rows[park]["逾期未整改"] == e["overdue"] and rows[park]["复查次数"] == e["rechecks"]
        assert (
            rows[park]["检查次数"] == e["inspections"] and rows[park]["事故起数"] == e["accidents"]
        )
        assert rows[park]["演练达标企业"] == e["drill_covered"]
        assert rows[park]["应演练企业"] == e["drill_required"]
        assert rows[park]["网格已覆盖"] == e["covered"]
    assert rows["合计"]["发现隐患"] == total_found


def _get(client: Any, name: str, query: str) -> bytes:
    response = client.get(reverse(name) + query)
    assert response.status_code == 200, response
    return response.content


def test_a_park_officer_writes_their_parks_and_another_park_is_404(safety, login) -> None:
    _world(safety)
    start, _end = _week()
    world = safety.world
    mine = login(world.park_a_officer)
    query = f"?week={start.isoformat()}"
    book = openpyxl.load_workbook(io.BytesIO(_get(mine, "safety:bulletin_table", query)))
    parks = [r[0] for r in book.active.iter_rows(min_row=3, values_only=True)]
    assert parks == [world.enterprise_x.park.name, "合计"]
    other = f"{query}&park={world.enterprise_y.park.pk}"
    for name in ("safety:statistics", "safety:bulletin_document", "safety:bulletin_table"):
        assert mine.get(reverse(name) + other).status_code == 404
    # Those without the row (a grid member, an enterprise) may not ask at all.
    for outsider in (safety.member_a, world.ent_x_user):
        assert login(outsider).get(reverse("safety:bulletin_table") + query).status_code in (
            403,
            404,
        )
    # A week that is not offered is refused with its reason, nothing written.
    response = mine.get(reverse("safety:bulletin_document"), {"week": "2020-01-06"}, follow=True)
    assert "近26周" in response.content.decode()
    assert not ExportJob.objects.exists()
