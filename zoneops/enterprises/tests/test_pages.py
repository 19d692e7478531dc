"""The registry's pages: list, filters, sorting, paging, detail with its timeline, forms, export."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from zoneops.core.models import ChangeRecord
from zoneops.enterprises.codes import credit_code
from zoneops.enterprises.models import Enterprise, Tag
from zoneops.enterprises.tests.factories import EnterpriseFactory, industry

pytestmark = pytest.mark.django_db


def test_park_officer_list_shows_only_own_park(world, login):
    client = login(world.park_a_officer)
    response = client.get(reverse("enterprises:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert world.enterprise_x.name in body
    assert world.enterprise_y.name not in body


def test_list_filters_by_scale_tag_and_search(world, login):
    big = EnterpriseFactory(name="青海丙新材料有限公司", park=world.park_a, is_above_scale=True)
    big.tags.add(Tag.objects.get(code="high_tech"))
    power = EnterpriseFactory(
        name="青海丁电力有限公司", park=world.park_a, industry=industry("4411")
    )
    client = login(world.leader)
    names = lambda **q: [e.name for e in client.get(reverse("enterprises:list"), q).context["page"]]  # noqa: E731
    assert names(scale="above") == ["青海丙新材料有限公司"]
    assert names(tag="high_tech") == ["青海丙新材料有限公司"]
    assert names(q="乙光伏") == [world.enterprise_y.name]
    assert names(park=world.park_b.pk) == [world.enterprise_y.name]
    # 门类 C (manufacturing) holds every enterprise but the power company, which is in D.
    manufacturers = sorted([world.enterprise_x.name, world.enterprise_y.name, big.name])
    assert names(industry="C") == manufacturers
    assert names(industry="D") == [power.name]
    assert names() == sorted([*manufacturers, power.name])


def test_list_sorts_and_pages(world, login):
    for n in range(25):
        EnterpriseFactory(name=f"青海排序{n:02d}有限公司", park=world.park_a)
    client = login(world.leader)
    first = client.get(reverse("enterprises:list"), {"sort": "-name", "size": 20})
    page = first.context["page"]
    assert page.paginator.count == 27
    assert len(page.object_list) == 20
    names = [e.name for e in page.object_list]
    assert names == sorted(names, reverse=True)
    second = client.get(reverse("enterprises:list"), {"sort": "-name", "size": 20, "page": 2})
    assert len(second.context["page"].object_list) == 7


def test_list_page_query_count_does_not_grow_with_rows(world, login, django_assert_max_num_queries):
    client = login(world.leader)
    client.get(reverse("enterprises:list"))  # warm the session
    for n in range(40):
        e = EnterpriseFactory(name=f"青海计数{n:02d}有限公司", park=world.park_a)
        e.tags.add(Tag.objects.get(code="leading"))
    with django_assert_max_num_queries(14) as small:
        client.get(reverse("enterprises:list"), {"size": 20})
    with django_assert_max_num_queries(14) as large:
        client.get(reverse("enterprises:list"), {"size": 100})
    assert len(small.captured_queries) == len(large.captured_queries)


def test_htmx_request_returns_only_the_table(world, login):
    client = login(world.leader)
    response = client.get(
        reverse("enterprises:list"),
        {"q": "甲"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="enterprise-table",
    )
    body = response.content.decode()
    assert "<html" not in body
    assert world.enterprise_x.name in body


def test_create_enterprise_through_the_form_records_history(world, login):
    client = login(world.park_a_officer)
    code = credit_code(424242)
    response = client.post(
        reverse("enterprises:create"),
        {
            "credit_code": code,
            "name": "青海新登记锂电有限公司",
            "park": world.park_a.pk,
            "industry": industry("3841").code,
            "status": "operating",
            "is_above_scale": "on",
            "above_scale_since": "2024-01-01",
        },
    )
    assert response.status_code == 302
    created = Enterprise.objects.get(credit_code=code)
    assert created.is_above_scale
    record = ChangeRecord.objects.get(model="enterprises.enterprise", object_id=str(created.pk))
    assert record.action == "create"
    assert record.actor == world.park_a_officer
    assert record.after["name"] == "青海新登记锂电有限公司"


def test_form_refuses_wrong_check_digit(world, login):
    client = login(world.park_a_officer)
    bad = credit_code(5)[:-1] + ("0" if credit_code(5)[-1] != "0" else "1")
    response = client.post(
        reverse("enterprises:create"),
        {
            "credit_code": bad,
            "name": "错误代码公司",
            "park": world.park_a.pk,
            "industry": "38",
            "status": "operating",
        },
    )
    assert response.status_code == 200
    assert "校验位不正确" in response.content.decode()
    assert not Enterprise.objects.filter(name="错误代码公司").exists()


def test_park_officer_cannot_register_in_other_park(world, login):
    client = login(world.park_a_officer)
    response = client.post(
        reverse("enterprises:create"),
        {
            "credit_code": credit_code(777),
            "name": "越权公司",
            "park": world.park_b.pk,
            "industry": "38",
            "status": "operating",
        },
    )
    assert response.status_code == 200
    assert not Enterprise.objects.filter(name="越权公司").exists()


def test_edit_shows_change_on_timeline(world, login):
    client = login(world.park_a_officer)
    e = world.enterprise_x
    response = client.post(
        reverse("enterprises:edit", args=[e.pk]),
        {
            "credit_code": e.credit_code,
            "name": e.name,
            "park": e.park_id,
            "industry": e.industry.code,
            "status": "stopped",
            "address": "西宁市城东区经二路1号",
        },
    )
    assert response.status_code == 302
    record = ChangeRecord.objects.get(
        model="enterprises.enterprise", object_id=str(e.pk), action="update"
    )
    assert record.before["status"] == "operating" and record.after["status"] == "stopped"
    assert record.before["address"] == "" and record.after["address"] == "西宁市城东区经二路1号"
    detail = client.get(reverse("enterprises:detail", args=[e.pk])).content.decode()
    assert "西宁市城东区经二路1号" in detail
    assert "经营状态" in detail  # the timeline names the changed field


def test_leader_may_read_but_not_edit(world, login):
    client = login(world.leader)
    assert (
        client.get(reverse("enterprises:detail", args=[world.enterprise_x.pk])).status_code == 200
    )
    assert client.get(reverse("enterprises:edit", args=[world.enterprise_x.pk])).status_code == 403


def test_export_is_xlsx_with_neutralised_formulas(world, login):
    world.enterprise_x.address = '=HYPERLINK("http://example.invalid")'
    world.enterprise_x.save()
    client = login(world.park_a_officer)
    response = client.get(reverse("enterprises:export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[0][:5] == ["统一社会信用代码", "企业名称", "园区", "行业代码", "是否规上"]
    assert [r[1] for r in rows[1:]] == [world.enterprise_x.name]
    assert rows[1][9].startswith("'=")


def test_contact_add_and_remove(world, login):
    client = login(world.park_a_officer)
    e = world.enterprise_x
    client.post(
        reverse("enterprises:contact_add", args=[e.pk]),
        {"name": "王经理", "phone": "13900000000", "is_primary": "on"},
    )
    contact = e.contacts.get()
    assert contact.is_primary
    client.post(reverse("enterprises:contact_remove", args=[e.pk, contact.pk]))
    assert not e.contacts.exists()
    actions = list(
        ChangeRecord.objects.filter(model="enterprises.contact").values_list("action", flat=True)
    )
    assert sorted(actions) == ["create", "delete"]


def test_a_three_digit_group_code_is_kept_and_a_shortened_class_code_is_restored(world):
    from zoneops.enterprises.forms import IndustryCodeField
    from zoneops.enterprises.models import Industry, IndustryLevel

    industry("3841")  # creates 中类 384 under 大类 38
    Industry.objects.get_or_create(
        code="011",
        defaults={
            "name": "谷物种植",
            "level": IndustryLevel.GROUP,
            "parent": Industry.objects.get(code="01"),
        },
    )
    Industry.objects.get_or_create(
        code="0111",
        defaults={
            "name": "稻谷种植",
            "level": IndustryLevel.CLASS,
            "parent": Industry.objects.get(code="011"),
        },
    )
    field = IndustryCodeField()
    assert field.clean("384").code == "384"
    assert field.clean("111").code == "0111"


def test_export_keeps_the_without_officer_filter_of_the_list(world, login):
    world.enterprise_x.service_officer = world.park_a_officer
    world.enterprise_x.save()
    client = login(world.leader)
    listed = [
        e.name for e in client.get(reverse("enterprises:list"), {"officer": "none"}).context["page"]
    ]
    assert listed == [world.enterprise_y.name]
    response = client.get(reverse("enterprises:export"), {"officer": "none"})
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert [r[1] for r in rows[1:]] == [world.enterprise_y.name]
