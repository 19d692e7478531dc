"""Import jobs: queued when large, cancelled before writing, failed when their worker dies and
run again; their state is on the job's row (the pages, any server, read it from there)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django_tasks.base import Task

from zoneops.core.imports import jobs
from zoneops.core.models import ImportJob
from zoneops.enterprises.models import Enterprise
from zoneops.enterprises.tests.factories import industry
from zoneops.enterprises.tests.test_imports import HEADERS, good_row, upload, xlsx_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def import_root(settings: Any, tmp_path: Path) -> Path:
    settings.IMPORT_ROOT = tmp_path / "imports"
    return settings.IMPORT_ROOT


@pytest.fixture
def book(tmp_path: Path) -> Path:
    industry("3841")
    return xlsx_file(tmp_path / "名录.xlsx", [HEADERS, *(good_row(n) for n in range(1, 6))])


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The tasks queued (they still run at once: the tests' queue is immediate)."""
    names: list[str] = []
    enqueue = Task.enqueue

    def spy(self: Task, *args: Any, **kwargs: Any) -> Any:
        names.append(self.name)
        return enqueue(self, *args, **kwargs)

    monkeypatch.setattr(Task, "enqueue", spy)
    return names


def test_a_file_over_the_inline_size_goes_to_the_worker(
    world, login, book, import_root, settings, queued
):
    settings.IMPORT_INLINE_BYTES = book.stat().st_size - 1
    client = login(world.park_a_officer)
    upload(client, book)
    job = ImportJob.objects.get()
    assert queued == ["check_import"]
    assert (job.status, job.rows_done, job.rows_total) == ("previewed", 5, 5)
    client.post(reverse("imports:commit", args=[job.pk]))
    job.refresh_from_db()
    assert queued == ["check_import", "write_import"] and job.status == "committed"
    assert Enterprise.objects.filter(name__startswith="青海导入测试").count() == 5


def test_a_small_file_runs_inside_the_request(world, login, book, import_root, queued):
    client = login(world.park_a_officer)
    upload(client, book)
    client.post(reverse("imports:commit", args=[ImportJob.objects.get().pk]))
    assert queued == [] and ImportJob.objects.get().status == "committed"


def test_a_job_cancelled_before_writing_writes_nothing(world, login, book, import_root):
    client = login(world.park_a_officer)
    upload(client, book)
    job = ImportJob.objects.get()
    assert "取消导入" in client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    client.post(reverse("imports:cancel", args=[job.pk]))
    client.post(reverse("imports:commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "cancelled"
    assert not Enterprise.objects.filter(name__startswith="青海导入测试").exists()
    # Someone else cannot cancel it (out of scope: 404).
    assert login(world.park_b_officer).post(
        reverse("imports:cancel", args=[job.pk])
    ).status_code == (404)


def test_a_job_whose_worker_died_reads_failed_and_runs_again(world, login, book, import_root):
    client = login(world.park_a_officer)
    upload(client, book)
    job = ImportJob.objects.get()
    # Confirmed and taken by a process of this host that no longer exists (killed mid-write).
    ImportJob.objects.filter(pk=job.pk).update(
        status="writing", worker=f"{jobs.worker_id().rsplit(':', 1)[0]}:4194303"
    )
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == "failed" and "进程已停止" in job.error
    assert "进程已停止" in page and "重新运行" in page
    client.post(reverse("imports:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "committed" and job.attempts == 2
    assert Enterprise.objects.filter(name__startswith="青海导入测试").count() == 5


def test_a_job_on_another_host_fails_when_its_lease_runs_out(world, login, book, import_root):
    from django.utils import timezone

    upload(login(world.park_a_officer), book)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        status="checking", worker="other-host:12", heartbeat_at=timezone.now()
    )
    assert jobs.recover_all() == 0
    ImportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timezone.timedelta(minutes=10)
    )
    assert jobs.recover_all() == 1
    assert ImportJob.objects.get().status == "failed"


def test_my_imports_lists_the_job_with_its_result(world, login, book, import_root):
    client = login(world.park_a_officer)
    upload(client, book)
    client.post(reverse("imports:commit", args=[ImportJob.objects.get().pk]))
    page = client.get(reverse("imports:list")).content.decode()
    assert "我的导入" in page and "名录.xlsx" in page and "已导入" in page


def test_old_uploads_and_orphans_are_removed(world, login, book, import_root):
    import os
    import time

    from django.utils import timezone

    upload(login(world.park_a_officer), book)
    job = ImportJob.objects.get()
    stored = import_root / job.stored_path
    orphan = stored.with_name("orphan.xlsx")
    orphan.write_bytes(b"x")
    old = time.time() - 3 * 86400
    os.utime(orphan, (old, old))
    ImportJob.objects.filter(pk=job.pk).update(status="committed")
    assert jobs.remove_old_uploads() == {"removed": 0, "orphans": 1}
    assert stored.is_file() and not orphan.exists()
    later = timezone.now() + timezone.timedelta(days=8)
    assert jobs.remove_old_uploads(now=later) == {"removed": 1, "orphans": 0}
    assert not stored.exists()
