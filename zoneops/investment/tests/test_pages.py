"""The pages: board moves (htmx), lists with filters and Excel export, the project page with
its timeline, the chain page's gaps, the dashboard, registration, the forms."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from python_calamine import CalamineWorkbook

from zoneops.core.models import ChangeRecord
from zoneops.enterprises.codes import credit_code
from zoneops.enterprises.models import Enterprise
from zoneops.investment import services
from zoneops.investment.models import Project, Target
from zoneops.investment.tests.factories import YI, project, signed

pytestmark = pytest.mark.django_db
D = dt.date


def column(response, stage):
    """The names on one column of a board fragment (htmx answers carry no context)."""
    body = response.content.decode()
    start = body.index(f'data-stage="{stage}"')
    return body[start : body.index("</section>", start)]


def rows(response):
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return book.get_sheet_by_index(0).to_python()


def test_board_shows_each_stage_and_a_move_is_one_recorded_action(inv, login):
    client = login(inv.officer_a)
    board = client.get(reverse("investment:board"))
    assert [len(c.projects) for c in board.context["columns"]] == [1, 0, 0, 0, 0, 0]
    response = client.post(
        reverse("investment:project_move", args=[inv.project_a.pk]),
        {"to_stage": "negotiating", "on": "2024-01-05", "note": "首轮洽谈"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert inv.project_a.name in column(response, "negotiating")
    assert inv.project_a.name not in column(response, "lead")
    assert "zo-moved" in column(response, "negotiating")
    change = inv.project_a.stage_changes.get(to_stage="negotiating")
    assert (change.on, change.note, change.actor) == (D(2024, 1, 5), "首轮洽谈", inv.officer_a)
    # The project's change record names the stages as the board does, not by their codes.
    detail = client.get(reverse("investment:project", args=[inv.project_a.pk]))
    assert "<del>线索</del> → <ins>在谈</ins>" in detail.content.decode()


def test_a_refused_move_says_why_and_changes_nothing(inv, login):
    response = login(inv.officer_a).post(
        reverse("investment:project_move", args=[inv.project_a.pk]),
        {"to_stage": "dropped", "on": "2024-01-05"},
        HTTP_HX_REQUEST="true",
    )
    assert "终止项目须说明原因" in response.content.decode()
    assert Project.objects.get(pk=inv.project_a.pk).stage == "lead"


def test_board_keeps_its_filters_after_a_move(inv, world, login):
    project(name="同链另一个", officer=inv.officer_a, chain=inv.chain_a, park=world.park_b)
    response = login(world.leader).post(
        reverse("investment:project_move", args=[inv.project_a.pk]),
        {"to_stage": "negotiating", "on": "2024-01-05", "park": world.park_a.pk},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert inv.project_a.name in body and "同链另一个" not in body


def test_park_officer_sees_the_board_without_move_forms(world, inv, login):
    body = login(world.park_a_officer).get(reverse("investment:board")).content.decode()
    assert inv.project_a.name in body and inv.project_b.name not in body
    assert "project_move" not in body and "/move/" not in body


def test_list_filters_and_exports_what_it_shows(world, inv, login):
    signed(
        on=D(2024, 2, 1), officer=inv.officer_a, name="已签约锂电", chain=inv.chain_a, investment=30
    )
    client = login(world.leader)

    def listed(**q):
        return [p.name for p in client.get(reverse("investment:projects"), q).context["page"]]

    assert listed(stage="signed") == ["已签约锂电"]
    assert listed(signed="2024-Q1") == ["已签约锂电"]
    assert set(listed(chain=inv.chain_a.pk)) == {"已签约锂电", inv.project_a.name}
    assert listed(park=world.park_b.pk) == [inv.project_b.name]
    assert listed(q="光伏玻璃") == [inv.project_b.name]
    exported = rows(client.get(reverse("investment:project_export"), {"stage": "signed"}))
    assert exported[0][:3] == ["项目名称", "投资方", "投资方所在地"]
    assert [r[0] for r in exported[1:]] == ["已签约锂电"]
    header = exported[0]
    assert exported[1][header.index("签约金额（万元）")] == 300000.0
    assert exported[1][header.index("阶段")] == "签约"


def test_every_list_exports_to_excel(world, inv, login):
    p = signed(on=D(2024, 1, 16), officer=inv.officer_a, name="=HYPERLINK(1)")
    services.arrival_save(
        actor=None,
        project=p,
        month=D(2024, 2, 1),
        origin="outside_province",
        amount=Decimal(2_000_0000),
        check=False,
    )
    services.worklog_save(
        actor=inv.officer_a,
        data={"kind": "trip", "on": D(2024, 1, 8), "place": "苏州", "counterpart": "天合光能"},
        projects=[p],
        check=False,
    )
    event = services.event_save(
        actor=None,
        data={"kind": "signing", "title": "签约仪式", "on": D(2024, 2, 28), "place": "管委会"},
        check=False,
    )
    services.event_project_save(actor=None, event=event, project=p, role="signed", check=False)
    services.target_save(
        actor=None,
        year=2024,
        quarter=1,
        scope="zone",
        project_count=10,
        amount=500 * YI,
        check=False,
    )
    client = login(world.leader)
    arrivals = rows(client.get(reverse("investment:arrival_export")))
    assert arrivals[1][0] == "2024-02" and arrivals[1][5] == 2000.0
    assert arrivals[1][1] == "'=HYPERLINK(1)"  # formula injection neutralised
    assert rows(client.get(reverse("investment:worklog_export")))[1][5] == "天合光能"
    assert rows(client.get(reverse("investment:event_export")))[1][2] == "签约仪式"
    chains = rows(client.get(reverse("investment:chain_export")))
    assert [r[0] for r in chains[1:]] == ["光伏制造产业链", "锂电产业链"]
    assert chains[2][3] == str(inv.officer_a) and chains[2][4] == 1.0  # one lead
    targets = rows(client.get(reverse("investment:target_export")))
    assert targets[1][:4] == ["2024年第1季度", "全区", 10.0, 1.0]


def test_project_page_shows_the_timeline_of_stages_and_changes(inv, login):
    services.project_move(
        actor=inv.officer_a, project=inv.project_a, to_stage="signed", on=D(2024, 2, 28)
    )
    response = login(inv.officer_a).get(reverse("investment:project", args=[inv.project_a.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert [c.to_stage for c in response.context["changes"]] == ["lead", "signed"]
    assert "2024年2月28日" in body and "阶段：签约" in body


def test_project_form_takes_money_in_yi_yuan_and_records_history(world, inv, login):
    client = login(inv.officer_a)
    response = client.post(
        reverse("investment:project_create"),
        {
            "name": "新型显示模组项目",
            "investor": "合肥某光电科技有限公司",
            "origin": "outside_province",
            "industry": "39",
            "park": world.park_a.pk,
            "total_investment": "100",
            "expected_tax": "35000",
            "annual_power": "12000",
            "method": "targeted",
            "lead_on": "2023-09-05",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    p = Project.objects.get(name="新型显示模组项目")
    assert p.total_investment == 100 * YI and p.expected_tax == Decimal(350_000_000)
    assert p.annual_power == Decimal(120_000_000) and p.follow_up == inv.officer_a
    assert p.industry.code == "39" and p.stage == "lead"
    assert ChangeRecord.objects.filter(model="investment.project", object_id=str(p.pk)).exists()
    edit = client.get(reverse("investment:project_edit", args=[p.pk]))
    assert edit.context["form"].initial["total_investment"] == Decimal(100)


def test_register_prefills_the_registry_form_and_links_the_enterprise(world, inv, login):
    services.project_move(
        actor=None, project=inv.project_a, to_stage="signed", on=D(2024, 2, 28), check=False
    )
    client = login(inv.officer_a)
    url = reverse("investment:project_register", args=[inv.project_a.pk])
    form = client.get(url).context["form"]
    assert form.initial["park"] == world.park_a.pk
    response = client.post(
        url,
        {
            "credit_code": credit_code(515151),
            "name": "青海储能科技有限公司",
            "park": world.park_a.pk,
            "industry": inv.project_a.industry.code,
            "status": "operating",
        },
    )
    assert response.status_code == 302
    inv.project_a.refresh_from_db()
    assert inv.project_a.enterprise == Enterprise.objects.get(name="青海储能科技有限公司")


def test_chain_page_names_its_gaps_and_their_projects(world, inv, login):
    response = login(world.leader).get(reverse("investment:chain", args=[inv.chain_a.pk]))
    page = response.context["page"]
    gaps = {g.node.name: (g.kind, [p.name for p in g.projects]) for g in page.gaps}
    # The storage node is downstream and empty: extend the chain; a project is on it.
    assert gaps == {"电池系统及储能": ("extend", [inv.project_a.name])}
    assert "延链" in response.content.decode()


def test_dashboard_shows_rates_of_the_periods_signed_projects(world, inv, login):
    started = signed(on=D(2024, 1, 10), officer=inv.officer_a, name="开工项目", chain=inv.chain_a)
    services.project_move(
        actor=None, project=started, to_stage="started", on=D(2024, 3, 1), check=False
    )
    money = signed(on=D(2024, 2, 10), officer=inv.officer_a, name="资金到位项目")
    services.arrival_save(
        actor=None,
        project=money,
        month=D(2024, 3, 1),
        origin="outside_city",
        amount=YI,
        check=False,
    )
    signed(on=D(2024, 3, 10), officer=inv.officer_a, name="刚签约项目")
    response = login(world.leader).get(reverse("investment:dashboard"), {"period": "2024-Q1"})
    rates = response.context["rates"]
    assert (rates.signed, rates.started, rates.fulfilled) == (3, 1, 2)
    assert round(rates.fulfilment, 1) == Decimal("66.7")
    assert round(rates.start, 1) == Decimal("33.3")
    assert rates.production == 0
    by_chain = {g.label: g.rates.signed for g in response.context["by_chain"]}
    assert by_chain == {"锂电产业链": 1, "未指定": 2, "光伏制造产业链": 0}
    funnel = dict((s.value, n) for s, n in response.context["funnel"])
    assert funnel == {"lead": 5, "negotiating": 3, "signed": 3, "started": 1, "producing": 0}


def test_targets_page_adds_a_target_for_leaders_only(world, inv, login):
    data = {
        "year": 2024,
        "quarter": 1,
        "scope": "zone",
        "project_count": 10,
        "amount": "500",
        "industrial_only": "on",
    }
    assert login(inv.officer_a).post(reverse("investment:target_add"), data).status_code == 403
    response = login(world.leader).post(reverse("investment:target_add"), data)
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.project_count, target.amount, target.industrial_only) == (10, 500 * YI, True)
    page = login(inv.officer_a).get(reverse("investment:target", args=[target.pk]))
    assert page.status_code == 200 and page.context["form"] is None


def test_a_target_is_changed_on_its_page_with_history(world, inv, login):
    target = services.target_save(
        actor=world.leader, year=2024, quarter=1, scope="zone", project_count=10, amount=500 * YI
    )
    url = reverse("investment:target", args=[target.pk])
    leader = login(world.leader)
    form = leader.get(url).context["form"]
    assert (form.initial["amount"], form.initial["project_count"]) == ("500", 10)
    data = {"year": 2024, "quarter": 1, "scope": "zone", "project_count": 12, "amount": "520.5"}
    assert login(inv.officer_a).post(url, data).status_code == 403
    assert leader.post(url, data).status_code == 302
    target.refresh_from_db()
    assert (target.project_count, target.amount, target.industrial_only) == (
        12,
        Decimal("520.5") * YI,
        False,
    )
    body = leader.get(url).content.decode()
    assert "<del>10</del> → <ins>12</ins>" in body
    # A second zone target for the same quarter is refused on the form, and nothing changes.
    other = services.target_save(
        actor=world.leader, year=2024, quarter=2, scope="zone", project_count=5, amount=YI
    )
    refused = leader.post(reverse("investment:target", args=[other.pk]), data)
    assert refused.status_code == 200 and "已有相同范围和期间的目标" in refused.content.decode()
    other.refresh_from_db()
    assert (other.quarter, other.project_count) == (2, 5)


def test_work_log_and_event_forms(world, inv, login):
    client = login(inv.officer_a)
    response = client.post(
        reverse("investment:worklog_create"),
        {
            "kind": "trip",
            "on": "2024-01-08",
            "until": "2024-01-11",
            "place": "江苏省苏州市",
            "participants": [inv.officer_a.pk],
            "counterpart": "天合光能",
            "outcome": "达成意向",
            "projects": [inv.project_a.pk],
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("investment:worklogs")).context["page"][0].counterpart == "天合光能"
    response = client.post(
        reverse("investment:event_create"),
        {"kind": "release", "title": "项目发布会", "on": "2024-01-20", "place": "会展中心"},
    )
    assert response.status_code == 302
    event_url = response["Location"]
    client.post(
        event_url + "projects/", {"project": inv.project_a.pk, "role": "released", "amount": "60"}
    )
    detail = client.get(event_url)
    assert [line.project for line in detail.context["lines"]] == [inv.project_a]
    assert detail.context["total"] == 60 * YI


def test_list_and_board_queries_do_not_grow_with_projects(world, inv, login):
    client = login(world.leader)
    # The first request of a new session also moves its idle end (one session write).
    client.get("/")

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    urls = [
        reverse("investment:projects"),
        reverse("investment:board"),
        reverse("investment:dashboard"),
    ]
    before = [count(u) for u in urls]
    for n in range(8):
        signed(
            on=D(2024, 2, 1),
            officer=inv.officer_a,
            name=f"批量{n}",
            chain=inv.chain_a,
            park=world.park_a,
        )
    assert [count(u) for u in urls] == before
