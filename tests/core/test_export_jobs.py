"""Exports as jobs (core/exports.py): a small export is the file at once; a large one is a job
the worker writes under EXPORT_ROOT, with its progress on its row, found on 我的导出 and
downloaded only by the person who asked for it."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any
from urllib.parse import quote

import openpyxl
import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.urls import reverse
from django.utils import timezone

from zoneops.core import exports
from zoneops.core.models import ExportJob
from zoneops.enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def export_root(settings: Any, tmp_path: Path) -> Path:
    settings.EXPORT_ROOT = tmp_path / "exports"
    return Path(settings.EXPORT_ROOT)


def _names(content: bytes) -> list[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    return [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_a_small_export_is_the_file_at_once(world, login, settings):
    settings.EXPORT_INLINE_ROWS = 10
    response = login(world.park_a_officer).get(reverse("enterprises:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX
    assert _names(response.content) == ["青海甲锂业有限公司"]
    assert not ExportJob.objects.exists()


def test_a_large_export_is_a_job_its_owner_follows_and_downloads(
    world, login, settings, export_root
):
    settings.EXPORT_INLINE_ROWS = 2
    for n in range(3):
        EnterpriseFactory(name=f"青海导出{n}有限公司", park=world.park_a)
    EnterpriseFactory(name="青海园外有限公司", park=world.park_b)
    client = login(world.park_a_officer)

    response = client.get(reverse("enterprises:export"), {"q": "青海"})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:detail", args=[job.pk])
    # The tests' queue is immediate: the worker's part has run.
    assert (job.status, job.rows_done, job.rows_total, job.kind) == (
        "done",
        4,
        4,
        "enterprises.registry",
    )
    assert job.params == {"q": ["青海"]}
    assert (export_root / job.stored_path).is_file()

    listed = client.get(reverse("exports:list"))
    assert "企业库导出" in listed.content.decode()
    page = client.get(reverse("exports:detail", args=[job.pk])).content.decode()
    assert reverse("exports:download", args=[job.pk]) in page
    download = client.get(reverse("exports:download", args=[job.pk]))
    content = b"".join(download.streaming_content)
    assert quote("企业库.xlsx") in download["Content-Disposition"]
    # The owner's scope, at the time they asked: park B's enterprise is not in it.
    assert sorted(_names(content)) == sorted(
        ["青海甲锂业有限公司", *(f"青海导出{n}有限公司" for n in range(3))]
    )

    # Nobody else sees it, not even an administrator.
    for other in (world.park_b_officer, world.admin, world.leader):
        for name in ("exports:detail", "exports:download", "exports:progress"):
            assert login(other).get(reverse(name, args=[job.pk])).status_code == 404
        assert job.title not in login(other).get(reverse("exports:list")).content.decode()


def test_a_failed_export_says_why_keeps_no_file_and_runs_again(
    world, login, settings, export_root, monkeypatch
):
    settings.EXPORT_INLINE_ROWS = 0
    client = login(world.econ)

    def broken(**kwargs: Any) -> exports.Written:
        kwargs["out"].write(b"half")
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr("zoneops.enterprises.exports.write", broken)
    client.get(reverse("enterprises:export"))
    job = ExportJob.objects.get()
    assert job.status == "failed" and "磁盘已满" in job.error
    assert not any(p.is_file() for p in export_root.rglob("*"))
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404

    monkeypatch.undo()
    client.post(reverse("exports:retry", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.error, job.attempts) == ("done", "", 2)


def test_a_queued_export_can_be_cancelled_and_then_never_runs(world, login):
    kind = exports.get_export_kind("enterprises.registry")
    assert kind is not None
    job = ExportJob.objects.create(
        kind=kind.key, title="企业库导出", status="queued", created_by=world.econ
    )
    login(world.econ).post(reverse("exports:cancel", args=[job.pk]))
    exports.run_export_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.stored_path) == ("cancelled", "")


def test_an_export_whose_worker_died_reads_failed(world, login):
    job = ExportJob.objects.create(
        kind="enterprises.registry",
        title="企业库导出",
        status="running",
        created_by=world.econ,
        worker="no-such-host:1",
    )
    page = login(world.econ).get(reverse("exports:detail", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == "failed" and "进程已停止" in page


def test_old_export_files_are_removed_and_the_job_says_so(world, login, settings, export_root):
    settings.EXPORT_INLINE_ROWS = 0
    client = login(world.econ)
    client.get(reverse("enterprises:export"))
    job = ExportJob.objects.get()
    path = export_root / job.stored_path
    later = timezone.now() + dt.timedelta(days=settings.EXPORT_KEEP_DAYS + 1)
    assert exports.remove_old_exports(now=later) == {"removed": 1, "orphans": 0}
    assert not path.exists()
    page = client.get(reverse("exports:detail", args=[job.pk])).content.decode()
    assert "文件已过保留期" in page


def test_a_document_kind_without_a_count_always_goes_to_the_worker(world, login, monkeypatch):
    """A generated document (a Word briefing) is an export kind that declares no count."""
    kind = exports.ExportKind(
        "core.test_document",
        "测试简报",
        "tests.core.test_export_jobs:_document",
        content_type="application/octet-stream",
        extension=".docx",
    )
    monkeypatch.setattr(exports, "export_kinds", lambda: {kind.key: kind})
    request = login(world.econ).get(reverse("exports:list")).wsgi_request
    request._messages = FallbackStorage(request)
    response = exports.export(request, kind.key, title="本周简报")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and (job.status, job.file_name) == ("done", "简报.docx")


def _document(*, user: Any, params: Any, out: Any, progress: Any) -> exports.Written:
    out.write(b"PK-not-really-a-docx")
    progress(1, 1)
    return exports.Written("简报.docx", 1)
