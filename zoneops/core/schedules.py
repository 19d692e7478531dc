"""定时任务: the daily and monthly jobs the apps declare, run by the worker, each run recorded.

An app declares each of its jobs in its ``module.py`` (:mod:`zoneops.core.house`)::

    jobs=(Job("appeals.deadlines", _("诉求到期提醒与督办"),
              "zoneops.appeals.services:deadlines_run", daily(7, 0),
              counts={"checked": _("检查诉求"), "reminded": _("到期提醒")}),)

``function`` (a dotted path, resolved when the job first runs) takes no required arguments and
returns its counts (name → number); ``counts`` labels them for the page. The worker (``manage.py
run_huey``, started by ``make run``) runs a Huey periodic task every minute (:func:`tick`) that
queues each job whose latest due time has no run yet, so a job missed while the machine was off
runs when the worker starts, and two workers never run the same due time twice (a unique row per
job and due time). Every run — scheduled, "run now" on the page, or the job's management command
— goes through :func:`execute` and is recorded as a :class:`~zoneops.core.models.ScheduleRun`."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from zoneops.core import house
from zoneops.core.house import resolve
from zoneops.core.models import ScheduleRun, User

logger = logging.getLogger(__name__)

Trigger = ScheduleRun.Trigger
Status = ScheduleRun.Status
ACTIVE = (Status.QUEUED, Status.RUNNING)


@dataclass(frozen=True)
class When:
    """At ``hour:minute`` every day, or on ``day`` (1–28) of every month."""

    hour: int
    minute: int
    day: int | None = None

    def __post_init__(self) -> None:
        if not (0 <= self.hour < 24 and 0 <= self.minute < 60):
            raise ImproperlyConfigured(f"schedule time {self.hour}:{self.minute} is not a time")
        if self.day is not None and not 1 <= self.day <= 28:
            raise ImproperlyConfigured("a monthly job runs on day 1–28 (every month has it)")

    def words(self) -> str:
        """The schedule as a person reads it: 每天 07:00, 每月5日 06:30."""
        time = f"{self.hour:02d}:{self.minute:02d}"
        if self.day is None:
            return _("每天 %(time)s") % {"time": time}
        return _("每月%(day)s日 %(time)s") % {"day": self.day, "time": time}

    def _at(self, local: dt.datetime, day: int | None = None) -> dt.datetime:
        return local.replace(
            day=day or local.day, hour=self.hour, minute=self.minute, second=0, microsecond=0
        )

    def latest(self, now: dt.datetime) -> dt.datetime:
        """The last time the job was due, at or before ``now``."""
        local = timezone.localtime(now)
        if self.day is None:
            due = self._at(local)
            return due if due <= local else due - dt.timedelta(days=1)
        due = self._at(local, self.day)
        if due <= local:
            return due
        year, month = (local.year, local.month - 1) if local.month > 1 else (local.year - 1, 12)
        return due.replace(year=year, month=month)

    def next(self, now: dt.datetime) -> dt.datetime:
        """The next time the job is due, after ``now``."""
        latest = self.latest(now)
        if self.day is None:
            return latest + dt.timedelta(days=1)
        year, month = (latest.year, latest.month + 1) if latest.month < 12 else (latest.year + 1, 1)
        return latest.replace(year=year, month=month)


def daily(hour: int, minute: int = 0) -> When:
    return When(hour, minute)


def monthly(day: int, hour: int, minute: int = 0) -> When:
    return When(hour, minute, day)


@dataclass(frozen=True)
class Job:
    key: str
    label: str | Promise
    function: str | Callable[..., Mapping[str, int]]
    when: When
    counts: Mapping[str, str | Promise] = field(default_factory=dict)

    def count_labels(self, counts: Mapping[str, int]) -> list[tuple[str, int]]:
        """A run's counts with their labels, in the declared order."""
        return [(str(label), counts[name]) for name, label in self.counts.items() if name in counts]

    def call(self, **arguments: Any) -> Mapping[str, int]:
        function = resolve(self.function) if isinstance(self.function, str) else self.function
        result: Mapping[str, int] = function(**arguments)
        return result


JOBS: dict[str, Job] = {}


def registry() -> dict[str, Job]:
    """Every declared job by key (the apps' ``module.py``), read once."""
    if not JOBS:
        for job in house.jobs():
            if job.key in JOBS:
                raise ImproperlyConfigured(f"two scheduled jobs are named {job.key!r}")
            JOBS[job.key] = job
    return JOBS


def get_job(key: str) -> Job | None:
    return registry().get(key)


def jobs() -> list[Job]:
    return sorted(registry().values(), key=lambda job: (job.when.hour, job.when.minute, job.key))


