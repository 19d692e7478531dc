"""The enforcement documents: 现场检查记录 and 责令限期整改指令书 of an inspection, 整改复查意见书
of a re-checked hazard, written as Word on the export path, read back here; 404 outside scope."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from django.urls import reverse
from docx import Document as read_docx
from docx.oxml.ns import qn

from zoneops.core.models import ExportJob
from zoneops.safety import services
from zoneops.safety.models import Hazard, Inspection
from zoneops.safety.tests.test_hazards import _inspection_post, _to_awaiting


def _text(doc: Any) -> str:
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _download(client: Any, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 302, response
    job = ExportJob.objects.order_by("-pk").first()
    assert job is not None and job.status == ExportJob.Status.DONE, job and job.error
    file = client.get(reverse("exports:download", args=[job.pk]))
    assert file.status_code == 200
    return read_docx(io.BytesIO(b"".join(file.streaming_content)))


def _inspected(safety: Any, login: Any) -> tuple[Any, Inspection]:
    officer = login(safety.world.park_a_officer)
    x = safety.world.enterprise_x
    data = _inspection_post(safety, {1: "fail"}, **{f"n{safety.items[0].pk}": "安全出口堆放货物"})
    assert officer.post(reverse("safety:inspection_add", args=[x.pk]), data).status_code == 302
    return officer, Inspection.objects.get()


def test_the_record_and_the_order_of_an_inspection(safety, login) -> None:
    officer, inspection = _inspected(safety, login)
    page = officer.get(reverse("safety:inspection", args=[inspection.pk])).content.decode()
    assert reverse("safety:inspection_document", args=[inspection.pk, "order"]) in page

    record = _download(
        officer, reverse("safety:inspection_document", args=[inspection.pk, "record"])
    )
    text = _text(record)
    assert "现场检查记录" in text and safety.world.enterprise_x.name in text
    assert "2026年3月2日" in text and "马国庆" in text and "仓库" in text
    assert "检查3项，合格2项，不合格1项，不适用0项" in text and "安全出口堆放货物" in text
    assert "检查人员（签字）" in text

    order = _download(officer, reverse("safety:inspection_document", args=[inspection.pk, "order"]))
    text = _text(order)
    hazard = Hazard.objects.get()
    assert "〔2026〕责改1号" in text and "责令限期整改指令书" in text
    assert (
        f"于{hazard.deadline.year}年{hazard.deadline.month}月{hazard.deadline.day}日前整改完毕"
        in text
    )
    assert "申请行政复议" in text and "安全生产监督管理局" in text
    assert not re.search(r"%\(|\{\{|None", text)
    for paragraph in order.paragraphs:
        for run in paragraph.runs:
            if re.search(r"[\u4e00-\u9fff]", run.text):
                assert run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")), run.text


def test_the_recheck_opinion_follows_the_order(safety, login) -> None:
    officer, _inspection = _inspected(safety, login)
    hazard = Hazard.objects.get()
    _to_awaiting(safety, hazard, dt.date(2026, 3, 5))
    services.hazard_act(
        actor=safety.officer, hazard=hazard, action="pass", today=dt.date(2026, 3, 6)
    )
    page = officer.get(reverse("safety:hazard", args=[hazard.pk])).content.decode()
    assert 'id="recheck-document"' in page
    text = _text(_download(officer, reverse("safety:recheck_document", args=[hazard.pk])))
    assert "整改复查意见书" in text and "根据〔2026〕责改1号" in text
    assert "复查通过，销号" in text and "同意销号" in text


def test_a_hazard_not_rechecked_has_no_opinion_and_says_so(safety, login) -> None:
    officer, _inspection = _inspected(safety, login)
    hazard = Hazard.objects.get()
    response = officer.get(reverse("safety:recheck_document", args=[hazard.pk]))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and job.status == ExportJob.Status.FAILED
    assert "尚未复查" in job.error


def test_another_parks_officer_and_the_other_grid_get_404(safety, login) -> None:
    _officer, inspection = _inspected(safety, login)
    hazard = Hazard.objects.get()
    for outsider in (safety.world.park_b_officer, safety.member_b, safety.world.ent_y_user):
        client = login(outsider)
        url = reverse("safety:inspection_document", args=[inspection.pk, "record"])
        assert client.get(url).status_code == 404
        assert client.get(reverse("safety:recheck_document", args=[hazard.pk])).status_code == 404
    assert not ExportJob.objects.exists()
