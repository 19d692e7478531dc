"""The worker as `make run` starts it runs the scheduled jobs on its own: a job whose due time
has passed without a run (a fresh install, a machine that was off) runs when it starts."""

from __future__ import annotations

import time

import pytest

from tests.integration.conftest import Site

DECLARED = {
    "appeals.deadlines",
    "support.reminders",
    "monitoring.missing_reports",
    "monitoring.nowcast",
}


@pytest.mark.integration
def test_the_worker_runs_the_due_jobs_on_its_own(sqlite_site: Site) -> None:
    assert sqlite_site.drive("runs") == []
    worker = sqlite_site.start_worker()
    deadline = time.monotonic() + 60
    while True:
        runs = sqlite_site.drive("runs")
        done = [run for run in runs if run["status"] in {"succeeded", "failed"}]
        # Every declared job has run, and every run the worker began has ended: the apps declare
        # more jobs than these four, and one may still be running when the four are done.
        if {run["job"] for run in done} >= DECLARED and len(done) == len(runs):
            break
        assert time.monotonic() < deadline, (runs, sqlite_site.worker_log())
        time.sleep(0.5)
    assert all(run["status"] == "succeeded" for run in runs), runs
    assert {run["trigger"] for run in runs} == {"schedule"}
    assert {run["worker"].rsplit(":", 1)[1] for run in runs} == {str(worker.pid)}
    # Once per due time: a second worker started now finds nothing to run.
    sqlite_site.start_worker()
    time.sleep(3)
    assert len(sqlite_site.drive("runs")) == len(runs)
