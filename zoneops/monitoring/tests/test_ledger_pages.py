"""The ledger, its Excel export, an enterprise's history, targets and alerts, as pages."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from zoneops.core.models import ChangeRecord
from zoneops.enterprises.tests.factories import EnterpriseFactory
from zoneops.monitoring.analysis import breakdown as breakdown_queries
from zoneops.monitoring.ledger import figures as ledger_figures
from zoneops.monitoring.ledger.export import ledger_title, xlsx_ledger_bytes
from zoneops.monitoring.models import (
    Alert,
    AlertStatus,
    Indicator,
    ReportingPeriod,
    Target,
    TargetKind,
    TargetScope,
)
from zoneops.monitoring.periods import period_get_or_create
from zoneops.monitoring.reports import services
from zoneops.monitoring.tests.factories import approved_report

pytestmark = pytest.mark.django_db

WAN = 10_000
YI = 100_000_000
LEDGER = reverse("monitoring:ledger")
EXPORT = reverse("monitoring:ledger_export")


@pytest.fixture
def march(world):
    """Three enterprises' March 2024 reports (stored units: 元, kWh)."""
    z = EnterpriseFactory(name="青海丙材料有限公司", park=world.park_a)
    approved_report(
        world.enterprise_x,
        2024,
        3,
        output_value=(1_234_500, 30_000_000, 25_000_000),
        electricity=(500_000, 1_500_000, 1_000_000),
        total_profit=(100_000, 2_000_000, -1_000_000),  # last year a loss
    )
    approved_report(
        world.enterprise_y,
        2024,
        3,
        output_value=(2_000_000, 50_000_000, 40_000_000),
        total_profit=(-300_000, -500_000, 1_000_000),  # profit turned into loss
    )
    # No last-year figure: counts in 1—本月累计 but not in growth (same set).
    approved_report(z, 2024, 3, output_value=(700_000, 7_000_000, None))
    return z


def _cells(row, code):
    return next(c for c in row.cells if c.indicator.code == code)


def test_ledger_numbers_are_the_stored_ones_in_wan_yuan(world, login, march):
    response = login(world.leader).get(LEDGER, {"period": "2024-03", "sort": "name"})
    assert response.status_code == 200
    rows = {r.name: r for r in response.context["rows"]}
    x = rows["青海甲锂业有限公司"]
    output = _cells(x, "output_value")
    assert (output.month, output.ytd, output.last) == (
        Decimal("123.45"),
        Decimal("3000.00"),
        Decimal("2500.00"),
    )
    assert output.growth.text == "20.0"
    power = _cells(x, "electricity")  # kWh → 万千瓦时
    assert (power.month, power.ytd, power.last) == (
        Decimal("50.00"),
        Decimal("150.00"),
        Decimal("100.00"),
    )
    html = response.content.decode()
    assert "123.45" in html and "3,000.00" in html


