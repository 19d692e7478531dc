"""The one export path: ledgers to .xlsx with XlsxWriter, formula injection neutralised; a
large export (or a generated document) as a job on the worker, found on 我的导出."""

from __future__ import annotations

import datetime as dt
import io
import logging
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

import xlsxwriter
from django.conf import settings
from django.contrib import messages
from django.db.models import F
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from zoneops.core.models import ExportJob

logger = logging.getLogger(__name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# A cell starting with one of these is read by Excel as a formula (or DDE): prefix a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A value Excel will show as typed, never evaluate. A lazy translation (a choice's label, a
    column header) is text in the language of the request."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, Decimal):
        return float(value)
    return value


def workbook(buffer: io.BytesIO) -> Any:
    """An in-memory workbook that writes text as text (never formulas or links)."""
    return xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )


def write_row(
    ws: Any, row_index: int, values: Sequence[Any], *, date_format: Any, text: Any
) -> None:
    """One row of typed cells: dates as dates, text as text (codes such as 0111 or credit codes
    must not become numbers), numbers as numbers; blank cells are left empty."""
    for col, value in enumerate(values):
        value = safe_cell(value)
        if value is None or value == "":
            continue
        if isinstance(value, dt.date):
            ws.write_datetime(
                row_index, col, dt.datetime(value.year, value.month, value.day), date_format
            )
        elif isinstance(value, str):
            ws.write_string(row_index, col, value, text)
        else:
            ws.write(row_index, col, value)


def xlsx_bytes(
    *, sheet: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = ""
) -> bytes:
    """One sheet: an optional title row, a bold header row, then the rows; text stays text."""
    buffer = io.BytesIO()
    book = workbook(buffer)
    ws = book.add_worksheet(str(sheet)[:31])
    bold = book.add_format({"bold": True, "bg_color": "#DDE7F3", "border": 1})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    text = book.add_format({"num_format": "@"})
    row_index = 0
    if title:
        ws.write_string(0, 0, str(title), book.add_format({"bold": True, "font_size": 14}))
        row_index = 1
    for col, header in enumerate(map(str, headers)):
        ws.write_string(row_index, col, header, bold)
        ws.set_column(col, col, max(10, min(40, len(header) * 2 + 4)))
    for values in rows:
        row_index += 1
        write_row(ws, row_index, values, date_format=date_format, text=text)
    ws.freeze_panes(row_index and (2 if title else 1), 0)
    book.close()
    return buffer.getvalue()


def xlsx_response(
    *,
    filename: str,
    sheet: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    title: str = "",
) -> HttpResponse:
    return xlsx_download(xlsx_bytes(sheet=sheet, headers=headers, rows=rows, title=title), filename)


