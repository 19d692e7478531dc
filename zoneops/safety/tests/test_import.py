"""The check-item library import: exact items, idempotent, a bad row refused and named by
file, sheet, row and column with nothing written, a used version frozen."""

from __future__ import annotations

import datetime as dt

import pytest

from zoneops.core.imports.engine import run
from zoneops.core.models import ChangeRecord
from zoneops.core.tests.test_import_engine import xlsx
from zoneops.safety import services
from zoneops.safety.importers import ChecklistSpec
from zoneops.safety.models import Checklist, ChecklistItem, Outcome
from zoneops.safety.services import ResultInput

pytestmark = pytest.mark.django_db

RULE = "应急管理部令第10号 专项类（粉尘防爆）：除尘系统共用或互联互通"
DUST = "粉尘涉爆企业专项检查表"
HEADER = ["序号", "检查表名称", "主题", "版本", "类别", "检查内容", "检查依据", "重大隐患判定"]
GOOD = [
    ["安全生产检查表库（2026年版）"],
    HEADER,
    [1, DUST, "粉尘涉爆", 1, "现场管理", "除尘系统不互联互通", "GB 15577-2018", RULE],
    [2, DUST, "粉尘涉爆", 1, "基础管理", "建立粉尘清扫制度", "GB 15577-2018", ""],
    [1, "节后复工复产检查表", "节后复工", 1, "基础管理", "复工前开展全员安全教育", "", ""],
]  # fmt: skip


def _run(rows, *, actor, dry_run=False):
    return run(ChecklistSpec(), xlsx(rows), actor=actor, dry_run=dry_run, filename="检查表.xlsx")


def test_the_library_imports_exactly_and_twice_changes_nothing(safety) -> None:
    before = ChecklistItem.objects.count()
    result = _run(GOOD, actor=safety.officer)
    assert result.ok and (result.created, result.updated) == (3, 0), result.problems
    dust = Checklist.objects.get(name="粉尘涉爆企业专项检查表", version=1)
    assert dust.theme == "dust"
    items = list(dust.items.values_list("number", "category", "content", "basis", "major_rule"))
    assert items == [
        (1, "现场管理", "除尘系统不互联互通", "GB 15577-2018", RULE),
        (2, "基础管理", "建立粉尘清扫制度", "GB 15577-2018", ""),
    ]
    assert Checklist.objects.get(name="节后复工复产检查表").theme == "restart"
    records = ChangeRecord.objects.count()
    again = _run(GOOD, actor=safety.officer)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert ChangeRecord.objects.count() == records
    assert ChecklistItem.objects.count() == before + 3


def test_a_copy_with_a_bad_row_is_refused_and_named(safety) -> None:
    bad = [list(row) for row in GOOD]
    bad[3][3] = "第一版"  # 版本 is not a number
    bad[4][2] = "防汛"  # not a theme
    result = _run(bad, actor=safety.officer)
    assert not result.ok
    where = sorted((p.file, p.sheet, p.row, p.column) for p in result.problems)
    assert where == [
        ("检查表.xlsx", "数据", 4, "D列（版本）"),
        ("检查表.xlsx", "数据", 5, "C列（主题）"),
    ], result.problems
    assert not Checklist.objects.filter(name__in=["粉尘涉爆企业专项检查表", "节后复工复产检查表"])


def test_an_oversized_number_is_named(safety) -> None:
    bad = [list(row) for row in GOOD]
    bad[2][0] = 1e300
    result = _run(bad, actor=safety.officer)
    assert [(p.row, p.column) for p in result.problems] == [(3, "A列（序号）")]
    assert not Checklist.objects.filter(name="粉尘涉爆企业专项检查表").exists()


def test_a_version_used_by_an_inspection_is_frozen(safety) -> None:
    assert _run(GOOD, actor=safety.officer).ok
    dust = Checklist.objects.get(name="粉尘涉爆企业专项检查表", version=1)
    services.inspection_record(
        actor=safety.officer,
        enterprise=safety.world.enterprise_x,
        data={"source": "supervision", "checklist": dust, "inspected_on": dt.date(2026, 3, 2),
              "inspectors": "祁永福"},
        results=[ResultInput(item=item, outcome=Outcome.PASS) for item in dust.items.all()],
    )  # fmt: skip
    changed = [list(row) for row in GOOD]
    changed[3][5] = "建立并落实粉尘清扫制度"
    result = _run(changed, actor=safety.officer)
    assert [(p.row, p.column) for p in result.problems] == [(4, "D列（版本）")]
    changed[2][3] = changed[3][3] = 2  # the same text as a new version imports
    result = _run(changed, actor=safety.officer)
    assert result.ok and result.created == 2
    assert Checklist.objects.filter(name="粉尘涉爆企业专项检查表").count() == 2


def test_only_the_bureau_may_import(safety) -> None:
    from zoneops.core.imports.registry import kinds_for

    assert "safety_checklists" in {k.key for k in kinds_for(safety.officer)}
    assert "safety_checklists" not in {k.key for k in kinds_for(safety.member_a)}
    assert "safety_checklists" not in {k.key for k in kinds_for(safety.world.park_a_officer)}
