"""Adding policies, programs (with their rules) and difficulties through the API: the same
services as the pages, refusals as 403/422 that write nothing, outsiders 404."""

from __future__ import annotations

import json
from typing import Any

import pytest

from zoneops.core.models import ChangeRecord
from zoneops.support import queries
from zoneops.support.models import Difficulty, FundingProgram, Policy

pytestmark = pytest.mark.django_db


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_policy_is_added_and_found_by_chinese_search(world, login):
    body = {
        "title": "关于支持制造业数字化转型的若干措施",
        "issuer": "西宁市工业和信息化局",
        "level": "city",
        "issued_on": "2024-03-01",
        "summary": "对实施智能化改造的规上工业企业给予补助。",
    }
    assert post(login(world.ent_x_user), "/api/support/policies", body).status_code == 403
    created = post(login(world.econ), "/api/support/policies", body)
    assert created.status_code == 201, created.content
    policy = Policy.objects.get()
    assert created.json()["id"] == policy.pk
    assert ChangeRecord.objects.filter(model="support.policy", action="create").count() == 1
    found = login(world.ent_x_user).get("/api/support/policies", {"q": "数字化转型"}).json()
    assert [p["id"] for p in found["items"]] == [policy.pk]


def test_a_program_is_added_with_rules_that_decide_who_matches(world, login):
    body = {
        "name": "工业转型升级专项资金",
        "issuer": "青海省工业和信息化厅",
        "level": "province",
        "category": "upgrade",
        "opens_on": "2024-03-01",
        "closes_on": "2024-04-30",
        "amount_max": "5000000",
        "materials": "申请表\n营业执照",
        "rules": [{"field": "park", "operator": "in", "value": str(world.park_a.pk)}],
    }
    created = post(login(world.econ), "/api/support/programs", body)
    assert created.status_code == 201, created.content
    answer = created.json()
    assert answer["materials"] == ["申请表", "营业执照"]
    assert [r["field"] for r in answer["rules"]] == ["park"]
    program = FundingProgram.objects.get()
    matches = queries.program_matches(user=world.leader, program=program)
    rows = {r.profile.id: r.eligible for r in matches}
    assert rows[world.enterprise_x.pk] and not rows[world.enterprise_y.pk]


def test_a_bad_program_is_refused_field_by_field_and_nothing_is_written(world, login):
    body = {
        "name": "窗口倒置的专项",
        "issuer": "某局",
        "level": "zone",
        "category": "sme",
        "opens_on": "2024-04-30",
        "closes_on": "2024-03-01",
        "rules": [{"field": "output_ttm", "operator": "gte", "value": "很多"}],
    }
    refused = post(login(world.econ), "/api/support/programs", body)
    assert refused.status_code == 422, refused.content
    assert refused.json()["errors"]
    assert not FundingProgram.objects.exists()
    assert not ChangeRecord.objects.filter(model="support.fundingprogram").exists()


def test_a_difficulty_is_recorded_for_an_enterprise_in_scope_only(world, login):
    body = {
        "enterprise_id": world.enterprise_x.pk,
        "title": "新建厂房消防验收迟迟未办",
        "stage": "construction",
    }
    own = post(login(world.ent_x_user), "/api/support/difficulties", body)
    assert own.status_code == 201, own.content
    assert own.json()["status"] == "open" and own.json()["enterprise_id"] == world.enterprise_x.pk
    # Another enterprise, and a park officer of the other park, get 404 and write nothing.
    other = {**body, "enterprise_id": world.enterprise_y.pk}
    assert post(login(world.ent_x_user), "/api/support/difficulties", other).status_code == 404
    assert post(login(world.park_a_officer), "/api/support/difficulties", other).status_code == 404
    assert Difficulty.objects.count() == 1
    assert post(login(world.park_b_officer), "/api/support/difficulties", other).status_code == 201
