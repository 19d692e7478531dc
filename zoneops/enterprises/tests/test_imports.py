"""The registry's imports: the official GB/T 4754-2017 table and the enterprise list, by
command and on the pages, all or nothing, and idempotent."""

from __future__ import annotations

import base64
import io
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from python_calamine import CalamineWorkbook

from zoneops.core.imports import jobs, run
from zoneops.core.models import ChangeRecord, ImportJob
from zoneops.enterprises.codes import credit_code
from zoneops.enterprises.importers import EnterpriseSpec, IndustrySpec
from zoneops.enterprises.models import Enterprise, EnterpriseStatus, Industry, IndustryLevel, Tag
from zoneops.enterprises.tests.factories import industry

pytestmark = pytest.mark.django_db

# The official table as the statistics bureau publishes it, shipped with the project.
OFFICIAL = Path(settings.BASE_DIR) / "zoneops/enterprises/data/GBT4754-2017.xlsx"
HEADERS = ["统一社会信用代码", "企业名称", "园区", "行业代码", "是否规上"]
# Two enterprises in an .xls written by xlwt 1.3.0 (the BIFF8 format of Excel 97-2003): a title
# row, then 企业名称, 统一社会信用代码, 园区, 行业代码, 是否规上, 成立日期; 行业代码 3841 is a
# number in the first row; the second row names its park by division code (630102400).
XLS_ENTERPRISES = zlib.decompress(
    base64.b64decode(
        "eNrtWF1IFFEUPndm9jf3R1PBLUyENjOl3dXCIt0KyodqXH+yiMy03ST8i8Wo9cEsE+ohCIJC6UWwB1/s56Ef6qGgh6DAqIci"
        "kNzEpxAKCnxQt3PPzkyrKbhQkjHfcM/cc+4597tz79yfmTcjqWMD91xRmIcyEGE2ZgFjgo1hsqiKE7A8FuNZ9W7GFNOxomAx"
        "40AaDfDE9trEx5CPdxQEuCs9RwnwGdNROA1ye1soZxmxm9rQwHgbSlEyuIUWO2RRq9JIniC5muQd8nxKcidZrpIsRd8xdgRG"
        "/HJ+ifIWHxZyqcwOvN6HFPORLF7IgJf8LT5/jcV9DbArfKqhZYUVZEspMAg4oOWhtlCY6w64DVaACKKwtbUwGByDdBzsQfgR"
        "ywH4rs7qZzm6fXntDNA+NdduWsRuxkGcb78uSADdEDtOk6QX1+UPEi+RGKtwybaag/XTMMlXa0p2YD7wgA+KoePYWnm0bqLO"
        "JU/Wqq4SKFFfI2Zgn7pALou4KqIVeWfGZXYOCSZrt1ej0/7LLplbMLv5pLvmxRWrjFln46vOidC6JiuwqptnW7Pku6FAU1/I"
        "0hS40VI5VZ0GsM27tcjj9cSxxeP1VRqAJTSDV2eJRzM5s3qibvFYn2cf7kVk8hV7PPjMRSXFXqzBXWPl+xSta84565qN5nsK"
        "yiA4KJ9Ks96JHTs99O3tgcaAv54s3bSXxXe89byDIQYXeAQG26mE+phqzaeITSQvUq1rKO8imY5TEu/uQIaS2dtDPpeo1I08"
        "RYR3/g0J+TzM936pfJTdO+7fiPnh8mhn+vB7/wDk4g4cxHh+9UABK2D9fRyP/eqdKavjKMms31ZKs+BUni2mbOsOmOFrAyKV"
        "JPdg9HRzPRh5cBnX1P6LawJqoqaJqEmaJqFm0DQDakaFR1iARyAek+IfHyezpnEefgrpErjGeYw71DLOY9XKDNgT2UMC8YgL"
        "8IjEs0qpWSSeFE3jPDZN4zx2TeM8DoVHJJ7++wKUCWnwgDced6BfsIIOHTp06NChQ8e/BH6a40cWUTnTGpRTrUn5rzODaVb/"
        "TfLfogra8erAj8o90Ib3MESSen8ywcDUutgSY9T/hRyHkD0MzdBI7WhO+v3Fbx2W+DxLDnT+uSmULP9sMu38y/w/AdD0Gag="
    )
)


