"""定时任务: the jobs the apps declare run on the worker's schedule (catching up a missed one
once), every run is recorded, and administrators see them with their next run and run them."""

from __future__ import annotations

import datetime as dt
import os
import re
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from zoneops.core import house, schedule_tasks, schedules
from zoneops.core.models import ScheduleRun
from zoneops.support.models import Notice
from zoneops.support.tests.factories import program

SHANGHAI = ZoneInfo("Asia/Shanghai")
DECLARED = {
    "appeals.deadlines",
    "support.reminders",
    "monitoring.missing_reports",
    "monitoring.nowcast",
    "support.candidates",
}


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=SHANGHAI)  # type: ignore[misc]


def test_daily_and_monthly_times_in_words_last_and_next():
    every_day = schedules.daily(7, 5)
    assert every_day.latest(at(2024, 3, 1, 7, 5)) == at(2024, 3, 1, 7, 5)
    assert every_day.latest(at(2024, 3, 1, 7, 4)) == at(2024, 2, 29, 7, 5)
    assert every_day.next(at(2024, 12, 31, 8, 0)) == at(2025, 1, 1, 7, 5)
    fifth = schedules.monthly(5, 6, 30)
    assert fifth.latest(at(2024, 1, 4, 23, 0)) == at(2023, 12, 5, 6, 30)
    assert fifth.next(at(2024, 1, 4, 23, 0)) == at(2024, 1, 5, 6, 30)
    assert fifth.next(at(2024, 12, 5, 6, 30)) == at(2025, 1, 5, 6, 30)
    with translation.override("zh-hans"):
        assert (every_day.words(), fifth.words()) == ("每天 07:05", "每月5日 06:30")
    with translation.override("en"):
        assert (every_day.words(), fifth.words()) == ("Daily at 07:05", "Monthly on day 5 at 06:30")


def test_the_apps_declare_their_jobs_with_labelled_counts(monkeypatch):
    assert set(schedules.registry()) >= DECLARED
    for job in schedules.jobs():
        assert job.counts, job.key
    twice = [*house.jobs(), schedules.Job("appeals.deadlines", "x", dict, schedules.daily(1))]
    monkeypatch.setattr(house, "jobs", lambda: twice)
    monkeypatch.setattr(schedules, "JOBS", {})
    with pytest.raises(Exception, match="two scheduled jobs"):
        schedules.registry()


@pytest.mark.django_db
def test_a_due_job_is_queued_once_per_due_time_and_a_missed_one_catches_up():
    now = at(2024, 3, 1, 12, 0)
    first = schedules.queue_due(now)
    # Never run: each job's latest due time (this morning) is caught up at once.
    assert {run.job for run in first} >= DECLARED
    assert all(run.status == "queued" and run.trigger == "schedule" for run in first)
    assert schedules.queue_due(now + dt.timedelta(minutes=1)) == []
    # The next morning each daily job is due again, once.
    again = schedules.queue_due(at(2024, 3, 2, 9, 0))
    assert sorted(run.job for run in again) == sorted(run.job for run in first)
    assert {run.due_at for run in again if run.job == "appeals.deadlines"} == {at(2024, 3, 2, 7, 0)}


@pytest.mark.django_db
def test_the_worker_tick_runs_the_jobs_and_the_reminders_page_fills(world, login):
    program([("park", "in", str(world.park_a.pk))])  # closes in five days
    assert not Notice.objects.filter(recipient=world.ent_x_user).exists()

    assert schedule_tasks.tick.call_local() >= len(DECLARED)

    runs = {run.job: run for run in ScheduleRun.objects.all()}
    assert all(runs[key].status == "succeeded" for key in DECLARED), runs
    reminders = runs["support.reminders"]
    assert reminders.counts["programs"] == 1 and reminders.counts["notices"] >= 1
    assert reminders.started_at and reminders.finished_at and reminders.worker
    page = login(world.ent_x_user).get(reverse("support:notices")).content.decode()
    assert "5天后截止" in page
    # The next tick finds nothing due.
    assert schedule_tasks.tick.call_local() == 0


