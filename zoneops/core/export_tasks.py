"""The export job as a task (Django's tasks API; Huey runs it), and its nightly upkeep."""

from __future__ import annotations

from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zoneops.core import exports


@task()
def run_export(job_id: int) -> None:
    """Write a queued export under EXPORT_ROOT (core/exports.py)."""
    exports.run_export_job(job_id)


@db_periodic_task(crontab(minute="27", hour="3"), name="exports.remove_old_files")
def remove_old_exports() -> dict[str, int]:
    """Nightly: the files of exports finished more than EXPORT_KEEP_DAYS ago are removed."""
    return exports.remove_old_exports()