def xlsx_file(path: Path, rows: Sequence[Any], *, sheet: str = "企业名录") -> Path:
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet(sheet)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value is not None:
                ws.write(r, c, value)
    book.close()
    return path


def good_row(number: int, park: str = "东川工业园", name: str = "") -> list[Any]:
    return [credit_code(number), name or f"青海导入测试{number}有限公司", park, "3841", "否"]


def parent_of(code: str) -> str | None:
    return Industry.objects.values_list("parent__code", flat=True).get(code=code)


def industries() -> list[tuple[str, str, int, str | None]]:
    return list(
        Industry.objects.order_by("code").values_list("code", "name", "level", "parent__code")
    )


# --- industries -------------------------------------------------------------------------------


def test_official_industry_table_yields_every_level_with_its_parents():
    out = io.StringIO()
    call_command("import_industries", str(OFFICIAL), stdout=out, stderr=io.StringIO())
    counts = {level: Industry.objects.filter(level=level).count() for level in IndustryLevel}
    assert counts == {
        IndustryLevel.SECTION: 20,
        IndustryLevel.DIVISION: 97,
        IndustryLevel.GROUP: 473,
        IndustryLevel.CLASS: 1381,
    }
    assert "平台中：门类 20 · 大类 97 · 中类 473 · 小类 1381" in out.getvalue()
    get = Industry.objects.select_related("parent").get
    chain = [get(code="2770")]
    while chain[-1].parent is not None:
        chain.append(chain[-1].parent)
    assert [i.code for i in chain] == ["2770", "277", "27", "C"]
    assert get(code="277").name == get(code="2770").name == "卫生材料及医药用品制造"
    assert get(code="278").name == get(code="2780").name == "药用辅料及包装材料"
    assert parent_of("2780") == "278"
    assert (get(code="727").name, get(code="7271").name) == ("安全保护服务", "安全服务")
    assert parent_of("7271") == "727" and parent_of("7272") == "727"
    assert (get(code="905").name, get(code="9051").name) == (
        "文化体育娱乐活动与经纪代理服务",
        "文化活动服务",
    )
    assert (get(code="8052").name, get(code="8053").name) == ("足浴服务", "养生保健服务")
    assert parent_of("0111") == "011" and parent_of("011") == "01"
    # Every 中类 and 小类 hangs under its prefix; every 大类 under a 门类.
    for i in Industry.objects.select_related("parent").filter(level__gte=IndustryLevel.GROUP):
        assert i.parent is not None and i.parent.code == i.code[:-1], i.code
    assert (
        not Industry.objects.filter(level=IndustryLevel.DIVISION)
        .exclude(parent__level=IndustryLevel.SECTION)
        .exists()
    )


def test_second_industry_import_changes_nothing():
    first = run(IndustrySpec(), OFFICIAL, actor=None, dry_run=False)
    assert first.written and first.created == 473 + 1381 and first.unchanged == 20 + 97
    before = industries()
    second = run(IndustrySpec(), OFFICIAL, actor=None, dry_run=False)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 20 + 97 + 473 + 1381)
    assert industries() == before


def test_industry_codes_written_as_numbers_get_their_width_back(tmp_path):
    # Another copy of the table, where Excel turned the codes into numbers.
    rows = [
        ["门类", "大类", "中类", "小类", "类别名称"],
        ["A", None, None, None, "农、林、牧、渔业"],
        [None, 1, None, None, "农业"],
        [None, None, 11, None, "谷物种植"],
        [None, None, None, 111, "稻谷种植"],
        [None, None, 19, 190, "其他农业"],
    ]
    result = run(
        IndustrySpec(), xlsx_file(tmp_path / "numbers.xlsx", rows), actor=None, dry_run=False
    )
    assert result.ok, result.problems
    assert parent_of("0111") == "011"
    assert parent_of("0190") == "019"
    assert parent_of("011") == "01"


