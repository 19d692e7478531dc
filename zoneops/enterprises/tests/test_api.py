"""The registry's API: tokens, scope, paging, validation, history, fixed query counts."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from zoneops.core.models import ChangeRecord
from zoneops.enterprises.codes import credit_code
from zoneops.enterprises.models import Enterprise, Industry
from zoneops.enterprises.tests.factories import EnterpriseFactory, industry

pytestmark = pytest.mark.django_db


def bearer(client: Client, username: str, password: str = "zoneops-test-pw") -> dict[str, str]:
    response = client.post(
        "/api/token", {"username": username, "password": password}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def test_token_then_list_sees_only_own_enterprise(world):
    client = Client()
    auth = bearer(client, "t-ent-x")
    body = client.get("/api/enterprises", **auth).json()
    assert body["count"] == 1
    assert [e["id"] for e in body["items"]] == [world.enterprise_x.pk]
    assert client.get(f"/api/enterprises/{world.enterprise_x.pk}", **auth).status_code == 200
    assert client.get(f"/api/enterprises/{world.enterprise_y.pk}", **auth).status_code == 404


def test_wrong_password_gets_no_token_and_is_throttled(world, settings):
    client = Client()
    for _ in range(settings.LOGIN_MAX_FAILURES):
        r = client.post(
            "/api/token",
            {"username": "t-ent-x", "password": "wrong"},
            content_type="application/json",
        )
        assert r.status_code == 401
    r = client.post(
        "/api/token",
        {"username": "t-ent-x", "password": "zoneops-test-pw"},
        content_type="application/json",
    )
    assert r.status_code == 429


def test_anonymous_and_bad_token_are_refused(world):
    client = Client()
    assert client.get("/api/enterprises").status_code == 401
    assert client.get("/api/enterprises", HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401


def test_session_works_for_the_browser(world, login):
    client = login(world.park_a_officer)
    body = client.get("/api/enterprises").json()
    assert {e["park"] for e in body["items"]} == {"东川工业园"}


def test_list_filters_and_pages(world, login):
    for n in range(30):
        EnterpriseFactory(
            name=f"青海分页{n:02d}有限公司", park=world.park_b, is_above_scale=n % 2 == 0
        )
    client = login(world.leader)
    page1 = client.get(
        "/api/enterprises", {"park": world.park_b.pk, "page": 1, "page_size": 10}
    ).json()
    assert page1["count"] == 31
    assert len(page1["items"]) == 10
    above = client.get("/api/enterprises", {"scale": "above", "page_size": 100}).json()
    assert above["count"] == 15
    assert all(e["is_above_scale"] for e in above["items"])


def test_list_query_count_is_fixed(world, login, django_assert_num_queries):
    client = login(world.leader)
    client.get("/api/enterprises")
    for n in range(30):
        EnterpriseFactory(name=f"青海查询{n:02d}有限公司", park=world.park_a)
    with django_assert_num_queries(6) as few:
        client.get("/api/enterprises", {"page_size": 5})
    with django_assert_num_queries(6) as many:
        client.get("/api/enterprises", {"page_size": 30})
    assert len(few.captured_queries) == len(many.captured_queries)


def test_create_validates_and_records_history(world, login):
    client = login(world.park_a_officer)
    payload = {
        "credit_code": credit_code(31337),
        "name": "青海接口创建有限公司",
        "park_id": world.park_a.pk,
        "industry_code": industry("3841").code,
        "is_above_scale": True,
        "above_scale_since": "2023-06-01",
        "tags": ["high_tech"],
    }
    response = client.post("/api/enterprises", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    created = Enterprise.objects.get(credit_code=payload["credit_code"])
    assert [t.code for t in created.tags.all()] == ["high_tech"]
    assert ChangeRecord.objects.filter(object_id=str(created.pk), action="create").count() == 1

    again = client.post("/api/enterprises", payload, content_type="application/json")
    assert again.status_code == 422
    assert "credit_code" in again.json()["errors"]


def test_create_in_foreign_park_is_refused(world, login):
    client = login(world.park_a_officer)
    payload = {
        "credit_code": credit_code(99),
        "name": "越权",
        "park_id": world.park_b.pk,
        "industry_code": "38",
    }
    response = client.post("/api/enterprises", payload, content_type="application/json")
    assert response.status_code == 422
    assert not Enterprise.objects.filter(name="越权").exists()


def test_patch_changes_only_given_fields(world, login):
    client = login(world.park_a_officer)
    e = world.enterprise_x
    response = client.patch(
        f"/api/enterprises/{e.pk}",
        json.dumps({"address": "西宁市经济技术开发区金桥路8号"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    e.refresh_from_db()
    assert e.address == "西宁市经济技术开发区金桥路8号"
    assert e.name == "青海甲锂业有限公司"
    record = ChangeRecord.objects.get(object_id=str(e.pk), action="update")
    assert record.changed_fields() == [("address", "", "西宁市经济技术开发区金桥路8号")]


def test_patch_out_of_scope_is_404_and_changes_nothing(world, login):
    client = login(world.park_a_officer)
    e = world.enterprise_y
    response = client.patch(
        f"/api/enterprises/{e.pk}", json.dumps({"name": "改名"}), content_type="application/json"
    )
    assert response.status_code == 404
    e.refresh_from_db()
    assert e.name == "青海乙光伏有限公司"
    assert not ChangeRecord.objects.filter(object_id=str(e.pk)).exclude(action="create").exists()


def test_enterprise_user_cannot_patch_own_enterprise(world, login):
    client = login(world.ent_x_user)
    response = client.patch(
        f"/api/enterprises/{world.enterprise_x.pk}",
        json.dumps({"name": "自改"}),
        content_type="application/json",
    )
    # Its own record is visible, editing it is not the enterprise's action: 403 (the table).
    assert response.status_code == 403
    world.enterprise_x.refresh_from_db()
    assert world.enterprise_x.name == "青海甲锂业有限公司"


def test_industries_by_level_and_parks(world, login):
    client = login(world.ent_x_user)
    sections = client.get("/api/industries", {"level": "门类", "page_size": 100}).json()
    assert sections["count"] == 20
    assert sections["items"][0] == {
        "code": "A",
        "name": "农、林、牧、渔业",
        "level": "门类",
        "parent": None,
    }
    divisions = client.get("/api/industries", {"level": "大类", "page_size": 100}).json()
    assert divisions["count"] == 97
    assert Industry.objects.get(code="38").parent.code == "C"
    parks = client.get("/api/parks").json()
    assert [p["name"] for p in parks["items"]] == ["东川工业园"]


def test_chains_are_scoped(world, login):
    from zoneops.enterprises.services import chain_membership_set
    from zoneops.enterprises.tests.factories import ChainFactory

    lithium = ChainFactory(name="锂电产业链")
    pv = ChainFactory(name="光伏制造产业链")
    chain_membership_set(
        actor=None, enterprise=world.enterprise_x, chain=lithium, node=None, check=False
    )
    chain_membership_set(
        actor=None, enterprise=world.enterprise_y, chain=pv, node=None, check=False
    )
    names = lambda user: [c["name"] for c in login(user).get("/api/chains").json()["items"]]  # noqa: E731
    assert names(world.leader) == ["光伏制造产业链", "锂电产业链"]
    assert names(world.ent_x_user) == ["锂电产业链"]
    assert names(world.park_b_officer) == ["光伏制造产业链"]
    assert names(world.bank_user) == []