def xlsx_download(content: bytes, filename: str) -> HttpResponse:
    """A workbook as a download named ``filename`` (Chinese names kept, RFC 5987)."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(str(filename))}"
    return response


def xlsx_write(
    out: IO[bytes],
    *,
    sheet: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    title: str = "",
    progress: Progress | None = None,
    total: int = 0,
) -> int:
    """Like :func:`xlsx_bytes`, into ``out``, one row at a time (XlsxWriter's constant-memory
    mode: a sheet of any length holds one row in memory). Returns the rows written."""
    book = xlsxwriter.Workbook(
        out, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    ws = book.add_worksheet(str(sheet)[:31])
    bold = book.add_format({"bold": True, "bg_color": "#DDE7F3", "border": 1})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    text = book.add_format({"num_format": "@"})
    for col, header in enumerate(map(str, headers)):
        ws.set_column(col, col, max(10, min(40, len(header) * 2 + 4)))
    ws.freeze_panes(2 if title else 1, 0)
    row_index = 0
    if title:
        ws.write_string(0, 0, str(title), book.add_format({"bold": True, "font_size": 14}))
        row_index = 1
    for col, header in enumerate(map(str, headers)):
        ws.write_string(row_index, col, header, bold)
    count = 0
    for values in rows:
        row_index += 1
        count += 1
        write_row(ws, row_index, values, date_format=date_format, text=text)
        if progress is not None and count % 500 == 0:
            progress(count, max(total, count))
    book.close()
    if progress is not None:
        progress(count, max(total, count))
    return count


def download(content: bytes | IO[bytes], filename: str, content_type: str = XLSX) -> HttpResponse:
    """A file as a download named ``filename`` (Chinese names kept, RFC 5987)."""
    disposition = f"attachment; filename*=UTF-8''{quote(str(filename))}"
    response: HttpResponse | FileResponse
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = FileResponse(content, content_type=content_type)
    response["Content-Disposition"] = disposition
    return response  # type: ignore[return-value]


# --- Large exports and generated documents as jobs ------------------------------------------
#
# A page offers an export through :func:`export`. An export kind (declared in the app's
# ``module.py``, ``export_kinds=(ExportKind(...),)``) counts its rows for the person and their
# choices; up to ``settings.EXPORT_INLINE_ROWS`` it is written inside the request, as before.
# A larger one becomes an :class:`~zoneops.core.models.ExportJob`: the worker writes it (one
# row in memory at a time) under ``EXPORT_ROOT``, the job's row carries its state and progress
# (any app server shows it), and its owner finds it on 我的导出 and downloads it there; no one
# else can. A generated document (a Word briefing) is an export kind too: it declares no
# ``count`` and always goes to the worker.

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Written:
    """What an export wrote: the name its download takes, and how many rows."""

    filename: str
    rows: int = 0


@dataclass(frozen=True)
class ExportKind:
    """One export a page offers. ``write`` and ``count`` are dotted paths
    (``"package.module:function"``), resolved when used:

    - ``write(*, user, params, out, progress) -> Written``: write the file into ``out`` (a
      binary file), calling ``progress(done, total)`` now and then;
    - ``count(*, user, params) -> int``: the rows it would write (None: always the worker);
    - ``allowed(user) -> bool``: who may ask for it at all (None: whoever reaches the page).

    ``params`` is the page's query (a ``QueryDict``), the same on the page and on the worker.
    """

    key: str
    label: str | Promise
    write: str
    count: str | None = None
    allowed: str | None = None
    content_type: str = XLSX
    extension: str = ".xlsx"

    def may(self, user: Any) -> bool:
        if self.allowed is None:
            return bool(getattr(user, "is_authenticated", False))
        return bool(_resolve(self.allowed)(user))

    def rows(self, *, user: Any, params: QueryDict) -> int | None:
        return None if self.count is None else int(_resolve(self.count)(user=user, params=params))

    def run(self, *, user: Any, params: QueryDict, out: IO[bytes], progress: Progress) -> Written:
        written: Written = _resolve(self.write)(
            user=user, params=params, out=out, progress=progress
        )
        return written


def _resolve(path: str) -> Any:
    from zoneops.core.house import resolve

    return resolve(path)


def export_kinds() -> dict[str, ExportKind]:
    from zoneops.core import house

    return {kind.key: kind for kind in house.export_kinds()}


def get_export_kind(key: str) -> ExportKind | None:
    return export_kinds().get(key)


def params_of(query: QueryDict) -> dict[str, list[str]]:
    return {name: query.getlist(name) for name in query if name not in ("page", "size")}


def query_of(params: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, values in (params or {}).items():
        query.setlist(name, [str(value) for value in values])
    query._mutable = False
    return query


def export(
    request: HttpRequest, key: str, *, title: str = "", params: QueryDict | None = None
) -> HttpResponse:
    """The one way a page answers "导出": the file itself when it is small, otherwise a job on
    the worker and the person sent to it (they may leave; it waits on 我的导出).

    ``params``: what the file is of, when the page's URL names it rather than its query (one
    document of several); the page's query otherwise."""
    kind = get_export_kind(key)
    if kind is None or not kind.may(request.user):
        raise Http404
    params = request.GET if params is None else params
    rows = kind.rows(user=request.user, params=params)
    if rows is not None and rows <= settings.EXPORT_INLINE_ROWS:
        buffer = io.BytesIO()
        written = kind.run(user=request.user, params=params, out=buffer, progress=_no_progress)
        return download(buffer.getvalue(), written.filename, kind.content_type)
    job = export_start(
        kind=kind, actor=request.user, params=params, title=title or str(kind.label), rows=rows
    )
    messages.info(request, _("文件较大，已转入后台生成：可以关闭本页，稍后在“我的导出”中下载"))
    return redirect("exports:detail", job_id=job.pk)


def _no_progress(done: int, total: int) -> None:
    return None


ExportStatus = ExportJob.Status
EXPORT_RUNNING = (ExportStatus.QUEUED, ExportStatus.RUNNING)


class ExportRefused(Exception):
    """The job cannot take this step (it runs already, or has ended)."""


def export_start(
    *, kind: ExportKind, actor: Any, params: QueryDict, title: str, rows: int | None = None
) -> ExportJob:
    """Record the job and queue it for the worker."""
    job = ExportJob.objects.create(
        kind=kind.key,
        title=str(title)[:200],
        params=params_of(params),
        status=ExportStatus.QUEUED,
        created_by=actor,
        rows_total=rows or 0,
        content_type=kind.content_type,
    )
    _enqueue(job)
    job.refresh_from_db()
    return job


def _enqueue(job: ExportJob) -> None:
    from zoneops.core import export_tasks

    export_tasks.run_export.enqueue(job.pk)


def export_cancel(*, job: ExportJob, actor: Any) -> ExportJob:
    if not ExportJob.objects.filter(pk=job.pk, status=ExportStatus.QUEUED).update(
        status=ExportStatus.CANCELLED, finished_at=timezone.now()
    ):
        raise ExportRefused(_("该导出已开始生成或已结束，不能取消"))
    job.refresh_from_db()
    return job