def test_industry_table_with_a_bad_code_is_refused_and_writes_nothing(tmp_path):
    rows = [
        ["门类", "大类", "中类", "小类", ""],
        [None, None, "999", None, "虚构"],
        [None, None, None, "12345", "太长"],
    ]
    before = Industry.objects.count()
    result = run(IndustrySpec(), xlsx_file(tmp_path / "bad.xlsx", rows), actor=None, dry_run=False)
    assert [(p.row, p.column) for p in result.problems] == [(3, "D列（小类）"), (2, "C列（中类）")]
    assert "应为4位数字代码" in result.problems[0].message
    assert "上级代码“99”不存在" in result.problems[1].message
    assert Industry.objects.count() == before


# --- enterprises: refusals --------------------------------------------------------------------


def test_wrong_check_digit_unknown_park_and_duplicate_are_all_named_and_nothing_written(
    world, tmp_path
):
    industry("3841")
    wrong = credit_code(7)[:-1] + ("0" if credit_code(7)[-1] != "0" else "1")
    rows = [
        HEADERS,
        good_row(1),
        [wrong, "青海错码有限公司", "东川工业园", "3841", "否"],
        good_row(3, park="北川工业园"),
        good_row(1, name="青海重复有限公司"),
    ]
    path = xlsx_file(tmp_path / "企业.xlsx", rows)
    enterprises, changes = Enterprise.objects.count(), ChangeRecord.objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_enterprises", str(path), stdout=io.StringIO(), stderr=err)
    assert refused.value.returncode == 1
    lines = err.getvalue().strip().splitlines()
    assert lines == [
        f"企业.xlsx · 企业名录 · 第3行 · A列（统一社会信用代码） · "
        f"统一社会信用代码“{wrong}”校验位不正确",
        "企业.xlsx · 企业名录 · 第4行 · C列（园区） · "
        "园区“北川工业园”不存在，应为：东川工业园、南川工业园",
        f"企业.xlsx · 企业名录 · 第5行 · A列（统一社会信用代码） · “{credit_code(1)}”与第2行重复",
    ]
    assert Enterprise.objects.count() == enterprises
    assert ChangeRecord.objects.count() == changes


def test_park_officer_cannot_import_into_another_park(world, tmp_path):
    industry("3841")
    path = xlsx_file(tmp_path / "a.xlsx", [HEADERS, good_row(1), good_row(2, park="南川工业园")])
    result = run(EnterpriseSpec(), path, actor=world.park_a_officer, dry_run=False)
    assert [(p.row, p.column) for p in result.problems] == [(3, "C列（园区）")]
    assert result.problems[0].message == "您无权在园区“南川工业园”导入企业，应为：东川工业园"
    assert not Enterprise.objects.filter(credit_code=credit_code(1)).exists()


def test_park_officer_cannot_change_an_enterprise_of_another_park(world, tmp_path):
    y = world.enterprise_y
    path = xlsx_file(
        tmp_path / "a.xlsx", [HEADERS, [y.credit_code, "改名", "东川工业园", y.industry.code, "否"]]
    )
    result = run(EnterpriseSpec(), path, actor=world.park_a_officer, dry_run=False)
    assert [(p.row, p.column) for p in result.problems] == [(2, "A列（统一社会信用代码）")]
    y.refresh_from_db()
    assert y.name == "青海乙光伏有限公司" and y.park == world.park_b


