"""A 50 MB CSV of 300,000 rows uploaded through the job path, and the worker's peak memory.

The file is the registry's layout (the enterprise import), each row padded with an address to
reach the size of the file that was tried on the page (500 with gunicorn's timeout, the worker
at 2.2 GB). Here it goes the way a large upload goes: stored, queued, and checked by a real
worker (``manage.py run_huey``, a process of its own), whose peak resident memory (VmHWM) is
read from /proc while it runs. It must end refused with its problems or previewed, never
killed, with the peak at most 1 GB.

A second, smaller file (``--finish-rows``, 10,000 by default) goes all the way: checked,
confirmed and written by the worker, to show the memory of an import that finishes.

    DATABASE_URL=... python -m benchmarks.bench_memory --rows 300000 --mb 50 --json out.json
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import ROOT, VAR, setup_django

AIM_MB = 1024
HEADERS = ["统一社会信用代码", "企业名称", "园区", "行业代码", "是否规上", "注册地址"]


def write_csv(path: Path, rows: int, megabytes: float) -> int:
    from zoneops.enterprises.codes import credit_code

    # The address pads each row to the file's size (UTF-8: three bytes a Chinese character).
    plain = len(f"{credit_code(1)},青海批量1有限公司,东川工业园,3841,否,\r\n".encode())
    pad = max(int(megabytes * 1_000_000 / rows) - plain - 12, 0) // 3
    street = ("青海省西宁市经济技术开发区东川工业园金桥路综合楼" * 10)[:pad]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for n in range(1, rows + 1):
            writer.writerow(
                [
                    credit_code(n),
                    f"青海批量{n}有限公司",
                    "东川工业园",
                    "3841",
                    "否",
                    f"{street}{n}号",
                ]
            )
    return path.stat().st_size


def peak_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def through_the_worker(path: Path, env: dict[str, str], *, confirm: bool) -> dict[str, Any]:
    """Upload ``path`` as a job (queued, nothing runs here), let a worker check it (and write it,
    with ``confirm``); the outcome, the seconds and the worker's peak memory."""
    from django.core.files.uploadedfile import TemporaryUploadedFile

    from zoneops.core.imports import jobs
    from zoneops.core.imports.registry import get_kind
    from zoneops.core.models import ImportJob, User

    kind = get_kind("enterprises")
    assert kind is not None
    upload = TemporaryUploadedFile(path.name, "text/csv", path.stat().st_size, "utf-8")
    with path.open("rb") as source:
        while chunk := source.read(1 << 20):
            upload.write(chunk)
    upload.seek(0)
    started = time.perf_counter()
    job = jobs.job_preview(kind=kind, upload=upload, actor=User.objects.get(username="bench"))
    upload.close()
    log = (VAR / "bench-worker.log").open("wb")
    worker = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(ROOT / "manage.py"), "run_huey", "--workers", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    peak = 0.0
    phases: dict[str, float] = {}
    try:
        ends = {"previewed", "refused", "failed", "committed", "cancelled"}
        while True:
            if worker.poll() is not None:
                raise RuntimeError(f"the worker stopped (exit {worker.returncode})")
            peak = max(peak, peak_mb(worker.pid))
            job.refresh_from_db()
            if job.status in ends:
                phases.setdefault(job.status, time.perf_counter() - started)
                if job.status == "previewed" and confirm:
                    jobs.job_commit(kind=kind, job=job, actor=job.created_by)
                    continue
                break
            time.sleep(0.2)
        peak = max(peak, peak_mb(worker.pid))
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    job = ImportJob.objects.get(pk=job.pk)
    problems = [p["message"] for p in job.problems[:3]]
    return {
        "status": job.status,
        "seconds": time.perf_counter() - started,
        "phases": phases,
        "peak_mb": round(peak, 1),
        "rows": job.summary.get("rows", 0),
        "problems": len(job.problems),
        "first_problems": problems,
        "error": job.error,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--mb", type=float, default=50.0)
    parser.add_argument("--finish-rows", type=int, default=10_000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    VAR.mkdir(parents=True, exist_ok=True)
    queue = VAR / "memory-tasks.sqlite3"
    queue.unlink(missing_ok=True)
    # Every upload goes to a real worker, through a queue of its own.
    os.environ.update(TASKS_IMMEDIATE="0", TASKS_URL=f"sqlite:///{queue}", IMPORT_INLINE_BYTES="0")
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from zoneops.core.models import Role, User
    from zoneops.core.tests.factories import ParkFactory
    from zoneops.enterprises.tests.factories import industry

    call_command("migrate", verbosity=0)
    ParkFactory(name="东川工业园", division_code="630102400")
    industry("3841")
    User.objects.get_or_create(username="bench", defaults={"role": Role.ADMIN})
    env = {**os.environ}
    results = []
    for rows, megabytes, confirm in (
        (args.rows, args.mb, False),
        (args.finish_rows, args.mb * args.finish_rows / args.rows, True),
    ):
        if rows <= 0:
            continue
        path = VAR / f"registry-{rows}.csv"
        size = write_csv(path, rows, megabytes)
        print(f"  {rows:,} rows, {size / 1e6:.1f} MB CSV: through the worker …", flush=True)
        outcome = through_the_worker(path, env, confirm=confirm)
        path.unlink()
        outcome.update(file_rows=rows, file_mb=round(size / 1e6, 1))
        print(
            f"  {rows:,} rows, {size / 1e6:.1f} MB: {outcome['status']} in "
            f"{outcome['seconds']:.1f} s, worker peak {outcome['peak_mb']:.0f} MB"
            + (f" — {outcome['first_problems'][0]}" if outcome["first_problems"] else "")
            + (f" — {outcome['error']}" if outcome["error"] else "")
        )
        results.append(outcome)
    queue.unlink(missing_ok=True)
    if args.json:
        args.json.write_text(
            json.dumps(
                {"database": connection.vendor, "aim_mb": AIM_MB, "results": results},
                ensure_ascii=False,
            )
        )


if __name__ == "__main__":
    main()
