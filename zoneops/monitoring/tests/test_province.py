"""Leading the province: importing the province's list (all or nothing, idempotent, every bad
cell named), this zone's rank and gap, the command, the page and the API."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from zoneops.core.exports import xlsx_bytes
from zoneops.core.imports import get_kind, run
from zoneops.core.models import ChangeRecord
from zoneops.monitoring.models import Indicator, ProvinceFigure, ReportingPeriod
from zoneops.monitoring.periods import period_get_or_create
from zoneops.monitoring.province import importer as province_importer
from zoneops.monitoring.province import queries as province_queries

pytestmark = pytest.mark.django_db

TITLE = "2024年1—12月全省开发区规上工业总产值增速"
HEADERS = ["序号", "开发区", "增速（%）"]
ROWS = [
    [1, "格尔木昆仑经济技术开发区", 12.3],
    [2, "海东工业园区", 10.7],
    [3, "西宁经济技术开发区", 9.5],
    [4, "柴达木循环经济试验区", 8.25],
    [5, "青海生物科技产业园", -1.4],
]


def workbook(rows=ROWS, headers=HEADERS, title=TITLE) -> bytes:
    return xlsx_bytes(sheet="全省", headers=headers, rows=rows, title=title)


def output_value() -> Indicator:
    return Indicator.objects.get(code="output_value")


def do_import(data: bytes, actor=None, **choice):
    return run(
        province_importer.ProvinceFigureSpec(**choice),
        data,
        actor=actor,
        dry_run=False,
        filename="全省开发区.xlsx",
    )


def test_import_reads_period_and_indicator_from_the_title(world):
    result = do_import(workbook(), actor=world.econ)
    assert result.ok and result.written, [p.text() for p in result.problems]
    assert (result.created, result.updated, result.unchanged) == (5, 0, 0)
    period = ReportingPeriod.objects.get(year=2024, month=12)
    figures = ProvinceFigure.objects.filter(period=period, indicator=output_value())
    assert figures.count() == 5
    own = figures.get(is_self=True)
    assert own.zone_name == "西宁经济技术开发区" and own.growth == Decimal("9.50")
    assert result.details == {
        "period": "2024-12",
        "indicator": "output_value",
        "self": own.zone_name,
    }
    assert ChangeRecord.objects.filter(model="monitoring.provincefigure").count() == 5


def test_rank_and_gap_are_exact(world):
    do_import(workbook())
    ranking = province_queries.province_rank(
        period=ReportingPeriod.objects.get(year=2024, month=12), indicator=output_value()
    )
    assert [(r.rank, r.zone_name) for r in ranking.rows][:3] == [
        (1, "格尔木昆仑经济技术开发区"),
        (2, "海东工业园区"),
        (3, "西宁经济技术开发区"),
    ]
    assert ranking.rank == 3 and ranking.total == 5
    assert ranking.gap == Decimal("1.20") and ranking.lead == Decimal("1.25")
    assert ranking.sentence() == "全省第3位，距第2位还差1.20个百分点"
    bars = ranking.chart()["series"][0]["data"]
    # Best at the top of a horizontal chart means last in the data; this zone highlighted.
    assert [b["value"] for b in bars] == [-1.4, 8.25, 9.5, 10.7, 12.3]
    assert len({b["itemStyle"]["color"] for b in bars}) == 2
    assert bars[2]["itemStyle"]["color"] != bars[1]["itemStyle"]["color"]


def test_ties_share_a_rank_and_the_gap_is_to_the_next_different_figure(world):
    rows = [
        ["甲开发区", 10],
        ["乙开发区", 9],
        ["西宁经济技术开发区", 9],
        ["丙开发区", 9],
        ["丁开发区", 7],
    ]
    do_import(workbook(rows, ["开发区", "增速(%)"]))
    ranking = province_queries.province_rank(
        period=ReportingPeriod.objects.get(year=2024, month=12), indicator=output_value()
    )
    assert [r.rank for r in ranking.rows] == [1, 2, 2, 2, 5]
    assert ranking.rank == 2 and ranking.gap == Decimal("1.00") and ranking.lead == Decimal("2.00")
    assert ranking.sentence() == "全省第2位，距第1位还差1.00个百分点"


def test_the_leader_is_told_its_lead(world):
    do_import(workbook([["西宁经济技术开发区", 15.5], ["海东工业园区", 10.7]], ["开发区", "增速"]))
    ranking = province_queries.province_rank(
        period=ReportingPeriod.objects.get(year=2024, month=12), indicator=output_value()
    )
    assert ranking.gap is None and ranking.lead == Decimal("4.80")
    assert ranking.sentence() == "全省第1位，领先第2位4.80个百分点"


def test_importing_the_same_file_twice_writes_nothing(world):
    data = workbook()
    do_import(data, actor=world.econ)
    records = ChangeRecord.objects.count()
    again = do_import(data, actor=world.econ)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert ChangeRecord.objects.count() == records


def test_a_changed_figure_is_updated_and_recorded(world):
    do_import(workbook())
    rows = [list(r) for r in ROWS]
    rows[1][2] = 11.05
    result = do_import(workbook(rows))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 4)
    figure = ProvinceFigure.objects.get(zone_name="海东工业园区")
    assert figure.growth == Decimal("11.05")
    change = ChangeRecord.objects.filter(object_id=str(figure.pk)).order_by("-pk").first()
    assert change.before["growth"] == "10.70" and change.after["growth"] == "11.05"


def test_bad_rows_are_each_named_and_nothing_is_written(world):
    rows = [
        [1, "格尔木昆仑经济技术开发区", 12.3],
        [2, "海东工业园区", "约十"],
        [3, "", 9.5],
        [4, "格尔木昆仑经济技术开发区", 8.0],
        [5, "柴达木循环经济试验区", None],
    ]
    result = do_import(workbook(rows))
    assert not result.written
    texts = [p.text() for p in result.problems]
    assert texts == [
        "第4行 C列（增速（%））：应为数字，而不是“约十”",
        "第5行 B列（开发区）：开发区名称不能为空",
        "第6行 B列（开发区）：“格尔木昆仑经济技术开发区”与第3行重复",
        "第7行 C列（增速（%））：增速不能为空，应为百分数，如 8.5",
    ]
    assert all(p.file == "全省开发区.xlsx" and p.sheet == "全省" for p in result.problems)
    assert not ProvinceFigure.objects.exists()
    assert not ReportingPeriod.objects.filter(year=2024, month=12).exists()
    assert not ChangeRecord.objects.exists()


def test_two_rows_marked_as_this_zone_are_refused(world):
    rows = [["甲开发区", 10, "是"], ["西宁经济技术开发区", 9, "是"], ["乙开发区", 8, "否"]]
    result = do_import(workbook(rows, ["开发区", "增速（%）", "本区"]))
    assert [p.text() for p in result.problems] == [
        "第4行 C列（本区）：只能有一个开发区是本区，第3、4行都标为本区"
    ]
    assert not ProvinceFigure.objects.exists()


def test_the_self_column_overrides_the_name(world):
    rows = [["西宁经开区", 10, "是"], ["海东工业园区", 9, ""]]
    result = do_import(workbook(rows, ["开发区", "增速（%）", "本区"]))
    assert result.ok
    assert ProvinceFigure.objects.get(is_self=True).zone_name == "西宁经开区"


def test_without_title_the_period_and_indicator_must_be_chosen(world):
    untitled = workbook(title="")
    refused = do_import(untitled)
    assert [p.message for p in refused.problems] == [
        "未选择报告期，标题中也没有（标题应如“2024年1—12月全省开发区…增速”）",
        "未选择指标，标题中也没有可识别的指标（应为："
        + "、".join(Indicator.objects.filter(is_active=True).values_list("name", flat=True))
        + "）",
    ]
    sales = Indicator.objects.get(code="sales_value")
    result = do_import(untitled, period=(2024, 6), indicator=sales)
    assert (
        result.ok
        and ProvinceFigure.objects.filter(
            indicator=sales, period__year=2024, period__month=6
        ).count()
        == 5
    )


def test_a_choice_contradicting_the_title_is_refused(world):
    result = do_import(workbook(), period=(2024, 11), indicator=output_value())
    assert [p.text() for p in result.problems] == [
        f"第1行：标题“{TITLE}”是2024-12，与所选报告期2024-11不一致"
    ]
    assert not ProvinceFigure.objects.exists()


@pytest.mark.parametrize(
    ("title", "period", "code"),
    [
        ("2024年1—12月全省开发区规上工业总产值增速", (2024, 12), "output_value"),
        ("2025年1-2月 全省开发区工业销售产值增速", (2025, 2), "sales_value"),
        ("2025年3月各开发区营业收入增长情况", (2025, 3), "revenue"),
        ("全省开发区排名", None, None),
    ],
)
def test_titles_are_read(world, title, period, code):
    found_period, indicator = province_importer.parse_title(title, list(Indicator.objects.all()))
    assert found_period == period
    assert (indicator.code if indicator else None) == code


def test_the_kind_is_registered_for_the_economy_office(world):
    kind = get_kind("province_figures")
    assert kind is not None and isinstance(kind.spec(), province_importer.ProvinceFigureSpec)
    assert kind.allowed(world.econ) and kind.allowed(world.admin)
    assert not kind.allowed(world.park_a_officer) and not kind.allowed(world.ent_x_user)


def test_a_park_officer_cannot_write_figures(world):
    result = do_import(workbook(), actor=world.park_a_officer)
    assert not result.written and "您无权导入这一行" in result.problems[0].message
    assert not ProvinceFigure.objects.exists()


def test_command_imports_and_prints_the_rank(world, tmp_path: Path, capsys):
    path = tmp_path / "全省.xlsx"
    path.write_bytes(workbook(title=""))
    call_command("import_province", str(path), "--period", "2024-12", "--indicator", "output_value")
    out = capsys.readouterr().out
    assert "新增 5" in out and "全省第3位，距第2位还差1.20个百分点" in out
    call_command("import_province", str(path), "--period", "2024-12", "--indicator", "output_value")
    assert "未变 5" in capsys.readouterr().out
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook([["甲开发区", "x"]], ["开发区", "增速（%）"], title=""))
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_province", str(bad), "--period", "2024-12", "--indicator", "output_value"
        )
    assert "发现 1 个问题" in str(refused.value)
    assert "第2行 · B列（增速（%）） · 应为数字，而不是“x”" in capsys.readouterr().err
    with pytest.raises(CommandError):
        call_command("import_province", str(path), "--period", "2024-13")


# --- page and API -------------------------------------------------------------------------------


def test_page_shows_rank_sentence_and_highlighted_chart(world, login):
    do_import(workbook())
    response = login(world.park_a_officer).get(reverse("monitoring:province"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "全省第3位，距第2位还差1.20个百分点" in body
    assert 'data-chart="province-chart"' in body and ' style="' not in body
    assert response.context["form"] is None  # park officers read, they do not import


def test_page_upload_by_the_economy_office(world, login):
    client = login(world.econ)
    upload = {"file": _file(workbook()), "period": "", "indicator": ""}
    response = client.post(reverse("monitoring:province"), upload)
    assert response.status_code == 302
    assert "period=2024-12" in response["Location"]
    assert ProvinceFigure.objects.count() == 5
    bad = client.post(
        reverse("monitoring:province"),
        {
            "file": _file(workbook([["甲开发区", "x"]], ["开发区", "增速（%）"])),
            "period": "",
            "indicator": "",
        },
    )
    assert bad.status_code == 200
    assert "第3行 B列（增速（%））：应为数字，而不是“x”" in bad.content.decode()
    assert ProvinceFigure.objects.count() == 5


def test_page_upload_is_refused_to_park_officers(world, login):
    response = login(world.park_a_officer).post(
        reverse("monitoring:province"), {"file": _file(workbook())}
    )
    assert response.status_code == 403 and not ProvinceFigure.objects.exists()


@pytest.mark.parametrize("persona", ["bank_user", "task_force", "ent_x_user"])
def test_outsiders_get_404(world, login, persona):
    do_import(workbook())
    client = login(getattr(world, persona))
    assert client.get(reverse("monitoring:province")).status_code == 404
    assert (
        client.post(reverse("monitoring:province"), {"file": _file(workbook())}).status_code == 404
    )
    assert client.get("/api/monitoring/province?period=2024-12").status_code == 404


def test_api_ranking(world, login):
    do_import(workbook())
    client = login(world.leader)
    data = client.get("/api/monitoring/province?period=2024-12&indicator=output_value").json()
    assert data["rank"] == 3 and data["total"] == 5
    assert Decimal(data["gap"]) == Decimal("1.20") and Decimal(data["lead"]) == Decimal("1.25")
    assert data["sentence"] == "全省第3位，距第2位还差1.20个百分点"
    assert [r["is_self"] for r in data["rows"]] == [False, False, True, False, False]
    period_get_or_create(2023, 12)
    assert client.get("/api/monitoring/province?period=2023-12").status_code == 404
    assert client.get("/api/monitoring/province?period=2024-12&indicator=nope").status_code == 404


def _file(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("全省开发区.xlsx", data)
