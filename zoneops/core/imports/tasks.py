"""The import job's steps as tasks (Django's tasks API, DEP 14; Huey runs them, settings.py),
and the worker's upkeep of jobs (Huey periodic tasks: DEP 14 has no schedules).

On Django 6 the import becomes ``from django.tasks import task``; nothing else changes.
"""

from __future__ import annotations

from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zoneops.core.imports import jobs


@task()
def check_import(job_id: int) -> None:
    """Parse and validate every row of the job's file (it ends previewed or refused)."""
    jobs.check_job(job_id)


@task()
def write_import(job_id: int) -> None:
    """Write a confirmed job's file through the services, all or nothing."""
    jobs.write_job(job_id)


@db_periodic_task(crontab(minute="*/5"), name="imports.recover")
def recover_imports() -> int:
    """Every five minutes: a running job whose worker died is marked failed (it can be rerun)."""
    return jobs.recover_all()


@db_periodic_task(crontab(minute="17", hour="3"), name="imports.remove_old_uploads")
def remove_old_uploads() -> dict[str, int]:
    """Nightly: the uploads of long-ended jobs, and files no job names, are removed."""
    return jobs.remove_old_uploads()