def test_ledger_headers_are_translated_on_the_page_and_kept_in_the_file(world, login, march):
    from django.conf import settings

    client = login(world.leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(LEDGER, {"period": "2024-03"}).content.decode()
    assert "YoY %" in html and "1—本月累计" not in html
    # The export is the staff's layout, which the monthly import reads back: words unchanged.
    assert [label for _key, label in ledger_figures.SUBCOLUMNS][-1] == "同比%"


def test_profit_growth_follows_the_loss_rules(world, login, march):
    response = login(world.leader).get(LEDGER, {"period": "2024-03"})
    rows = {r.name: r for r in response.context["rows"]}
    was_loss = _cells(rows["青海甲锂业有限公司"], "total_profit").growth
    assert was_loss.text == "—" and "亏损" in was_loss.note and was_loss.value is None
    turned = _cells(rows["青海乙光伏有限公司"], "total_profit").growth
    assert turned.text == "由盈转亏"
    html = response.content.decode()
    assert "由盈转亏" in html and 'title="上年同期为亏损，不计算增速' in html


def test_totals_row_sums_every_row_with_growth_on_the_same_set(world, login, march):
    response = login(world.leader).get(LEDGER, {"period": "2024-03", "size": "20"})
    total = next(c for c in response.context["totals"] if c.indicator.code == "output_value")
    assert total.ytd == Decimal("8700.00")  # 3000 + 5000 + 700: every reporting enterprise
    assert total.month == Decimal("393.45")
    assert total.last == Decimal("6500.00")  # only those with last year's figure
    # (3000 + 5000) / (2500 + 4000) − 1, not (8700 / 6500 − 1)
    assert total.growth.value == pytest.approx(Decimal("23.0769"), abs=Decimal("0.001"))
    # … which is exactly what the aggregates (the dashboard's numbers) say.
    period = ReportingPeriod.objects.get(year=2024, month=3)
    indicator = Indicator.objects.get(code="output_value")
    group = breakdown_queries.aggregates(user=world.leader, period=period, indicator=indicator)[0]
    assert total.ytd == (group.ytd / WAN).quantize(Decimal("0.01"))
    assert total.growth.value == group.growth
    assert "合计" in response.content.decode()


def test_ledger_is_scoped_and_filtered(world, login, march):
    response = login(world.park_a_officer).get(LEDGER, {"period": "2024-03"})
    names = {r.name for r in response.context["rows"]}
    assert names == {"青海甲锂业有限公司", "青海丙材料有限公司"}
    response = login(world.leader).get(LEDGER, {"period": "2024-03", "park": world.park_b.pk})
    assert [r.name for r in response.context["rows"]] == ["青海乙光伏有限公司"]
    total = response.context["totals"][0]
    assert total.ytd == Decimal("5000.00")


def test_ledger_sorts_by_any_column_on_the_server(world, login, march):
    client = login(world.leader)
    by_ytd = client.get(LEDGER, {"period": "2024-03", "sort": "-output_value.ytd"})
    assert [r.name for r in by_ytd.context["rows"]] == [
        "青海乙光伏有限公司",
        "青海甲锂业有限公司",
        "青海丙材料有限公司",
    ]
    by_growth = client.get(LEDGER, {"period": "2024-03", "sort": "output_value.growth"})
    # 25 % (Y) < 20 %? no: X grew 20 %, Y 25 %; Z has no growth and goes last.
    assert [r.name for r in by_growth.context["rows"]] == [
        "青海甲锂业有限公司",
        "青海乙光伏有限公司",
        "青海丙材料有限公司",
    ]
    chosen = client.get(
        LEDGER, {"period": "2024-03", "indicators": ["revenue", "electricity"], "sort": "x.y"}
    )
    assert [i.code for i in chosen.context["f"].indicators] == ["electricity", "revenue"]


def test_ledger_htmx_refresh_returns_only_the_table(world, login, march):
    response = login(world.leader).get(
        LEDGER,
        {"period": "2024-03", "park": world.park_a.pk},
        headers={"HX-Request": "true", "HX-Target": "ledger-table"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="ledger"' in html and "青海甲锂业有限公司" in html


def test_approved_only_unless_asked_for_every_report(world, login, march):
    from zoneops.monitoring.tests.factories import figures

    draft_owner = EnterpriseFactory(name="青海丁化工有限公司", park=world.park_a)
    services.report_save(
        actor=None,
        enterprise=draft_owner,
        period=ReportingPeriod.objects.get(year=2024, month=3),
        figures=figures(output_value=(1, 1, 1)),
        check=False,
    )
    client = login(world.leader)
    approved = {r.name for r in client.get(LEDGER, {"period": "2024-03"}).context["rows"]}
    every = {
        r.name for r in client.get(LEDGER, {"period": "2024-03", "status": "any"}).context["rows"]
    }
    assert "青海丁化工有限公司" not in approved and "青海丁化工有限公司" in every


def test_ledger_page_query_count_does_not_grow_with_the_page(
    world, login, django_assert_num_queries
):
    for n in range(30):
        approved_report(
            EnterpriseFactory(name=f"测试企业{n:02d}", park=world.park_a),
            2024,
            3,
            output_value=(n * WAN, n * 3 * WAN, n * 2 * WAN + 1),
            revenue=(n * WAN, n * 3 * WAN, n * 3 * WAN),
        )
    client = login(world.park_a_officer)
    client.get(LEDGER, {"period": "2024-03"})  # warm the session
    with django_assert_num_queries(13):
        small = client.get(LEDGER, {"period": "2024-03", "size": "20"})
    with django_assert_num_queries(13):
        large = client.get(LEDGER, {"period": "2024-03", "size": "50"})
    assert len(small.context["rows"]) == 20 and len(large.context["rows"]) == 30


def _sheet(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def test_export_has_the_staff_layout(world, login, march):
    response = login(world.leader).get(
        EXPORT, {"period": "2024-03", "indicators": ["output_value", "electricity"]}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = _sheet(response.content)
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert ws["A1"].value == "西宁经济技术开发区规模以上工业企业主要经济指标（2024年3月）"
    assert "A1:L1" in merged and "A2:L2" in merged
    assert ws["A2"].value == "单位：万元、万千瓦时"
    # Two-row header: lead columns span both rows, each indicator its four sub-columns.
    assert [ws.cell(3, c).value for c in range(1, 5)] == [
        "序号",
        "统一社会信用代码",
        "企业名称",
        "园区",
    ]
    assert {"A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:H3", "I3:L3"} <= merged
    assert ws["E3"].value == "工业总产值" and ws["I3"].value == "企业用电量"
    assert [ws.cell(4, c).value for c in range(5, 9)] == [
        "本月",
        "1—本月累计",
        "上年同期累计",
        "同比%",
    ]
    # 合计 first, then the enterprises (default order: park, then name).
    assert ws["C5"].value == "合计"
    assert ws["F5"].value == pytest.approx(8700.00)
    assert ws["H5"].value == pytest.approx(23.08)
    assert ws["I5"].value == pytest.approx(50.00)
    body = {ws.cell(r, 3).value: r for r in range(6, ws.max_row + 1)}
    assert list(body) == ["青海丙材料有限公司", "青海甲锂业有限公司", "青海乙光伏有限公司"]
    row_x = body["青海甲锂业有限公司"]
    assert ws.cell(row_x, 1).value == 2
    assert ws.cell(row_x, 2).value == world.enterprise_x.credit_code
    assert ws.cell(row_x, 5).value == pytest.approx(123.45)
    assert ws.cell(row_x, 5).number_format == "#,##0.00"
    assert ws.cell(row_x, 8).value == pytest.approx(20.00)
    assert ws.cell(body["青海丙材料有限公司"], 8).value == "—"


def test_export_neutralises_formulas_and_reads_back_with_calamine():
    from python_calamine import CalamineWorkbook

    content = xlsx_ledger_bytes(
        "标题（2024年1—2月）",
        "单位：万元",
        [
            ("序号", ()),
            ("企业名称", ()),
            ("工业总产值", ["本月", "1—本月累计", "上年同期累计", "同比%"]),
        ],
        [["", "合计", 1, 2, 3, 4], [1, '=HYPERLINK("x")', 1.234, 2, 3, "由盈转亏"]],
    )
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "标题（2024年1—2月）" and rows[1][0] == "单位：万元"
    assert rows[3][2:] == ["本月", "1—本月累计", "上年同期累计", "同比%"]
    assert rows[5][1] == '\'=HYPERLINK("x")'
    assert rows[5][2] == pytest.approx(1.23) and rows[5][5] == "由盈转亏"


def test_export_title_names_a_combined_period():
    period = period_get_or_create(2024, 2, combined_with_january=True)
    assert ledger_title(period, "西宁经济技术开发区") == (
        "西宁经济技术开发区规模以上工业企业主要经济指标（2024年1—2月）"
    )


def test_enterprise_history_shows_months_chart_and_alerts(world, login):
    approved_report(world.enterprise_x, 2023, 3, output_value=(900_000, 2_000_000, 1_800_000))
    approved_report(world.enterprise_x, 2024, 1, output_value=(800_000, 800_000, 1_000_000))
    approved_report(world.enterprise_x, 2024, 2, output_value=(1_000_000, 1_800_000, 2_000_000))
    url = reverse("monitoring:enterprise_history", kwargs={"enterprise_id": world.enterprise_x.pk})
    response = login(world.leader).get(url, {"indicator": "output_value"})
    assert response.status_code == 200
    history = response.context["history"]
    assert [str(r.period) for r in history.rows] == ["2024年2月", "2024年1月", "2023年3月"]
    assert history.rows[0].ytd == Decimal("180.00") and history.rows[0].growth.text == "-10.0"
    chart = response.context["chart"]
    this_year, last_year = chart["series"]
    assert this_year["data"][:3] == [80.0, 100.0, None]
    assert last_year["data"][2] == 90.0  # March 2023's own report
    html = response.content.decode()
    assert 'id="history-chart"' in html and 'data-chart="history-chart"' in html
    report_url = reverse("monitoring:report", kwargs={"report_id": history.rows[0].report_id})
    assert report_url in html
    # January's fall of 20 % raised a red alert, which holds in February at −10 %: one alert,
    # open since January, orange now, its months on the page.
    alert = Alert.objects.get(enterprise=world.enterprise_x, period__month=1, period__year=2024)
    assert (str(alert.last_period), alert.level) == ("2024年2月", "orange")
    assert alert.message in html
    assert "2024年1月 红色" in html and "2024年2月 橙色" in html


def test_outsiders_get_404_on_enterprise_history(world, login):
    approved_report(world.enterprise_x, 2024, 1, output_value=(800_000, 800_000, 1_000_000))
    url = reverse("monitoring:enterprise_history", kwargs={"enterprise_id": world.enterprise_x.pk})
    assert login(world.park_b_officer).get(url).status_code == 404
    assert login(world.ent_y_user).get(url).status_code == 404
    assert login(world.bank_user).get(url).status_code == 404
    own = login(world.ent_x_user).get(url)
    assert own.status_code == 200 and own.context["enterprise"] == world.enterprise_x


def test_pages_a_role_may_not_use_are_404(world, login):
    for name in ("monitoring:ledger", "monitoring:ledger_export", "monitoring:targets"):
        assert login(world.ent_x_user).get(reverse(name)).status_code == 404, name
        assert login(world.bank_user).get(reverse(name)).status_code == 404, name
    assert login(world.task_force).get(reverse("monitoring:alerts")).status_code == 404
    assert login(world.ent_x_user).post(reverse("monitoring:target_add")).status_code == 404
    assert login(world.leader).get(reverse("monitoring:alerts")).status_code == 200


# ---- targets ------------------------------------------------------------------------------


@pytest.fixture
def first_quarter(world):
    for month, (ytd, last) in {1: (1, 1), 2: (2, 2), 3: (4.5, 4)}.items():
        approved_report(
            world.enterprise_x,
            2024,
            month,
            output_value=(None, ytd * YI, last * YI),
        )
    output = Indicator.objects.get(code="output_value")

    def target(**kw):
        defaults = {"scope": TargetScope.ZONE, "indicator": output, "year": 2024}
        return Target.objects.create(**{**defaults, **kw})

    return target


def test_targets_page_says_gap_and_pace(world, login, first_quarter):
    first_quarter(kind=TargetKind.VALUE, value=10 * YI)
    first_quarter(kind=TargetKind.VALUE, value=Decimal("4.2") * YI, quarter=1)
    first_quarter(kind=TargetKind.GROWTH, value=14)
    first_quarter(kind=TargetKind.GROWTH, value=10)
    response = login(world.leader).get(reverse("monitoring:targets"), {"year": 2024})
    assert response.status_code == 200
    lines = {
        (line.progress.target.kind, line.progress.target.value): line
        for line in response.context["lines"]
    }
    year = lines[("value", 10 * YI)]
    assert year.gap == "全年还需 5.5亿元"
    assert year.schedule == "快于时间进度 20.0 个百分点"  # 45 % done, 25 % of the year gone
    assert year.bar == pytest.approx(45.0) and year.marker == pytest.approx(25.0)
    quarter = lines[("value", Decimal("4.2") * YI)]
    assert quarter.gap == "已完成目标，超出 3,000.0万元"
    assert lines[("growth", 14)].gap == "差 1.5 个百分点"  # 12.5 % against 14 %
    assert lines[("growth", 10)].gap == "高于目标 2.5 个百分点"
    html = response.content.decode()
    assert "全年还需 5.5亿元" in html and "快于时间进度 20.0 个百分点" in html
    assert '<rect class="zo-bar" x="0" y="2" width="45.0"' in html
    assert 'style="' not in html.split('id="targets"')[1]


def test_behind_schedule_is_said_so(world, login, first_quarter):
    first_quarter(kind=TargetKind.VALUE, value=20 * YI)  # 22.5 % done, 25 % of the year gone
    line = (
        login(world.leader).get(reverse("monitoring:targets"), {"year": 2024}).context["lines"][0]
    )
    assert line.schedule == "慢于时间进度 2.5 个百分点" and line.schedule_class == "text-danger"


def test_reviewer_adds_a_target_in_wan_yuan(world, login, first_quarter):
    client = login(world.econ)
    page = client.get(reverse("monitoring:targets"), {"year": 2024})
    assert page.context["form"] is not None
    response = client.post(
        reverse("monitoring:target_add"),
        {
            "scope": "park",
            "park": world.park_a.pk,
            "indicator": Indicator.objects.get(code="output_value").pk,
            "year": 2024,
            "quarter": "2",
            "kind": "value",
            "value": "32000",
        },
    )
    assert response.status_code == 302
    target = Target.objects.get(park=world.park_a)
    assert target.value == Decimal(32000 * WAN) and target.quarter == 2
    assert ChangeRecord.objects.filter(model="monitoring.target", object_id=str(target.pk)).exists()


def test_target_validation_names_the_field(world, login, first_quarter):
    client = login(world.econ)
    output = Indicator.objects.get(code="output_value").pk
    base = {"indicator": output, "year": 2024, "kind": "value", "value": "1", "quarter": ""}
    response = client.post(reverse("monitoring:target_add"), {**base, "scope": "park"})
    assert response.status_code == 422
    assert "园区目标须选择园区" in response.context["form"].errors["park"][0]
    response = client.post(reverse("monitoring:target_add"), {**base, "scope": "chain"})
    assert "产业链目标须选择产业链" in response.context["form"].errors["chain"][0]
    response = client.post(
        reverse("monitoring:target_add"), {**base, "scope": "zone", "value": "0"}
    )
    assert "总量目标须大于 0" in response.context["form"].errors["value"][0]
    response = client.post(
        reverse("monitoring:target_add"), {**base, "scope": "zone", "quarter": "5"}
    )
    assert "quarter" in response.context["form"].errors
    assert not Target.objects.exists()


def test_only_reviewers_add_targets(world, login):
    page = login(world.park_a_officer).get(reverse("monitoring:targets"))
    assert page.status_code == 200 and page.context["form"] is None
    response = login(world.park_a_officer).post(reverse("monitoring:target_add"), {"scope": "zone"})
    assert response.status_code == 403


# ---- alerts -------------------------------------------------------------------------------


@pytest.fixture
def falling(world):
    approved_report(world.enterprise_x, 2024, 1, output_value=(70, 70, 100))
    approved_report(world.enterprise_y, 2024, 1, output_value=(85, 85, 100))
    return Alert.objects.get(enterprise=world.enterprise_x, rule__code="output-fall")


def test_alert_list_shows_colours_and_filters(world, login, falling):
    client = login(world.leader)
    response = client.get(reverse("monitoring:alerts"))
    html = response.content.decode()
    assert "text-bg-danger" in html and "text-bg-warning" in html  # red X, orange Y
    assert [a.enterprise for a in response.context["page"]] == [
        world.enterprise_x,
        world.enterprise_y,
    ]
    only_red = client.get(reverse("monitoring:alerts"), {"level": "red"}).context["page"]
    assert [a.pk for a in only_red] == [falling.pk]
    mine = login(world.park_b_officer).get(reverse("monitoring:alerts")).context["page"]
    assert [a.enterprise for a in mine] == [world.enterprise_y]


def test_reviewer_acknowledges_then_closes_with_a_note(world, login, falling):
    client = login(world.park_a_officer)
    url = reverse("monitoring:alert_handle", kwargs={"alert_id": falling.pk})
    response = client.post(url, {"status": "acknowledged", "note": "已联系企业"})
    assert response.status_code == 302
    falling.refresh_from_db()
    assert falling.status == AlertStatus.ACKNOWLEDGED and "已联系企业" in falling.note
    client.post(url, {"status": "closed", "note": "订单恢复，下月回升"})
    falling.refresh_from_db()
    assert falling.status == AlertStatus.CLOSED and falling.closed_at is not None
    assert "订单恢复" in falling.note
    history = ChangeRecord.objects.filter(model="monitoring.alert", object_id=str(falling.pk))
    assert history.filter(actor=world.park_a_officer).count() == 2


def test_closing_needs_a_note(world, login, falling):
    response = login(world.park_a_officer).post(
        reverse("monitoring:alert_handle", kwargs={"alert_id": falling.pk}), {"status": "closed"}
    )
    assert response.status_code == 302
    falling.refresh_from_db()
    assert falling.status == AlertStatus.OPEN


def test_alert_handling_outside_scope_is_404_and_not_allowed_is_403(world, login, falling):
    url = reverse("monitoring:alert_handle", kwargs={"alert_id": falling.pk})
    body = {"status": "closed", "note": "x"}
    assert login(world.park_b_officer).post(url, body).status_code == 404
    # The zone leader sees the alert but is neither its owner nor a reviewer.
    assert login(world.leader).post(url, body).status_code == 403
    falling.refresh_from_db()
    assert falling.status == AlertStatus.OPEN


def test_json_of_chart_has_no_inline_script(world, login):
    approved_report(world.enterprise_x, 2024, 1, output_value=(800_000, 800_000, 1_000_000))
    url = reverse("monitoring:enterprise_history", kwargs={"enterprise_id": world.enterprise_x.pk})
    html = login(world.leader).get(url).content.decode()
    block = html.split('<script id="history-chart" type="application/json">')[1].split("</script>")[
        0
    ]
    assert json.loads(block)["series"][0]["data"][0] == 80.0
    assert 'style="' not in html.split('id="main"')[1]
