"""Nothing half-written: the import worker killed (SIGKILL) in the middle of writing a
10,000-row workbook leaves the database exactly as it was, and the job reads failed."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tests.integration.conftest import Site

ROWS = 10_000


@pytest.mark.integration
def test_worker_killed_while_writing_changes_nothing_and_the_job_fails(
    sqlite_site: Site, tmp_path: Path
) -> None:
    site = sqlite_site
    book = str(tmp_path / "一万行.xlsx")
    site.drive("world", str(ROWS), book)
    job = site.drive("upload", book)["job"]
    worker = site.start_worker()
    assert site.wait_for(job, {"previewed", "refused", "failed"}, timeout=300)["status"] == (
        "previewed"
    )
    before = site.drive("snapshot")

    site.drive("confirm", str(job))
    site.wait_for(job, {"writing", "committed", "failed"})
    # Well inside the write (10,000 enterprises and their history take seconds).
    time.sleep(1.0)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    assert site.drive("status", str(job))["status"] == "writing"

    assert site.drive("snapshot") == before
    assert site.drive("recover") == {"failed": 1}
    failed = site.drive("status", str(job))
    assert failed["status"] == "failed" and "进程已停止" in failed["error"]
    # Running it again is tests/core/test_import_jobs.py's (10,000 rows twice is slow).
