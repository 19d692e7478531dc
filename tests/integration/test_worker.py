"""A real worker (manage.py run_huey, a second process) takes an import from the queue, on
Redis and on PostgreSQL: the page's process only records the job and queues it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.conftest import Site

ROWS = 300


def _import_through_the_worker(site: Site, tmp_path: Path) -> None:
    book = str(tmp_path / "名录.xlsx")
    site.drive("world", str(ROWS), book)
    before = site.drive("snapshot")["enterprises_enterprise"][0]

    job = site.drive("upload", book)
    # Nothing ran in the uploading process: the job waits for a worker.
    assert (job["status"], job["worker"]) == ("uploaded", "")

    site.start_worker()
    checked = site.wait_for(job["job"], {"previewed", "refused", "failed"})
    assert checked["status"] == "previewed", checked
    assert (checked["done"], checked["total"], checked["summary"]["created"]) == (ROWS, ROWS, ROWS)
    assert site.drive("snapshot")["enterprises_enterprise"][0] == before

    assert site.drive("confirm", str(job["job"]))["status"] in {"confirmed", "writing", "committed"}
    done = site.wait_for(job["job"], {"committed", "refused", "failed"})
    assert done["status"] == "committed", done
    assert done["worker"].rsplit(":", 1)[1] == str(site.workers[0].pid)
    assert site.drive("snapshot")["enterprises_enterprise"][0] == before + ROWS


@pytest.mark.integration
def test_a_real_worker_runs_an_import_queued_in_redis(sqlite_site: Site, tmp_path: Path) -> None:
    sqlite_site.env["TASKS_URL"] = "redis://127.0.0.1:6379/0"
    try:
        _import_through_the_worker(sqlite_site, tmp_path)
    finally:
        sqlite_site.stop()
        sqlite_site.drive("flush")


@pytest.mark.integration
def test_a_real_worker_runs_an_import_queued_in_postgresql(
    postgres_site: Site, tmp_path: Path
) -> None:
    # PostgresHuey keeps the queue in the application's own database.
    postgres_site.env["TASKS_URL"] = postgres_site.env["DATABASE_URL"]
    _import_through_the_worker(postgres_site, tmp_path)