@pytest.mark.django_db
def test_a_failing_job_is_recorded_with_its_error(monkeypatch):
    def broken() -> dict[str, int]:
        raise RuntimeError("电网台账格式不对")

    job = schedules.registry()["monitoring.nowcast"]
    monkeypatch.setitem(
        schedules.registry(),
        job.key,
        schedules.Job(job.key, job.label, broken, job.when, job.counts),
    )
    run = schedules.run_here(job.key)
    assert run.status == "failed" and "电网台账格式不对" in run.error and run.finished_at
    with pytest.raises(CommandError, match="电网台账格式不对"):
        schedules.command_run(job.key)


@pytest.mark.django_db
def test_the_commands_run_the_same_jobs_and_are_recorded(world):
    out = StringIO()
    call_command("check_missing_reports", stdout=out)
    assert "逾期未报送" in out.getvalue()
    call_command("appeals_deadlines", "--date", "2024-03-20", stdout=StringIO())
    call_command("support_reminders", stdout=StringIO())
    recorded = ScheduleRun.objects.filter(trigger="command", status="succeeded")
    assert set(recorded.values_list("job", flat=True)) == {
        "monitoring.missing_reports",
        "appeals.deadlines",
        "support.reminders",
    }


@pytest.mark.django_db
def test_administrators_see_the_schedules_and_run_one_now(world, login):
    program([("park", "in", str(world.park_a.pk))])
    client = login(world.admin)
    page = client.get(reverse("schedules:list")).content.decode()
    assert "申报截止提醒" in page and "每天 07:10" in page and "从未运行" in page

    response = client.post(reverse("schedules:run", args=["support.reminders"]), follow=True)
    assert response.status_code == 200
    run = ScheduleRun.objects.get(job="support.reminders")
    assert (run.trigger, run.status, run.requested_by) == ("manual", "succeeded", world.admin)
    page = response.content.decode()
    assert "“申报截止提醒”已运行" in page and "新发提醒" in page and "手动运行" in page
    assert client.post(reverse("schedules:run", args=["no.such.job"])).status_code == 404


@pytest.mark.django_db
def test_the_schedules_page_in_english_has_no_chinese_left(world, login):
    client = login(world.admin)
    client.cookies["django_language"] = "en"
    schedules.run_here("appeals.deadlines")
    page = client.get(reverse("schedules:list")).content.decode()
    main = page[page.index("<main") : page.index("</main>")] if "<main" in page else page
    assert "Scheduled jobs" in main and "Daily at 07:00" in main
    assert not re.findall(r"[\u4e00-\u9fff]+", main)


@pytest.mark.django_db
def test_only_administrators_reach_the_schedules(world, login):
    for user in (world.leader, world.econ, world.park_a_officer, world.ent_x_user):
        client = login(user)
        assert client.get(reverse("schedules:list")).status_code == 404
        assert client.post(reverse("schedules:run", args=["support.reminders"])).status_code == 404
    assert not ScheduleRun.objects.exists()


@pytest.mark.django_db
def test_run_now_is_refused_while_the_job_runs_and_a_dead_workers_run_fails(world, login):
    import socket

    running = ScheduleRun.objects.create(
        job="support.reminders",
        trigger="schedule",
        status="running",
        worker=f"{socket.gethostname()}:{os.getpid()}",
    )
    client = login(world.admin)
    page = client.post(reverse("schedules:run", args=["support.reminders"]), follow=True)
    assert "正在运行或已在队列中" in page.content.decode()
    assert ScheduleRun.objects.count() == 1

    # Its worker dies (a pid no process has): the next tick marks the run failed.
    ScheduleRun.objects.filter(pk=running.pk).update(worker=f"{socket.gethostname()}:99999999")
    schedule_tasks.tick.call_local()
    running.refresh_from_db()
    assert running.status == "failed" and "进程已停止" in running.error
    client.post(reverse("schedules:run", args=["support.reminders"]))
    assert ScheduleRun.objects.filter(trigger="manual", status="succeeded").count() == 1
