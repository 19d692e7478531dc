import io

import xlsxwriter

from zoneops.approvals.models import ApprovalTemplate, TemplateItem
from zoneops.approvals.tests.factories import TEMPLATES, import_templates
from zoneops.core.models import ChangeRecord


def _rows() -> list[list[str]]:
    import csv

    return list(csv.reader(io.StringIO(TEMPLATES.read_text(encoding="utf-8"))))


def _xlsx(rows: list[list[object]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet("模板")
    sheet.write(0, 0, "审批流程模板（导入）")  # a title row above the header
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return out.getvalue()


def test_template_import_gives_exactly_the_files_items(world):
    result = import_templates(world.admin)
    assert result.ok, result.problems
    assert result.created == 39
    assert ApprovalTemplate.objects.count() == 5
    gov = ApprovalTemplate.objects.get(code="GOV")
    assert (gov.project_type, gov.variant, gov.target_days) == ("government", "standard", 120)
    items = list(gov.items.values_list("stage", "name", "department__name", "limit_days"))
    assert items[0] == (1, "项目建议书及可行性研究报告批复", "经济发展局", 10)
    assert len(items) == 10
    land = ApprovalTemplate.objects.get(code="LAND-READY")
    assert land.variant == "land_ready"
    permit = land.items.get(name="施工许可证")
    assert permit.materials.splitlines() == ["施工许可申请表", "承诺制告知承诺书", "施工合同"]


def test_template_import_twice_changes_nothing(world):
    import_templates(world.admin)
    records = ChangeRecord.objects.count()
    again = import_templates(world.admin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 39)
    assert ChangeRecord.objects.count() == records


def test_template_import_removes_an_item_the_file_no_longer_lists(world):
    import_templates(world.admin)
    rows = [r for r in _rows() if not (r[0] == "LOW-RISK" and r[7] == "施工许可证")]
    result = import_templates(world.admin, _xlsx(rows), "模板.xlsx")
    assert result.ok, result.problems
    assert result.updated == 1
    names = set(
        TemplateItem.objects.filter(template__code="LOW-RISK").values_list("name", flat=True)
    )
    assert names == {"企业投资项目备案", "建设工程规划许可证", "联合验收"}


def test_bad_template_file_is_refused_and_named_and_nothing_written(world):
    rows = _rows()
    rows[3][8] = "不存在的局"  # 牵头部门, the file's row 5 (title row, header row, rows 1–2 above)
    rows[5][9] = "三天"  # 承诺时限
    rows[7][5] = "9"  # 阶段
    result = import_templates(world.admin, _xlsx(rows), "坏模板.xlsx")
    assert not result.ok
    found = {(p.file, p.sheet, p.row, p.column) for p in result.problems}
    assert ("坏模板.xlsx", "模板", 5, "I列（牵头部门）") in found
    assert ("坏模板.xlsx", "模板", 7, "J列（承诺时限（工作日））") in found
    assert ("坏模板.xlsx", "模板", 9, "F列（阶段）") in found
    assert any("不存在的局" in p.message for p in result.problems)
    assert ApprovalTemplate.objects.count() == 0
    assert TemplateItem.objects.count() == 0


def test_template_rows_must_agree_on_the_templates_own_fields(world):
    rows = _rows()
    rows[2][4] = "60"  # GOV's second row gives another target
    result = import_templates(world.admin, _xlsx(rows), "模板.xlsx")
    assert not result.ok
    assert [(p.row, p.column) for p in result.problems] == [(4, "E列（目标时限（工作日））")]
    assert ApprovalTemplate.objects.count() == 0
