"""The policy library's import: the office's 政策汇编 in its own wording, the list's export read
back unchanged, bad rows named by row and column with nothing written, and only policy
editors offered the import."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from zoneops.core.imports.engine import run
from zoneops.core.imports.registry import kinds_for
from zoneops.core.models import ChangeRecord
from zoneops.core.tests.test_import_engine import xlsx
from zoneops.support.importers import PolicySpec
from zoneops.support.models import Level, Policy

HEADER = [
    "序号",
    "政策名称",
    "发文单位",
    "发文字号",
    "级别",
    "发文日期",
    "有效期至",
    "类别",
    "摘要",
]
GOOD = [
    ["西宁经济技术开发区惠企政策汇编（2024年）"],
    HEADER,
    [
        1,
        "青海省促进工业经济稳增长若干措施",
        "青海省人民政府",
        "青政〔2024〕12号",
        "省",
        dt.date(2024, 3, 1),
        "2026-12-31",
        "工业,稳增长",
        "对季度产值增长的规上工业企业给予奖励",
    ],
    [
        2,
        "西宁经济技术开发区科技创新奖励办法",
        "西宁经济技术开发区管委会",
        "",
        "区级",
        "2024年5月8日",
        None,
        "科技创新",
        "研发投入后补助",
    ],
]


def test_the_offices_spreadsheet_imports_once_with_the_right_values(world) -> None:
    result = run(PolicySpec(), xlsx(GOOD), actor=world.econ, dry_run=False, filename="汇编.xlsx")
    assert result.ok and (result.created, result.updated) == (2, 0), result.problems
    province = Policy.objects.get(document_number="青政〔2024〕12号")
    assert (province.level, province.issued_on, province.valid_until) == (
        Level.PROVINCE,
        dt.date(2024, 3, 1),
        dt.date(2026, 12, 31),
    )
    assert province.categories == "工业,稳增长"
    zone = Policy.objects.get(title="西宁经济技术开发区科技创新奖励办法")
    assert (zone.level, zone.issued_on, zone.valid_until) == (Level.ZONE, dt.date(2024, 5, 8), None)
    assert ChangeRecord.objects.filter(model="support.policy", action="create").count() == 2

    again = run(PolicySpec(), xlsx(GOOD), actor=world.econ, dry_run=False, filename="汇编.xlsx")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert ChangeRecord.objects.filter(model="support.policy").count() == 2

    # A changed summary is an update of the same policy (found by its 文号), recorded.
    changed = [row[:] for row in GOOD]
    changed[2][8] = "对季度产值增长5%以上的规上工业企业给予奖励"
    third = run(PolicySpec(), xlsx(changed), actor=world.econ, dry_run=False, filename="汇编.xlsx")
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    assert Policy.objects.count() == 2
    province.refresh_from_db()
    assert province.summary.startswith("对季度产值增长5%")


def test_the_lists_export_reads_back_unchanged(world, login) -> None:
    run(PolicySpec(), xlsx(GOOD), actor=world.econ, dry_run=False, filename="汇编.xlsx")
    exported = login(world.econ).get(reverse("support:policy_export")).content
    result = run(PolicySpec(), exported, actor=world.econ, dry_run=False, filename="惠企政策.xlsx")
    assert result.ok and (result.created, result.updated, result.unchanged) == (0, 0, 2)


def test_bad_rows_are_named_and_nothing_is_written(world) -> None:
    bad = [row[:] for row in GOOD]
    bad[2][4] = "部级"  # not a level
    bad[3][5] = "去年"  # not a date
    bad.append([3, "", "青海省科技厅", "", "省级", "2024-01-01", None, "", ""])
    result = run(PolicySpec(), xlsx(bad), actor=world.econ, dry_run=False, filename="坏.xlsx")
    assert not result.ok and Policy.objects.count() == 0
    named = {(p.row, p.column.split("列")[0]): p.message for p in result.problems}
    assert "国家级" in named[(3, "E")] and "部级" in named[(3, "E")]
    assert "去年" in named[(4, "F")]
    assert (5, "B") in named  # the title is required
    assert ChangeRecord.objects.filter(model="support.policy").count() == 0


def test_only_policy_editors_are_offered_the_import(world) -> None:
    assert "support_policies" in [k.key for k in kinds_for(world.econ)]
    for outsider in (world.ent_x_user, world.bank_user, world.park_a_officer):
        assert "support_policies" not in [k.key for k in kinds_for(outsider)]


def test_the_policy_list_offers_the_import_to_editors(world, login) -> None:
    upload = reverse("imports:upload", args=["support_policies"])
    assert upload in login(world.econ).get(reverse("support:policies")).content.decode()
    enterprise = login(world.ent_x_user)
    assert upload not in enterprise.get(reverse("support:policies")).content.decode()
    assert enterprise.get(upload).status_code == 404


def test_the_same_policy_twice_in_a_file_is_named(world) -> None:
    twice = [*GOOD, GOOD[2]]
    result = run(PolicySpec(), xlsx(twice), actor=world.econ, dry_run=False, filename="重.xlsx")
    assert not result.ok and Policy.objects.count() == 0
    (problem,) = result.problems
    assert (problem.row, problem.column[0]) == (5, "D") and "第3行" in problem.message


def test_a_policy_is_added_and_edited_on_its_page(world, login) -> None:
    # The form has a text field named 标签 (tags): it is a text box, not a list of choices.
    client = login(world.econ)
    page = client.get(reverse("support:policy_create"))
    assert page.status_code == 200 and 'name="tags"' in page.content.decode()
    response = client.post(
        reverse("support:policy_create"),
        {
            "title": "关于支持工业企业技术改造的若干措施",
            "issuer": "西宁经济技术开发区管委会",
            "document_number": "西经开〔2024〕12号",
            "level": Level.ZONE,
            "issued_on": "2024-03-01",
            "categories": "技术改造",
            "tags": "技改,设备更新",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    policy = Policy.objects.get(document_number="西经开〔2024〕12号")
    assert policy.tags == "技改,设备更新"
    edit = client.get(reverse("support:policy_edit", args=[policy.pk]))
    assert edit.status_code == 200 and "技改,设备更新" in edit.content.decode()