def test_form_errors_land_on_their_columns(world, tmp_path):
    industry("3841")
    rows = [
        [*HEADERS, "纳入规上时间", "经营状态", "标签", "包联干部"],
        [credit_code(1), "", "东川工业园", "9999", "否", "2020-01-01", "歇业", "独角兽", "nobody"],
    ]
    result = run(EnterpriseSpec(), xlsx_file(tmp_path / "a.xlsx", rows), actor=None, dry_run=True)
    where = {p.column: p.message for p in result.problems}
    assert set(where) == {
        "B列（企业名称）",
        "D列（行业代码）",
        "F列（纳入规上时间）",
        "G列（经营状态）",
        "H列（标签）",
        "I列（包联干部）",
    }
    assert "行业代码不存在" in where["D列（行业代码）"]
    assert "规下企业不应填写纳入规上时间" in where["F列（纳入规上时间）"]
    assert "应为：在营、停产、注销/关闭" in where["G列（经营状态）"]
    assert "标签“独角兽”不存在" in where["H列（标签）"]
    assert "用户“nobody”不存在" in where["I列（包联干部）"]


def test_blank_scale_cell_is_a_problem_not_a_quiet_no(world, tmp_path):
    industry("3841")
    rows = [HEADERS, [credit_code(1), "青海甲有限公司", "东川工业园", "3841", None]]
    result = run(EnterpriseSpec(), xlsx_file(tmp_path / "a.xlsx", rows), actor=None, dry_run=True)
    assert [(p.row, p.column) for p in result.problems] == [(2, "E列（是否规上）")]


def test_missing_required_column_is_refused(world, tmp_path):
    path = xlsx_file(tmp_path / "a.xlsx", [HEADERS[:4], good_row(1)[:4]])
    result = run(EnterpriseSpec(), path, actor=None, dry_run=True)
    assert len(result.problems) == 1 and "缺少必需的列：是否规上" in result.problems[0].message


# --- enterprises: what is written -------------------------------------------------------------


def test_export_reimports_unchanged(world, login, tmp_path):
    x = world.enterprise_x
    x.tags.set(Tag.objects.filter(code__in=["high_tech", "leading"]))
    Enterprise.objects.filter(pk=x.pk).update(
        is_above_scale=True,
        above_scale_since="2021-01-01",
        address="=HYPERLINK(1)",
        legal_representative="张三",
        established_on="2015-06-30",
        service_officer=world.park_a_officer,
        status=EnterpriseStatus.STOPPED,
    )
    response = login(world.park_a_officer).get(reverse("enterprises:export"))
    path = tmp_path / "企业库.xlsx"
    path.write_bytes(response.content)
    changes = ChangeRecord.objects.count()
    result = run(EnterpriseSpec(), path, actor=world.park_a_officer, dry_run=False)
    assert result.ok, [p.text() for p in result.problems]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert ChangeRecord.objects.count() == changes


def test_new_file_creates_then_second_import_changes_nothing(world, tmp_path):
    industry("3841")
    path = xlsx_file(
        tmp_path / "a.xlsx",
        [[*HEADERS, "标签"], [*good_row(1), "高新技术企业、龙头企业"], [*good_row(2), ""]],
    )
    first = run(EnterpriseSpec(), path, actor=world.park_a_officer, dry_run=False)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    made = Enterprise.objects.get(credit_code=credit_code(1))
    assert made.park == world.park_a and made.industry.code == "3841" and not made.is_above_scale
    assert sorted(made.tags.values_list("code", flat=True)) == ["high_tech", "leading"]
    history = ChangeRecord.objects.filter(model="enterprises.enterprise", action="create")
    assert history.count() == 2
    assert {change.actor for change in history} == {world.park_a_officer}
    changes = ChangeRecord.objects.count()
    second = run(EnterpriseSpec(), path, actor=world.park_a_officer, dry_run=False)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert ChangeRecord.objects.count() == changes


