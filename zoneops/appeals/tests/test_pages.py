"""The appeal pages and API as each persona uses them: scope, intake, handling, rating,
statistics and configuration (the holiday calendar is core's: zoneops/core/tests)."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from zoneops.appeals import queries, services
from zoneops.appeals.models import Appeal, Rating, RoutingRule, Status, Topic
from zoneops.appeals.tests.factories import department, make_appeal, window_department
from zoneops.core.models import Role
from zoneops.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def desk(world):
    window = window_department()
    projects = department("projects", "项目办")
    RoutingRule.objects.create(topic=Topic.LAND, department=projects)
    return {
        "window": window,
        "projects": projects,
        "clerk": UserFactory(username="t-window", role=Role.DEPARTMENT_OFFICER, department=window),
        "handler": UserFactory(
            username="t-projects", role=Role.DEPARTMENT_OFFICER, department=projects
        ),
        "x": make_appeal(world.enterprise_x, topic=Topic.LAND, title="甲的用地诉求"),
        "y": make_appeal(world.enterprise_y, topic=Topic.POLICY, title="乙的政策诉求"),
    }


def test_enterprise_gets_404_on_another_enterprises_appeal_in_pages_and_api(world, desk, login):
    client = login(world.ent_x_user)
    other = desk["y"]
    assert client.get(reverse("appeals:detail", args=[other.pk])).status_code == 404
    assert client.get(f"/api/appeals/{other.pk}").status_code == 404
    assert client.get(f"/api/appeals/{other.pk}/events").status_code == 404
    own = client.get(reverse("appeals:detail", args=[desk["x"].pk]))
    assert own.status_code == 200 and "甲的用地诉求" in own.content.decode()
    listed = client.get("/api/appeals").json()
    assert [a["number"] for a in listed["items"]] == [desk["x"].number]


def test_each_role_sees_its_own_appeals(world, desk, login):
    def numbers(user):
        page = login(user).get(reverse("appeals:list"))
        assert page.status_code == 200
        return {a.number for a in page.context["page"]}

    x, y = desk["x"].number, desk["y"].number
    assert numbers(desk["clerk"]) == {x, y}  # the window sees all
    assert numbers(world.leader) == {x, y}
    assert numbers(desk["handler"]) == {x}  # routed to 项目办
    assert numbers(world.econ) == set()  # nothing routed to 经济发展局
    assert numbers(world.park_a_officer) == {x}
    assert numbers(world.park_b_officer) == {y}
    assert numbers(world.ent_y_user) == {y}
    assert login(world.bank_user).get(reverse("appeals:list")).status_code == 404


def test_enterprise_files_on_the_page_and_officer_handles_it(world, desk, login):
    client = login(world.ent_x_user)
    response = client.post(
        reverse("appeals:create"),
        {
            "category": "help",
            "topic": "land",
            "urgency": "normal",
            "title": "厂区道路硬化",
            "content": "园区道路尚未硬化，运输车辆通行困难。",
            "contact_phone": "13800000000",
        },
    )
    appeal = Appeal.objects.get(title="厂区道路硬化")
    assert response.status_code == 302 and response["Location"].endswith(f"/appeals/{appeal.pk}/")
    assert appeal.enterprise == world.enterprise_x and appeal.status == Status.SUBMITTED
    clerk = login(desk["clerk"])
    for action in ("accept", "dispatch"):
        assert (
            clerk.post(reverse("appeals:act", args=[appeal.pk]), {"action": action}).status_code
            == 302
        )
    handler = login(desk["handler"])
    # The department may not close (the window does): 403, nothing changes.
    assert (
        handler.post(reverse("appeals:act", args=[appeal.pk]), {"action": "handle"}).status_code
        == 302
    )
    handler.post(
        reverse("appeals:act", args=[appeal.pk]), {"action": "reply", "note": "已列入计划"}
    )
    appeal.refresh_from_db()
    assert appeal.status == Status.REPLIED and appeal.reply == "已列入计划"
    page = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert "已列入计划" in page


def test_officer_without_the_step_gets_403_and_a_wrong_step_a_message(world, desk, login):
    appeal = desk["x"]
    handler = login(desk["handler"])
    assert (
        handler.post(reverse("appeals:act", args=[appeal.pk]), {"action": "close"}).status_code
        == 403
    )
    response = login(desk["clerk"]).post(
        reverse("appeals:act", args=[appeal.pk]), {"action": "close", "resolved": "1"}, follow=True
    )
    assert "不能办结" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == Status.ACCEPTED


def test_export_lists_the_visible_appeals(world, desk, login):
    response = login(world.park_a_officer).get(reverse("appeals:export"))
    assert response.status_code == 200
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[0][0] == "诉求编号" and [r[0] for r in rows[1:]] == [desk["x"].number]


def test_statistics_follow_domain_formulas(world, desk, login):
    clerk = desk["clerk"]
    start = D(2024, 3, 4)

    def closed(enterprise, *, resolved, rating, late=False):
        a = make_appeal(enterprise, received_on=start)
        services.appeal_act(clerk, appeal=a, action="dispatch", today=start)
        day = D(2024, 3, 12) if late else start
        services.appeal_act(clerk, appeal=a, action="reply", note="答复", today=day)
        services.appeal_act(clerk, appeal=a, action="close", resolved=resolved, today=day)
        if rating:
            services.appeal_rate(clerk, appeal=a, rating=rating, today=day)
        return a

    Appeal.objects.all().delete()
    closed(world.enterprise_x, resolved=True, rating=Rating.SATISFIED)
    closed(world.enterprise_x, resolved=True, rating=Rating.BASICALLY, late=True)
    closed(world.enterprise_y, resolved=False, rating=None)
    make_appeal(world.enterprise_y, received_on=start)  # still open, no reply
    scores, total = queries.department_scores(
        user=world.leader, start=D(2024, 3, 1), end=D(2024, 3, 31), today=D(2024, 3, 31)
    )
    assert total.received == 4 and total.closed == 3
    assert total.response_rate == Decimal("75.0")
    assert total.on_time_rate == Decimal("66.7")
    assert total.resolution_rate == Decimal("66.7")
    assert total.satisfaction_rate == Decimal("95.0")  # (1 + 0.9) / 2
    # 0.1 × 75 + 0.4 × 95 + 0.5 × 66.67 = 7.5 + 38 + 33.33 (from the exact rates)
    assert total.score == Decimal("78.8")
    assert total.overdue_open == 1
    assert [s.department for s in scores] == ["企业服务中心"]
    page = login(world.leader).get(reverse("appeals:stats") + "?from=2024-03-01&to=2024-03-31")
    assert page.status_code == 200 and "78.8" in page.content.decode()
    api = login(world.leader).get("/api/appeals-stats?from=2024-03-01&to=2024-03-31").json()
    assert api[0]["score"] == 78.8
    assert login(world.ent_x_user).get(reverse("appeals:stats")).status_code == 404


def test_configuration_is_the_windows(world, desk, login):
    data = {
        "topic": "funding",
        "keyword": "",
        "department": desk["projects"].pk,
        "priority": 10,
        "is_active": "on",
    }
    assert login(desk["handler"]).post(reverse("appeals:rules"), data).status_code == 403
    assert login(world.ent_x_user).get(reverse("appeals:rules")).status_code == 404
    assert login(desk["clerk"]).post(reverse("appeals:rules"), data).status_code == 302
    assert services.route(topic=Topic.FUNDING) == desk["projects"]
    response = login(desk["clerk"]).post(
        reverse("appeals:limits"),
        {"category": "help", "urgency": "normal", "working_days": 5, "remind_days": 2},
    )
    assert response.status_code == 302 and services.limit_for("help", "normal") == (5, 2)


def test_api_files_handles_and_rates(world, desk, login):
    ent = login(world.ent_x_user)
    created = ent.post(
        "/api/appeals",
        json.dumps(
            {"category": "complaint", "topic": "land", "title": "噪音", "content": "夜间施工"}
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["channel"] == "portal" and body["status"] == "submitted"
    appeal_id = body["id"]
    clerk = login(desk["clerk"])

    def act(client, payload):
        return client.post(
            f"/api/appeals/{appeal_id}/actions",
            json.dumps(payload),
            content_type="application/json",
        )

    assert act(clerk, {"action": "accept"}).status_code == 200
    assert act(clerk, {"action": "dispatch"}).status_code == 200
    assert act(login(desk["handler"]), {"action": "close", "resolved": True}).status_code == 403
    assert act(login(desk["handler"]), {"action": "reply"}).status_code == 422  # needs a note
    assert act(login(desk["handler"]), {"action": "reply", "note": "已停工整改"}).status_code == 200
    assert act(clerk, {"action": "close", "resolved": True}).status_code == 200
    rated = ent.post(
        f"/api/appeals/{appeal_id}/rating",
        json.dumps({"rating": "unsatisfied"}),
        content_type="application/json",
    )
    assert rated.status_code == 200 and rated.json()["status"] == "dispatched"
    assert rated.json()["reopened"] == 1
    events = ent.get(f"/api/appeals/{appeal_id}/events").json()
    assert [e["action"] for e in events][-2:] == ["rate", "reopen"]


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_page_and_api_do_not_query_per_appeal(world, desk, login):
    client = login(desk["clerk"])
    # The first request of a new session also moves its idle end (one session write).
    client.get(reverse("appeals:list"))
    few = (_queries(client, reverse("appeals:list")), _queries(client, "/api/appeals"))
    for _n in range(6):
        make_appeal(world.enterprise_x, topic=Topic.LAND)
    assert (_queries(client, reverse("appeals:list")), _queries(client, "/api/appeals")) == few


def test_statistics_refuse_absurd_dates(world, desk, login):
    """Query parameters are read one way (zoneops/core/params.py): a day outside the zone's era
    is a 400 naming the parameter, not silently another window."""
    client = login(world.leader)
    response = client.get(reverse("appeals:stats") + "?from=0001-01-01&to=0001-01-05")
    assert response.status_code == 400
    assert "from" in response.content.decode()
    assert client.get(reverse("appeals:stats") + "?from=&to=").context["end"] >= D(2024, 1, 1)


def test_configuration_lists_export(world, desk, login):
    client = login(world.leader)
    for name, first in (
        ("appeals:limits_export", "诉求类型"),
        ("appeals:rules_export", "优先级"),
        ("appeals:stats_export", "诉求办理统计"),
    ):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        rows = book.get_sheet_by_index(0).to_python()
        assert str(rows[0][0]).startswith(first), name
    limits = (
        CalamineWorkbook.from_filelike(
            io.BytesIO(client.get(reverse("appeals:limits_export")).content)
        )
        .get_sheet_by_index(0)
        .to_python()
    )
    assert ["投诉", "一般", 13.0, 1.0] in [list(r) for r in limits]
