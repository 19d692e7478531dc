"""The scheduled jobs on the worker (core/schedules.py): a Huey periodic task queues the jobs
that are due, and each run is a task (Django's tasks API, DEP 14; Huey runs it).

On Django 6 the import becomes ``from django.tasks import task``; nothing else changes.
"""

from __future__ import annotations

from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zoneops.core import schedules


@task()
def run_queued(run_id: int) -> None:
    """Run one queued run of a scheduled job (from the schedule or "run now")."""
    schedules.execute(run_id)


@db_periodic_task(crontab(minute="*"), name="schedules.tick")
def tick() -> int:
    """Every minute: queue each job whose due time has come (or was missed), once; a run
    whose worker died is marked failed."""
    schedules.recover_runs()
    queued = schedules.queue_due()
    for run in queued:
        run_queued.enqueue(run.pk)
    return len(queued)