def test_update_changes_only_the_columns_in_the_file(world, tmp_path):
    x = world.enterprise_x
    Enterprise.objects.filter(pk=x.pk).update(address="昆仑大道1号")
    x.tags.add(Tag.objects.get(code="leading"))
    rows = [
        HEADERS,
        [x.credit_code.lower(), "青海甲锂业股份有限公司", "东川工业园", x.industry.code, "是"],
    ]
    result = run(EnterpriseSpec(), xlsx_file(tmp_path / "a.xlsx", rows), actor=None, dry_run=False)
    assert (result.created, result.updated) == (0, 1)
    assert result.preview_rows[0]["changes"] == ["企业名称", "是否规上"]
    x.refresh_from_db()
    assert (x.name, x.is_above_scale, x.address) == ("青海甲锂业股份有限公司", True, "昆仑大道1号")
    assert list(x.tags.values_list("code", flat=True)) == ["leading"]
    change = ChangeRecord.objects.get(
        model="enterprises.enterprise", action="update", object_id=str(x.pk)
    )
    assert change.actor is None
    assert {f for f, _old, _new in change.changed_fields()} == {"name", "is_above_scale"}


def test_headers_in_another_order_below_title_rows(world, tmp_path):
    industry("3841")
    rows = [
        ["东川工业园企业名录"],
        ["（2024年12月）"],
        ["备注", "是否\n规上", "园 区", "行业代码", "企业名称", "*统一社会信用代码"],
        ["", "规上", "630102400", 3841, "青海戊有限公司", credit_code(5)],
    ]
    result = run(EnterpriseSpec(), xlsx_file(tmp_path / "a.xlsx", rows), actor=None, dry_run=False)
    assert result.ok, [p.text() for p in result.problems]
    made = Enterprise.objects.get(credit_code=credit_code(5))
    assert (made.name, made.park, made.is_above_scale, made.industry.code) == (
        "青海戊有限公司",
        world.park_a,
        True,
        "3841",
    )


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_csv_in_utf8_and_gbk(world, tmp_path, encoding):
    industry("3841")
    text = (
        "企业名称,统一社会信用代码,园区,行业代码,是否规上\n"
        + f"青海己有限公司,{credit_code(6)},东川工业园,3841,否\n"
    )
    path = tmp_path / "企业.csv"
    path.write_bytes(text.encode(encoding))
    result = run(EnterpriseSpec(), path, actor=None, dry_run=False)
    assert result.ok, [p.text() for p in result.problems]
    assert Enterprise.objects.get(credit_code=credit_code(6)).name == "青海己有限公司"


def test_xls_file(world, tmp_path):
    industry("3841")
    path = tmp_path / "企业.xls"
    path.write_bytes(XLS_ENTERPRISES)
    result = run(EnterpriseSpec(), path, actor=None, dry_run=False)
    assert result.ok, [p.text() for p in result.problems]
    assert (result.sheet, result.created) == ("企业名录", 2)
    first = Enterprise.objects.get(credit_code="91630100000005012Q")
    assert (first.name, first.is_above_scale, str(first.established_on)) == (
        "青海丙新材料有限公司",
        True,
        "2019-05-06",
    )
    assert Enterprise.objects.get(credit_code="91630100000005020K").park == world.park_a


def test_dry_run_command_writes_nothing(world, tmp_path):
    industry("3841")
    path = xlsx_file(tmp_path / "a.xlsx", [HEADERS, good_row(1), good_row(2)])
    out = io.StringIO()
    call_command("import_enterprises", str(path), "--dry-run", stdout=out, stderr=io.StringIO())
    assert "试运行" in out.getvalue() and "新增 2" in out.getvalue()
    assert not Enterprise.objects.filter(credit_code__in=[credit_code(1), credit_code(2)]).exists()
    assert not ChangeRecord.objects.exists()


