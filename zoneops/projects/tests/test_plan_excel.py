import datetime as dt
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from zoneops.core.imports import engine
from zoneops.core.models import ChangeRecord, Role
from zoneops.core.tests.factories import DepartmentFactory, UserFactory
from zoneops.projects import queries, services
from zoneops.projects.columns import plan_xlsx
from zoneops.projects.importers.plan import PlanSpec
from zoneops.projects.models import KeyProject
from zoneops.projects.tests.factories import WAN, key_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    department = DepartmentFactory(code="projects", name="项目办")
    return UserFactory(username="t-projects", role=Role.DEPARTMENT_OFFICER, department=department)


def _export(user) -> bytes:
    projects = queries.project_list(user=user).prefetch_related(
        "plan_months", "members__user", "funding"
    )
    return plan_xlsx(projects, title="2024年重点项目计划表")


def test_export_has_title_and_merged_two_row_header(world, office):
    key_project(park=world.park_a, name="=cmd|' /C calc'!A0", members=(world.task_force,))
    rows = (
        CalamineWorkbook.from_filelike(__import__("io").BytesIO(_export(office)))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[0][0] == "2024年重点项目计划表"
    assert rows[1][:2] == ["年度", "项目名称"] and rows[1][12] == "本年计划投资（万元）"
    assert rows[2][12:15] == ["全年", "1月", "2月"]
    assert rows[3][1].startswith("'=")  # formula injection neutralised
    assert rows[3][12] == 1200.0 and rows[3][13] == 100.0
    assert rows[3][-1] == "t-taskforce:成员"


def test_export_lists_each_projects_funding_sources_on_their_own_sheet(world, office):
    project = key_project(park=world.park_a, name="光伏组件项目")
    services.funding_save(
        actor=None,
        project=project,
        data={
            "kind": "special_bonds",
            "year": 2024,
            "batch": "第二批",
            "requested": Decimal(5000) * WAN,
            "approved": Decimal(3000) * WAN,
            "disbursed": Decimal(1200) * WAN,
        },
        check=False,
    )
    book = CalamineWorkbook.from_filelike(__import__("io").BytesIO(_export(office)))
    assert book.sheet_names == ["重点项目计划", "资金来源"]
    rows = book.get_sheet_by_name("资金来源").to_python()
    assert rows[0][:6] == ["计划年度", "项目名称", "资金类别", "年度", "批次", "申请金额（万元）"]
    assert rows[1] == [
        2024.0,
        "光伏组件项目",
        "地方政府专项债券",
        2024.0,
        "第二批",
        5000.0,
        3000.0,
        1200.0,
        40.0,
    ]


def test_exported_plan_reimports_unchanged_and_changes_round_trip(world, office):
    project = key_project(
        park=world.park_a,
        name="电子级多晶硅项目",
        members=(world.task_force,),
        owner_enterprise=world.enterprise_x,
        actual_start=dt.date(2024, 3, 10),
        status="building",
        leader=world.leader,
        content="年产5万吨电子级多晶硅",
    )
    services.funding_save(
        actor=None, project=project, data={"kind": "loans", "year": 2024}, check=False
    )
    data = _export(office)
    history = ChangeRecord.objects.count()
    result = engine.run(PlanSpec(), data, actor=office, dry_run=False, filename="plan.xlsx")
    assert result.ok, result.problems
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert ChangeRecord.objects.count() == history
    # The same file into an empty plan creates the project with its months and task force.
    project.delete()
    result = engine.run(PlanSpec(), data, actor=office, dry_run=False, filename="plan.xlsx")
    assert result.ok and result.created == 1
    again = KeyProject.objects.get(name="电子级多晶硅项目")
    assert again.owner_enterprise == world.enterprise_x and again.leader == world.leader
    assert sum(p.amount for p in again.plan_months.all()) == Decimal(1200) * WAN
    assert [m.user for m in again.members.all()] == [world.task_force]


def test_bad_rows_name_the_cell_and_change_nothing(world, office):
    key_project(park=world.park_a, name="甲项目")
    data = _export(office).replace(b"", b"")
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    sheet["C4"] = "旅游项目"
    sheet["F4"] = "不存在园区"
    sheet["N4"] = "很多"
    buffer = io.BytesIO()
    book.save(buffer)
    result = engine.run(
        PlanSpec(), buffer.getvalue(), actor=office, dry_run=False, filename="bad.xlsx"
    )
    assert not result.ok and not result.written
    cells = {(p.row, p.column.split(" ")[0][:1]) for p in result.problems}
    assert {(4, "C"), (4, "F"), (4, "N")} <= cells, result.problems
    assert KeyProject.objects.get().category == "industrial"


def test_only_the_office_may_import_the_plan(world, office):
    from zoneops.core.imports.registry import get_kind

    kind = get_kind("key_projects")
    assert kind is not None and kind.allowed(office)
    assert not kind.allowed(world.park_a_officer) and not kind.allowed(world.leader)
