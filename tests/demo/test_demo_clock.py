"""The demo stands on one day and its texts make sense (issue 12, items 19 and 20)."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings

from tests.demo.clock import assert_on_one_clock
from zoneops.demo.clock import last_month
from zoneops.monitoring.models import MonthlyReport, ReportStatus
from zoneops.projects.models import KeyProject, Problem
from zoneops.support.models import Difficulty

YI = 100_000_000
# Words any difficulty or resolution may use without saying what was done about it.
GENERIC = {"落实", "协调", "公司", "部门", "企业", "项目", "办理", "尚未", "完成"}
LATIN = re.compile(r"[A-Za-z]+")


def test_every_module_stands_on_the_day_the_demo_is_built(demo) -> None:
    assert_on_one_clock(demo.today)


def test_ent1_reports_every_month_up_to_the_live_one_against_last_year(demo) -> None:
    """The period list, the form's 上年同期 and the history chart run without a gap to the
    month being reported now."""
    ent1 = demo.user("ent1").enterprise
    year, month = last_month(demo.today)
    before = last_month(dt.date(year, month, 1))
    reports = MonthlyReport.objects.filter(enterprise=ent1, status=ReportStatus.APPROVED)
    months = sorted(reports.values_list("period__year", "period__month"))
    assert months[-1] >= before
    assert len(months) == 12 * (months[-1][0] - months[0][0]) + months[-1][1] - months[0][1] + 1
    last_year = reports.get(period__year=year - 1, period__month=month)
    assert last_year.values.filter(indicator__code="output_value", ytd_value__gt=0).exists()


def test_make_run_prints_every_account_the_readme_lists(demo) -> None:
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    table = readme.split("| account | who |", 1)[1].split("\n\n", 1)[0]
    accounts = [
        name
        for row in table.splitlines()[2:]
        for name in re.findall(r"`([a-z0-9-]+)`", row.split("|")[1])
    ]
    assert "taskforce" in accounts and len(accounts) == 17
    printed = re.findall(r"^  (\S+) ", demo.output.split("Demo logins", 1)[1], re.M)
    assert set(accounts) <= set(printed), set(accounts) - set(printed)


def _answers(problem: str, resolution: str) -> bool:
    words = {problem[i : i + 2] for i in range(len(problem) - 1)} - GENERIC
    return any(word in resolution for word in words)


def test_a_resolved_difficulty_or_problem_says_what_answered_it(demo) -> None:
    difficulties = Difficulty.objects.exclude(resolution="")
    problems = Problem.objects.exclude(resolved_on=None)
    assert difficulties.count() >= 5 and problems.count() >= 5
    for difficulty in difficulties:
        text = difficulty.title + difficulty.description
        assert _answers(text, difficulty.resolution), (difficulty.title, difficulty.resolution)
    for problem in problems:
        assert _answers(problem.description, problem.resolution), (
            problem.description,
            problem.resolution,
        )


def test_key_projects_have_whole_owner_names_and_schedules_their_size_needs(demo) -> None:
    for project in KeyProject.objects.all():
        # A Latin word of the owner's name is a whole word of the project's ("TOPCon", not "TO").
        words = set(LATIN.findall(project.name))
        assert set(LATIN.findall(project.owner_name)) <= words, project.owner_name
        assert project.owner_name.endswith("公司"), project.owner_name
        start, end = project.planned_start, project.planned_completion
        months = (end.year - start.year) * 12 + end.month - start.month
        size = project.total_investment
        minimum = 24 if size >= 30 * YI else 18 if size >= 10 * YI else 8
        assert months >= minimum, (project.name, project.total_investment, start, end)