def test_command_as_a_user_keeps_that_users_rights(world, tmp_path):
    industry("3841")
    path = xlsx_file(tmp_path / "a.xlsx", [HEADERS, good_row(1, park="南川工业园")])
    with pytest.raises(CommandError):
        call_command(
            "import_enterprises",
            str(path),
            "--user",
            "t-park-a",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    with pytest.raises(CommandError, match="无权"):
        call_command(
            "import_enterprises",
            str(path),
            "--user",
            "t-ent-x",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    call_command(
        "import_enterprises",
        str(path),
        "--user",
        "t-park-b",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert ChangeRecord.objects.get(model="enterprises.enterprise").actor == world.park_b_officer


# --- pages ------------------------------------------------------------------------------------


@pytest.fixture
def import_root(settings, tmp_path):
    settings.IMPORT_ROOT = tmp_path / "imports"
    return settings.IMPORT_ROOT


def upload(client: Any, path: Path, kind: str = "enterprises") -> Any:
    with path.open("rb") as handle:
        return client.post(reverse("imports:upload", args=[kind]), {"file": handle})


def test_park_officer_uploads_previews_and_commits(world, login, tmp_path, import_root):
    industry("3841")
    x = world.enterprise_x
    rows = [
        HEADERS,
        good_row(1),
        [x.credit_code, "青海甲锂业股份有限公司", "东川工业园", x.industry.code, "否"],
    ]
    client = login(world.park_a_officer)
    assert client.get(reverse("imports:upload", args=["enterprises"])).status_code == 200
    response = upload(client, xlsx_file(tmp_path / "名录.xlsx", rows))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "imports:detail", args=[job.pk]
    )
    assert (job.status, job.file_name, job.created_by) == (
        "previewed",
        "名录.xlsx",
        world.park_a_officer,
    )
    assert (import_root / job.stored_path).is_file()
    page = client.get(response["Location"]).content.decode()
    assert '<div class="zo-stat-value" id="count-created">1</div>' in page
    assert '<div class="zo-stat-value" id="count-updated">1</div>' in page
    assert "青海甲锂业股份有限公司" in page and "确认导入" in page
    assert not Enterprise.objects.filter(credit_code=credit_code(1)).exists()

    committed = client.post(reverse("imports:commit", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert committed.status_code == 200 and committed["HX-Redirect"] == reverse(
        "imports:detail", args=[job.pk]
    )
    job.refresh_from_db()
    assert job.status == "committed" and job.committed_at is not None
    assert Enterprise.objects.filter(credit_code=credit_code(1), park=world.park_a).exists()
    x.refresh_from_db()
    assert x.name == "青海甲锂业股份有限公司"
    progress = client.get(reverse("imports:progress", args=[job.pk])).content.decode()
    assert "<progress" in progress and "hx-trigger" not in progress

    # A second click (or another tab) is refused and writes nothing more.
    changes = ChangeRecord.objects.count()
    again = client.post(reverse("imports:commit", args=[job.pk]))
    assert again.status_code == 302
    assert ChangeRecord.objects.count() == changes


def test_progress_is_polled_from_the_jobs_row_while_it_runs(world, login, tmp_path, import_root):
    industry("3841")
    client = login(world.park_a_officer)
    upload(client, xlsx_file(tmp_path / "a.xlsx", [HEADERS, good_row(1)]))
    job = ImportJob.objects.get()
    # As the worker leaves it, in this process (alive): rows done of rows total, on the row.
    ImportJob.objects.filter(pk=job.pk).update(
        status="writing", rows_done=30, rows_total=120, worker=jobs.worker_id()
    )
    fragment = client.get(reverse("imports:progress", args=[job.pk])).content.decode()
    assert 'value="30" max="120"' in fragment and "25%" in fragment
    assert 'hx-trigger="load delay:1s"' in fragment and "<html" not in fragment


def test_refused_upload_lists_every_problem_and_offers_the_report(
    world, login, tmp_path, import_root
):
    industry("3841")
    rows = [HEADERS, good_row(1, park="北川工业园"), good_row(1)]
    client = login(world.park_a_officer)
    upload(client, xlsx_file(tmp_path / "a.xlsx", rows))
    job = ImportJob.objects.get()
    assert job.status == "refused" and len(job.problems) == 2
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "北川工业园" in page and "与第2行重复" in page and "确认导入" not in page
    report = client.get(reverse("imports:errors", args=[job.pk]))
    assert report["Content-Type"].startswith("application/vnd.openxmlformats")
    rows_back = (
        CalamineWorkbook.from_filelike(io.BytesIO(report.content)).get_sheet_by_index(0).to_python()
    )
    assert rows_back[2][2:] == [2.0, "C列（园区）", "园区“北川工业园”不存在，应为：东川工业园"]
    assert client.post(reverse("imports:commit", args=[job.pk])).status_code == 302
    assert not Enterprise.objects.filter(credit_code=credit_code(1)).exists()


def test_a_file_of_many_bad_rows_shows_the_first_and_counts_them_all(
    world, login, tmp_path, import_root
):
    industry("3841")
    rows = [HEADERS, *(good_row(n, park="北川工业园") for n in range(1, 251))]
    client = login(world.park_a_officer)
    upload(client, xlsx_file(tmp_path / "a.xlsx", rows))
    job = ImportJob.objects.get()
    assert len(job.problems) == 250
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "发现 250 个问题" in page and "下表列出前 200 个" in page
    assert page.count("园区“北川工业园”不存在") == 200


def test_unknown_file_type_is_refused_on_the_form(world, login, tmp_path, import_root):
    path = tmp_path / "a.docx"
    path.write_bytes(b"x")
    response = upload(login(world.park_a_officer), path)
    assert response.status_code == 200 and "不支持的文件类型" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_outsider_gets_404_on_someone_elses_job(world, login, tmp_path, import_root):
    industry("3841")
    upload(login(world.park_a_officer), xlsx_file(tmp_path / "a.xlsx", [HEADERS, good_row(1)]))
    job = ImportJob.objects.get()
    outsider = login(world.park_b_officer)
    for name in ("imports:detail", "imports:progress", "imports:errors"):
        assert outsider.get(reverse(name, args=[job.pk])).status_code == 404, name
    assert outsider.post(reverse("imports:commit", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == "previewed"
    assert not Enterprise.objects.filter(credit_code=credit_code(1)).exists()


def test_kinds_a_role_may_not_import_are_404(world, login):
    assert (
        login(world.park_a_officer).get(reverse("imports:upload", args=["industries"])).status_code
        == 404
    )
    assert (
        login(world.park_a_officer).get(reverse("imports:upload", args=["nothing"])).status_code
        == 404
    )
    assert (
        login(world.ent_x_user).get(reverse("imports:upload", args=["enterprises"])).status_code
        == 404
    )
    assert login(world.admin).get(reverse("imports:upload", args=["industries"])).status_code == 200


def test_import_list_links_the_kinds_and_the_jobs(world, login, tmp_path, import_root):
    industry("3841")
    client = login(world.park_a_officer)
    upload(client, xlsx_file(tmp_path / "名录.xlsx", [HEADERS, good_row(1)]))
    page = client.get(reverse("imports:list")).content.decode()
    assert reverse("imports:upload", args=["enterprises"]) in page
    assert reverse("imports:upload", args=["industries"]) not in page
    assert "名录.xlsx" in page and "企业名录" in page


def test_industry_command_if_needed_skips_a_loaded_table():
    call_command("import_industries", str(OFFICIAL), stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    call_command(
        "import_industries", str(OFFICIAL), "--if-needed", stdout=out, stderr=io.StringIO()
    )
    assert out.getvalue().strip() == "行业分类已有 1381 个小类，跳过导入。"


def test_admin_imports_the_official_table_on_the_page(world, login, import_root):
    client = login(world.admin)
    response = upload(client, OFFICIAL, kind="industries")
    job = ImportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert job.status == "previewed" and job.summary["details"]["levels"]["小类"] == 1381
    # The personas' enterprises brought 384 and 3841 with placeholder names: the file renames them.
    assert (job.summary["created"], job.summary["updated"]) == (1852, 2)
    assert '<div class="zo-stat-value" id="count-created">1852</div>' in page
    client.post(reverse("imports:commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "committed"
    assert Industry.objects.filter(level=IndustryLevel.CLASS).count() == 1381
