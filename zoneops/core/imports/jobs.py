"""Import jobs on the pages: keep the uploaded file, preview it, and commit it once.

The preview is a dry run of the engine; the commit runs the same import again, for real, from
the stored file, while another request polls its progress from the cache.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.core.imports.engine import Result, run
from zoneops.core.imports.problems import ImportRefused
from zoneops.core.imports.reader import EXTENSIONS, extension
from zoneops.core.imports.registry import ImportKind
from zoneops.core.models import ImportJob

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
PROGRESS_TIMEOUT = 60 * 60


class CommitRefused(Exception):
    """The job cannot be committed (already committed, being committed, or refused)."""


def progress_key(job_id: int) -> str:
    return f"zoneops:import-progress:{job_id}"


def progress_of(job_id: int) -> dict[str, Any] | None:
    """{"done", "total", "state"} of a running or finished commit, as the pages poll it."""
    return cache.get(progress_key(job_id))


def check_upload(upload: UploadedFile) -> None:
    """Refuse a file the engine cannot read before keeping it."""
    if extension(upload.name or "") not in EXTENSIONS:
        raise ImportRefused(_("不支持的文件类型：请上传 .xlsx、.xls、.ods 或 .csv 文件"))
    if (upload.size or 0) > MAX_UPLOAD_BYTES:
        raise ImportRefused(_("文件过大：最大 50 MB"))


def store_upload(upload: UploadedFile) -> str:
    """Save the upload under IMPORT_ROOT by a random name; returns the path relative to it."""
    relative = (
        Path(timezone.localdate().strftime("%Y/%m"))
        / f"{uuid.uuid4().hex}{extension(upload.name or '')}"
    )
    target = Path(settings.IMPORT_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return str(relative)


def stored_file(job: ImportJob) -> Path:
    return Path(settings.IMPORT_ROOT) / job.stored_path


def _fill(job: ImportJob, result: Result) -> None:
    job.summary = result.summary()
    job.problems = [problem.as_dict() for problem in result.problems]
    job.preview = result.preview_rows


def job_preview(
    *, kind: ImportKind, upload: UploadedFile, actor: Any, options: dict[str, str] | None = None
) -> ImportJob:
    """Keep the file, dry-run it, and record the job as previewed or refused.

    ``options`` are the uploader's choices (e.g. the period); the commit reuses them.
    """
    options = options or {}
    check_upload(upload)
    stored = store_upload(upload)
    file_name = Path(upload.name or "upload").name[:255]
    result = run(
        kind.spec(**options),
        Path(settings.IMPORT_ROOT) / stored,
        actor=actor,
        dry_run=True,
        filename=file_name,
    )
    job = ImportJob(
        kind=kind.key,
        file_name=file_name,
        stored_path=stored,
        status=ImportJob.Status.PREVIEWED if result.ok else ImportJob.Status.REFUSED,
        created_by=actor,
        options=options,
    )
    _fill(job, result)
    job.save()
    return job


def job_commit(*, kind: ImportKind, job: ImportJob, actor: Any) -> ImportJob:
    """Run a previewed job for real, once. A second commit (a double click, another tab) waits
    for the first on the job's row lock and is then refused."""
    key = progress_key(job.pk)
    running = cache.get(key)
    if running and running.get("state") == "running":
        raise CommitRefused(_("该文件正在导入，请稍候"))

    def progress(done: int, total: int) -> None:
        cache.set(key, {"done": done, "total": total, "state": "running"}, PROGRESS_TIMEOUT)

    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ImportJob.Status.PREVIEWED:
            raise CommitRefused(_("该文件已导入或有错误，不能再次导入"))
        progress(0, 1)
        try:
            result = run(
                kind.spec(**(locked.options or {})),
                stored_file(locked),
                actor=actor,
                dry_run=False,
                filename=locked.file_name,
                progress=progress,
            )
        finally:
            cache.set(key, {"done": 1, "total": 1, "state": "done"}, PROGRESS_TIMEOUT)
        _fill(locked, result)
        locked.status = ImportJob.Status.COMMITTED if result.written else ImportJob.Status.REFUSED
        locked.committed_at = timezone.now() if result.written else None
        locked.save()
    return locked