def export_retry(*, job: ExportJob, actor: Any) -> ExportJob:
    """Run a failed export again."""
    export_recover(job)
    if not ExportJob.objects.filter(pk=job.pk, status=ExportStatus.FAILED).update(
        status=ExportStatus.QUEUED, error="", rows_done=0, worker="", finished_at=None
    ):
        raise ExportRefused(_("只有失败的导出可以重新运行"))
    _enqueue(job)
    job.refresh_from_db()
    return job


def export_file(job: ExportJob) -> Path | None:
    """The job's file, while it is kept."""
    if job.status != ExportStatus.DONE or not job.stored_path:
        return None
    path = Path(settings.EXPORT_ROOT) / job.stored_path
    return path if path.is_file() else None


def run_export_job(job_id: int) -> None:
    """The worker's side: write the export under EXPORT_ROOT (as ``.part``, renamed when
    complete), then mark the job done with its file; an error fails it and leaves no file."""
    from zoneops.core.imports.jobs import worker_id

    if not ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING,
        worker=worker_id(),
        heartbeat_at=timezone.now(),
        attempts=F("attempts") + 1,
        rows_done=0,
    ):
        return  # cancelled meanwhile, or another worker has it
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    kind = get_export_kind(job.kind)
    relative = Path(timezone.localdate().strftime("%Y/%m")) / (
        uuid.uuid4().hex + (kind.extension if kind else "")
    )
    target = Path(settings.EXPORT_ROOT) / relative
    partial = target.with_name(target.name + ".part")
    try:
        if kind is None:
            raise ExportRefused(_("导出类型“%(kind)s”已不存在") % {"kind": job.kind})
        target.parent.mkdir(parents=True, exist_ok=True)
        progress = _ExportProgress(job.pk)
        with partial.open("wb") as out:
            written = kind.run(
                user=job.created_by, params=query_of(job.params), out=out, progress=progress
            )
        partial.replace(target)
    except Exception as exc:
        partial.unlink(missing_ok=True)
        if not isinstance(exc, ExportRefused):
            logger.exception("export job %s failed", job_id)
        message = str(exc)[:500] or type(exc).__name__
        ExportJob.objects.filter(pk=job_id, status=ExportStatus.RUNNING).update(
            status=ExportStatus.FAILED,
            error=_("导出出错：%(error)s") % {"error": message},
            finished_at=timezone.now(),
        )
        return
    ended = ExportJob.objects.filter(pk=job_id, status=ExportStatus.RUNNING).update(
        status=ExportStatus.DONE,
        stored_path=str(relative),
        file_name=written.filename[:255],
        file_size=target.stat().st_size,
        rows_done=written.rows,
        rows_total=written.rows,
        finished_at=timezone.now(),
    )
    if not ended:
        target.unlink(missing_ok=True)  # failed meanwhile (its lease ran out): no file kept


class _ExportProgress:
    """Rows done of rows total, and the worker's heartbeat, on the job's row at most once a
    second (no transaction is open while an export is written)."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 1.0:
            return
        self.last = now
        ExportJob.objects.filter(pk=self.job_id, status=ExportStatus.RUNNING).update(
            rows_done=done, rows_total=total, heartbeat_at=timezone.now()
        )


def export_recover(job: ExportJob) -> bool:
    """Mark the job failed if its worker died (as an import's, core/imports/jobs.py)."""
    from zoneops.core.imports.jobs import process_alive

    if job.status != ExportStatus.RUNNING:
        return False
    alive = process_alive(job.worker)
    if alive is None:
        lease = timezone.now() - dt.timedelta(seconds=settings.IMPORT_LEASE_SECONDS)
        alive = job.heartbeat_at is not None and job.heartbeat_at >= lease
    if alive:
        return False
    failed = ExportJob.objects.filter(pk=job.pk, status=job.status, worker=job.worker).update(
        status=ExportStatus.FAILED,
        error=_("生成该导出的进程已停止（如服务器重启），可以重新运行。"),
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return bool(failed)


def remove_old_exports(*, now: Any = None) -> dict[str, int]:
    """The files of exports finished more than EXPORT_KEEP_DAYS ago are removed (the job stays,
    saying so), and files under EXPORT_ROOT that no job names."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.EXPORT_KEEP_DAYS)
    root = Path(settings.EXPORT_ROOT)
    removed = 0
    old = ExportJob.objects.filter(finished_at__lt=cutoff).exclude(stored_path="")
    for job in old:
        (root / job.stored_path).unlink(missing_ok=True)
        removed += 1
    old.update(stored_path="")
    known = set(ExportJob.objects.exclude(stored_path="").values_list("stored_path", flat=True))
    orphans = 0
    for target in root.glob("*/*/*") if root.is_dir() else ():
        relative = str(target.relative_to(root))
        stale = target.stat().st_mtime < (now - dt.timedelta(days=1)).timestamp()
        if target.is_file() and relative not in known and stale:
            target.unlink()
            orphans += 1
    return {"removed": removed, "orphans": orphans}
