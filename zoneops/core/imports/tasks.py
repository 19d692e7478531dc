"""The import job's steps as tasks (Django's tasks API, DEP 14; Huey runs them, settings.py).

On Django 6 the import becomes ``from django.tasks import task``; nothing else changes.
"""

from __future__ import annotations

from django_tasks import task

from zoneops.core.imports import jobs


@task()
def check_import(job_id: int) -> None:
    """Parse and validate every row of the job's file (it ends previewed or refused)."""
    jobs.check_job(job_id)


@task()
def write_import(job_id: int) -> None:
    """Write a confirmed job's file through the services, all or nothing."""
    jobs.write_job(job_id)
