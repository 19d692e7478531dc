"""Funding sources (资金来源) imported from the plan export's second sheet or an office's own
list: matched by project and by 资金类别 + 年度 + 批次, checked as the page checks them."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
import xlsxwriter

from zoneops.core.imports import engine
from zoneops.core.models import ChangeRecord, Role
from zoneops.core.tests.factories import DepartmentFactory, UserFactory
from zoneops.projects import queries, services
from zoneops.projects.columns import plan_xlsx
from zoneops.projects.importers.funding import FundingSpec
from zoneops.projects.models import FundingSource
from zoneops.projects.tests.factories import WAN, key_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    department = DepartmentFactory(code="projects", name="项目办")
    return UserFactory(username="t-projects", role=Role.DEPARTMENT_OFFICER, department=department)


def _xlsx(rows: list[list[object]], sheet: str = "Sheet1") -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet(sheet)
    for index, row in enumerate(rows):
        ws.write_row(index, 0, row)
    book.close()
    return buffer.getvalue()


def _run(data: bytes, actor, dry_run: bool = False):
    return engine.run(FundingSpec(), data, actor=actor, dry_run=dry_run, filename="资金.xlsx")


def _bonds(project, **amounts):
    data = {"kind": "special_bonds", "year": 2024, "batch": "第二批"}
    data.update({k: Decimal(v) * WAN for k, v in amounts.items()})
    return services.funding_save(actor=None, project=project, data=data, check=False)


def test_plan_export_funding_sheet_reimports_unchanged_and_rebuilds(world, office):
    project = key_project(park=world.park_a, name="光伏组件项目")
    _bonds(project, requested=5000, approved=3000, disbursed=1200)
    services.funding_save(
        actor=None, project=project, data={"kind": "loans", "year": 2025}, check=False
    )
    exported = plan_xlsx(
        queries.project_list(user=office).prefetch_related(
            "plan_months", "members__user", "funding"
        ),
        title="2024年重点项目计划表",
    )
    history = ChangeRecord.objects.count()
    result = _run(exported, office)
    assert result.ok, result.problems
    assert result.sheet == "资金来源"  # found by its headers, beside the plan's sheet
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert ChangeRecord.objects.count() == history
    FundingSource.objects.all().delete()
    result = _run(exported, office)
    assert result.ok and result.created == 2
    bonds = FundingSource.objects.get(kind="special_bonds")
    assert (bonds.year, bonds.batch) == (2024, "第二批")
    assert (bonds.requested, bonds.approved, bonds.disbursed) == (
        Decimal(5000) * WAN,
        Decimal(3000) * WAN,
        Decimal(1200) * WAN,
    )


def test_an_offices_list_updates_by_kind_year_and_batch_and_keeps_the_rest(world, office):
    project = key_project(park=world.park_a, name="光伏组件项目")
    bonds = _bonds(project, requested=5000, approved=3000, disbursed=1200)
    loan = services.funding_save(
        actor=None,
        project=project,
        data={"kind": "loans", "year": 2024, "approved": Decimal(800) * WAN},
        check=False,
    )
    # The office's own list: no 计划年度, the kind by its label, no 申请 column, 到位 updated.
    data = _xlsx(
        [
            ["2024年重点项目资金到位情况"],
            ["项目名称", "资金类别", "年度", "批次", "批复金额（万元）", "到位金额（万元）"],
            ["光伏组件项目", "地方政府专项债券", 2024, "第二批", 3000, 2500],
            ["光伏组件项目", "中央预算内投资", 2024, "", 600, 0],
        ]
    )
    preview = _run(data, office, dry_run=True)
    assert [(p["action"], p["changes"]) for p in preview.preview_rows] == [
        ("update", ["到位金额（万元）"]),
        ("create", []),
    ]
    result = _run(data, office)
    assert result.ok and (result.created, result.updated) == (1, 1)
    bonds.refresh_from_db()
    assert bonds.disbursed == Decimal(2500) * WAN
    assert bonds.requested == Decimal(5000) * WAN  # the file has no 申请 column: kept
    assert FundingSource.objects.get(pk=loan.pk).approved == Decimal(800) * WAN  # not listed
    central = FundingSource.objects.get(kind="central_budget")
    assert (central.project, central.approved) == (project, Decimal(600) * WAN)
    records = ChangeRecord.objects.filter(model="projects.fundingsource", object_id=str(bonds.pk))
    assert records.count() == 2  # added, then the import's change
    assert _run(data, office).unchanged == 2  # again: nothing changes


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_written(world, office):
    project = key_project(park=world.park_a, name="光伏组件项目")
    key_project(park=world.park_a, name="电池项目", year=2023)
    key_project(park=world.park_a, name="电池项目", year=2024)
    _bonds(project, requested=5000, approved=3000, disbursed=1200)
    data = _xlsx(
        [
            ["项目名称", "资金类别", "年度", "批次", "批复金额（万元）", "到位金额（万元）"],
            ["光伏组件项目", "专项债", 2024, "第一批", 100, 0],
            ["不存在的项目", "银行贷款", 2024, "", 100, 0],
            ["光伏组件项目", "银行贷款", 2024, "", 100, 300],
            ["电池项目", "银行贷款", 2024, "", 100, 0],
            ["光伏组件项目", "自筹资金", 2024, "", 100, 0],
            ["光伏组件项目", "自筹资金", 2024, "", 200, 0],
            ["", "自筹资金", 2024, "第三批", 200, 0],
        ]
    )
    before = list(FundingSource.objects.values_list("pk", "approved", "disbursed"))
    result = _run(data, office)
    assert not result.ok and not result.written
    problems = {(p.row, p.column): p.message for p in result.problems}
    assert problems[(2, "B列（资金类别）")].startswith("“专项债”不正确，应为：中央预算内投资")
    assert problems[(3, "A列（项目名称）")] == "重点项目计划中没有“不存在的项目”"
    assert problems[(4, "F列（到位金额（万元））")] == "到位金额不能超过批复金额"
    assert (
        problems[(5, "A列（项目名称）")] == "“电池项目”在2023、2024年的计划中都有，请填写计划年度"
    )
    assert problems[(7, "D列（批次）")] == "与第6行是同一笔资金"
    assert problems[(8, "A列（项目名称）")] == "不能为空，应为重点项目计划中的项目名称"
    assert len(result.problems) == 6
    assert list(FundingSource.objects.values_list("pk", "approved", "disbursed")) == before


def test_a_plan_year_names_the_project_among_years(world, office):
    key_project(park=world.park_a, name="电池项目", year=2023)
    later = key_project(park=world.park_a, name="电池项目", year=2024)
    data = _xlsx(
        [
            ["计划年度", "项目名称", "资金类别", "年度", "批复金额（万元）"],
            [2024, "电池项目", "银行贷款", 2024, 100],
            [2022, "电池项目", "银行贷款", 2024, 100],
        ]
    )
    result = _run(data, office)
    assert [(p.row, p.column, p.message) for p in result.problems] == [
        (3, "B列（项目名称）", "2022年重点项目计划中没有“电池项目”")
    ]
    del data
    ok = _xlsx(
        [
            ["计划年度", "项目名称", "资金类别", "年度", "批复金额（万元）"],
            [2024, "电池项目", "银行贷款", 2024, 100],
        ]
    )
    assert _run(ok, office).created == 1
    assert FundingSource.objects.get().project == later


def test_only_the_plan_office_may_import_funding(world, office):
    from zoneops.core.imports.registry import get_kind

    kind = get_kind("key_project_funding")
    assert kind is not None and kind.allowed(office)
    assert not kind.allowed(world.park_a_officer) and not kind.allowed(world.leader)