def queue_due(now: dt.datetime | None = None) -> list[ScheduleRun]:
    """A queued run for each job whose latest due time has no scheduled run yet (once: another
    worker that sees the same due time finds the row there)."""
    now = now or timezone.now()
    queued = []
    for job in jobs():
        due = job.when.latest(now)
        runs = ScheduleRun.objects.filter(job=job.key, trigger=Trigger.SCHEDULE)
        if runs.filter(due_at__gte=due).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduleRun.objects.create(
                    job=job.key, trigger=Trigger.SCHEDULE, status=Status.QUEUED, due_at=due
                )
        except IntegrityError:
            continue  # another worker queued it first
        queued.append(run)
    return queued


class AlreadyRunning(Exception):
    """The job has a run queued or running: a second one is not started."""


def run_now(key: str, *, actor: User) -> ScheduleRun:
    """运行一次: queue a run of the job for the worker (at once, in the tests); refused while
    one is queued or running (a double click, a second administrator)."""
    from zoneops.core import schedule_tasks

    if key not in registry():
        raise KeyError(key)
    recover_runs()
    with transaction.atomic():
        if ScheduleRun.objects.filter(job=key, status__in=ACTIVE).exists():
            raise AlreadyRunning(key)
        run = ScheduleRun.objects.create(
            job=key, trigger=Trigger.MANUAL, status=Status.QUEUED, requested_by=actor
        )
    schedule_tasks.run_queued.enqueue(run.pk)
    run.refresh_from_db()
    return run


def run_here(key: str, **arguments: Any) -> ScheduleRun:
    """Run the job in this process (its management command), recorded like the others;
    ``arguments`` go to the job's function (a command's --date, say)."""
    run = ScheduleRun.objects.create(job=key, trigger=Trigger.COMMAND, status=Status.QUEUED)
    execute(run.pk, **arguments)
    run.refresh_from_db()
    return run


def command_run(key: str, **arguments: Any) -> dict[str, int]:
    """:func:`run_here` for a management command: its counts, or CommandError if it failed."""
    from django.core.management.base import CommandError

    run = run_here(key, **arguments)
    if run.status != Status.SUCCEEDED:
        raise CommandError(run.error)
    return dict(run.counts)


def execute(run_id: int, **arguments: Any) -> None:
    """Claim the queued run (one worker only), run its job and record how it went."""
    from zoneops.core.imports.jobs import worker_id

    claimed = ScheduleRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now(), worker=worker_id()
    )
    if not claimed:
        return
    run = ScheduleRun.objects.get(pk=run_id)
    job = registry().get(run.job)
    counts: dict[str, int] = {}
    error = ""
    try:
        if job is None:
            raise LookupError(_("任务“%(job)s”已不存在") % {"job": run.job})
        counts = {name: int(value) for name, value in job.call(**arguments).items()}
    except Exception as exc:
        logger.exception("scheduled job %s failed", run.job)
        error = f"{type(exc).__name__}: {exc}"[:2000]
    ScheduleRun.objects.filter(pk=run_id).update(
        status=Status.FAILED if error else Status.SUCCEEDED,
        counts=counts,
        error=error,
        finished_at=timezone.now(),
    )


def recover_runs() -> int:
    """A run whose worker process has died (on this host) is marked failed."""
    from zoneops.core.imports.jobs import process_alive

    failed = 0
    for run in ScheduleRun.objects.filter(status=Status.RUNNING).exclude(worker=""):
        if process_alive(run.worker) is False:
            failed += ScheduleRun.objects.filter(pk=run.pk, status=Status.RUNNING).update(
                status=Status.FAILED,
                error=_("运行该任务的进程已停止（如服务器重启）"),
                finished_at=timezone.now(),
            )
    return failed


@dataclass
class JobState:
    """A job as the page shows it: its schedule, next run and last runs."""

    job: Job
    next_at: dt.datetime
    # Its latest due time has no scheduled run yet: the worker runs it within the minute.
    waiting: bool
    last: ScheduleRun | None
    last_counts: list[tuple[str, int]]


def job_states(now: dt.datetime | None = None) -> list[JobState]:
    now = now or timezone.now()
    scheduled = dict(
        ScheduleRun.objects.filter(trigger=Trigger.SCHEDULE)
        .values("job")
        .annotate(due=Max("due_at"))
        .values_list("job", "due")
    )
    states = []
    for job in jobs():
        last = ScheduleRun.objects.filter(job=job.key).select_related("requested_by").first()
        done = scheduled.get(job.key)
        states.append(
            JobState(
                job=job,
                next_at=job.when.next(now),
                waiting=done is None or done < job.when.latest(now),
                last=last,
                last_counts=job.count_labels(last.counts) if last else [],
            )
        )
    return states
