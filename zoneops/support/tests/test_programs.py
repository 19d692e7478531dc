"""Programs and their rules: edited on a page, matched with reasons, searched in Chinese."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from zoneops.core.models import ChangeRecord
from zoneops.enterprises.models import Tag
from zoneops.support import queries, services
from zoneops.support.models import EligibilityRule, FundingProgram
from zoneops.support.tests.factories import program

pytestmark = pytest.mark.django_db


def _form(prog: FundingProgram, rules: list[tuple[str, str, str]]) -> dict[str, object]:
    """The program form as the page posts it: each rule row under its own key, a row of
    choices with one value per ticked box."""
    rows: dict[str, object] = {"rule_key": [f"r{n}" for n in range(len(rules))]}
    for n, (field, operator, value) in enumerate(rules):
        rows[f"rule_field_r{n}"] = field
        rows[f"rule_operator_r{n}"] = operator
        rows[f"rule_value_r{n}"] = value.split(",")
    return {
        **rows,
        "name": prog.name,
        "issuer": prog.issuer,
        "level": prog.level,
        "category": prog.category,
        "opens_on": prog.opens_on.isoformat(),
        "closes_on": prog.closes_on.isoformat(),
        "amount_min": "10",
        "amount_max": "200",
        "reminder_days": "7",
    }


def test_changing_a_programs_rule_changes_who_matches_with_reasons(world, login):
    x, y = world.enterprise_x, world.enterprise_y
    prog = program([("park", "in", str(world.park_a.pk))])
    rows = {r.profile.id: r for r in queries.program_matches(user=world.leader, program=prog)}
    assert rows[x.pk].eligible and not rows[y.pk].eligible
    assert rows[y.pk].reasons[0].actual == "南川工业园"

    # The officer moves the program to park B on the page (one rule row, htmx-edited form).
    client = login(world.econ)
    response = client.post(
        reverse("support:program_edit", args=[prog.pk]),
        _form(prog, [("park", "in", str(world.park_b.pk))]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rows = {r.profile.id: r for r in queries.program_matches(user=world.leader, program=prog)}
    assert not rows[x.pk].eligible and rows[y.pk].eligible
    assert rows[x.pk].reasons[0].actual == "东川工业园" and not rows[x.pk].reasons[0].passed

    page = login(world.leader).get(reverse("support:program", args=[prog.pk]) + "?show=failed")
    text = page.content.decode()
    assert "青海甲锂业有限公司" in text and "（本企业：东川工业园）" in text
    record = ChangeRecord.objects.filter(model="support.fundingprogram").first()
    assert record is not None
    assert record.before["rules"] == [f"park in {world.park_a.pk}"]
    assert record.after["rules"] == [f"park in {world.park_b.pk}"]


def test_a_bad_rule_row_is_refused_and_nothing_changes(world, login):
    prog = program([("park", "in", str(world.park_a.pk))])
    response = login(world.econ).post(
        reverse("support:program_edit", args=[prog.pk]),
        _form(prog, [("revenue_ttm", "gte", "很多")]),
    )
    assert response.status_code == 200
    assert "请填写一个数字" in response.content.decode()
    assert list(EligibilityRule.objects.values_list("field", flat=True)) == ["park"]


def test_rule_row_fragment_for_htmx(world, login):
    client = login(world.econ)
    row = client.get(reverse("support:rule_row"), headers={"HX-Request": "true"})
    assert row.status_code == 200 and 'name="rule_field_' in row.content.decode()
    assert client.get(reverse("support:rule_row") + "?remove=1").content == b""
    assert login(world.park_a_officer).get(reverse("support:rule_row")).status_code == 403


def test_tags_and_scale_rules_and_enterprise_sees_only_itself(world, login):
    tag = Tag.objects.get(code="high_tech")  # shipped with the registry
    world.enterprise_x.tags.add(tag)
    world.enterprise_y.tags.add(tag)
    prog = program([("tag", "in", "high_tech"), ("scale", "in", "below")])
    rows = queries.program_matches(user=world.ent_x_user, program=prog)
    assert [r.profile.id for r in rows] == [world.enterprise_x.pk]
    assert rows[0].eligible
    mine = queries.enterprise_matches(user=world.ent_x_user, enterprise=world.enterprise_x)
    assert mine[0].without_application  # 免申即享 candidate: qualifies, not applied


def test_policy_search_finds_chinese_without_spaces(world):
    data = {
        "issuer": "青海省人民政府",
        "level": "province",
        "issued_on": dt.date(2024, 1, 5),
        "summary": "",
    }
    lithium = services.policy_save(
        actor=None,
        data={
            **data,
            "title": "关于支持锂电池产业发展的若干措施",
            "body": "对新建项目给予研发补贴。",
        },
        check=False,
    )
    services.policy_save(
        actor=None,
        data={**data, "title": "光伏制造业高质量发展意见", "body": "支持多晶硅扩产。"},
        check=False,
    )
    assert list(queries.policy_search(user=world.ent_x_user, q="锂电池补贴")) == [lithium]
    assert list(queries.policy_search(user=world.ent_x_user, q="锂电池 研发")) == [lithium]
    assert queries.policy_search(user=world.ent_x_user, q="光伏").count() == 1
    assert queries.policy_search(user=world.ent_x_user, q="盐湖化工").count() == 0
    assert queries.policy_search(user=world.ent_x_user, q="").count() == 2


def test_pages_answer_for_staff_and_enterprise(world, login):
    prog = program([("park", "in", str(world.park_a.pk))])
    leader, ent = login(world.leader), login(world.ent_x_user)
    for name, args in [
        ("support:dashboard", []),
        ("support:policies", []),
        ("support:programs", []),
        ("support:program", [prog.pk]),
        ("support:match", [prog.pk, world.enterprise_x.pk]),
        ("support:applications", []),
        ("support:difficulties", []),
        ("support:candidates", []),
        ("support:enterprise", [world.enterprise_x.pk]),
        ("support:notices", []),
        ("support:program_export", []),
        ("support:policy_export", []),
        ("support:application_export", []),
        ("support:application_totals", []),
        ("support:difficulty_export", []),
        ("support:candidate_export", []),
        ("support:program_matches_export", [prog.pk]),
    ]:
        assert leader.get(reverse(name, args=args)).status_code == 200, name
    assert ent.get(reverse("support:mine")).status_code == 200
    assert ent.get(reverse("support:program", args=[prog.pk])).status_code == 200
    assert ent.get(reverse("support:dashboard")).status_code == 404  # cultivation is staff-only
    home = ent.get(reverse("home")).content.decode()
    assert prog.name in home and "本企业可申报的政策资金" in home


def test_the_rule_editor_offers_names_to_choose_not_codes_to_type(world, login):
    tag = Tag.objects.get(code="high_tech")
    prog = program([("tag", "in", "high_tech"), ("park", "in", str(world.park_b.pk))])
    client = login(world.econ)
    text = client.get(reverse("support:program_edit", args=[prog.pk])).content.decode()
    # Tags and parks are ticked by name; the stored codes are only the boxes' values.
    assert 'value="high_tech" checked' in text and f">{tag.name}</label>" in text
    assert f'value="{world.park_b.pk}" checked' in text and ">南川工业园</label>" in text
    assert "above" not in text.replace('value="above"', "")  # no code to type
    # Choosing 规模 in a row asks again for that row: its values are 规上 and 规下.
    row = client.get(reverse("support:rule_row") + "?key=ab12&rule_field_ab12=scale")
    html = row.content.decode()
    assert 'name="rule_field_ab12"' in html and ">规上</label>" in html and ">规下</label>" in html
    assert 'type="checkbox"' in html and "不低于" not in html  # a list: 属于 / 不属于 only
    number = client.get(reverse("support:rule_row") + "?key=cd34&rule_field_cd34=revenue_ttm")
    assert 'type="number"' in number.content.decode() and "不属于" not in number.content.decode()


def test_reasons_name_the_enterprises_tags_and_chains(world):
    from zoneops.enterprises.models import Chain, ChainMembership

    tag = Tag.objects.get(code="high_tech")
    world.enterprise_x.tags.add(tag)
    chain = Chain.objects.create(name="锂电池产业链", leader_name="某某")
    ChainMembership.objects.create(chain=chain, enterprise=world.enterprise_x)
    prog = program([("tag", "in", "srdi_province"), ("chain", "in", "999")])
    rows = {r.profile.id: r for r in queries.program_matches(user=world.leader, program=prog)}
    reasons = rows[world.enterprise_x.pk].reasons
    assert [r.actual for r in reasons] == [tag.name, "锂电池产业链"]
