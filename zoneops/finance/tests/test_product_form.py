"""A bank files and changes its own products on a page: amounts typed in 万元 are stored in
元, its 准入条件 are rule rows of the funding programs' engine, every save goes back to review.
Another bank's product is not found; the finance officer reviews but does not edit; bad input
is refused with its reason and nothing written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from zoneops.core.history import timeline
from zoneops.finance import services
from zoneops.finance.models import Product
from zoneops.finance.tests.factories import bank_b_user, finance_officer

pytestmark = pytest.mark.django_db


def _post(**overrides):
    data = {
        "name": "科创快贷",
        "kind": "流动资金贷款",
        "target": "高新技术企业",
        "conditions": "成立满两年",
        "materials": "营业执照、近两年财务报表",
        "amount_min": "50",
        "amount_max": "1000",
        "term_min": "6",
        "term_max": "36",
        "rate_min": "3.2",
        "rate_max": "4.5",
        "guarantees": ["credit", "surety"],
        "tags": "科创，信用贷",
        "online": "on",
        "rule_key": ["ab12"],
        "rule_field_ab12": "tag",
        "rule_operator_ab12": "in",
        "rule_value_ab12": ["high_tech"],
    }
    data.update(overrides)
    return data


def _message_texts(response):
    return [str(m) for m in response.context["messages"]]


def _approved(bank):
    product = services.product_save(
        actor=None, bank=bank, data={"name": "老产品", "kind": "流动资金贷款"}, check=False
    )
    return services.product_review(actor=None, product=product, approve=True, check=False)


def test_a_bank_files_a_product_with_a_rule_stored_in_yuan_and_pending_review(world, login):
    client = login(world.bank_user)
    listing = client.get(reverse("finance:products")).content.decode()
    assert reverse("finance:product_add") in listing  # 新增产品, for a bank

    response = client.post(reverse("finance:product_add"), _post())
    product = Product.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("finance:product", args=[product.pk])
    assert product.bank == world.bank_user.bank
    assert product.amount_min == Decimal("500000.00")
    assert product.amount_max == Decimal("10000000.00")
    assert (product.term_min, product.term_max) == (6, 36)
    assert (product.rate_min, product.rate_max) == (Decimal("3.20"), Decimal("4.50"))
    assert product.guarantees == ["credit", "surety"]
    assert product.tags == ["科创", "信用贷"]
    assert product.online
    assert product.review == Product.Review.PENDING and not product.listed
    assert product.target_rules == [{"field": "tag", "operator": "in", "value": "high_tech"}]
    assert timeline(product)

    page = client.get(reverse("finance:product", args=[product.pk])).content.decode()
    assert "企业标签 属于 高新技术企业" in page
    assert reverse("finance:product_edit", args=[product.pk]) in page  # 编辑, its own


def test_editing_shows_wan_and_sends_an_approved_product_back_to_review(world, login):
    product = _approved(world.bank_user.bank)
    product.amount_max = Decimal("3000000")
    product.save()
    client = login(world.bank_user)
    form = client.get(reverse("finance:product_edit", args=[product.pk])).context["form"]
    assert form["amount_max"].value() == Decimal("300")

    response = client.post(
        reverse("finance:product_edit", args=[product.pk]), _post(name="老产品（新版）")
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.name == "老产品（新版）" and product.amount_max == Decimal("10000000.00")
    assert product.review == Product.Review.PENDING and not product.listed
    assert Product.objects.count() == 1


def test_another_banks_product_is_not_found(world, login):
    product = _approved(world.bank_user.bank)
    client = login(bank_b_user())
    assert client.get(reverse("finance:product_edit", args=[product.pk])).status_code == 404
    assert (
        client.post(reverse("finance:product_edit", args=[product.pk]), _post()).status_code == 404
    )
    product.refresh_from_db()
    assert product.name == "老产品" and product.listed


@pytest.mark.parametrize(
    ("overrides", "said"),
    [
        ({"amount_min": "2000", "amount_max": "1000"}, "最低额度不能高于最高额度"),
        ({"term_min": "48", "term_max": "36"}, "最短期限不能长于最长期限"),
        ({"rate_min": "5", "rate_max": "4.5"}, "最低年利率不能高于最高年利率"),
        ({"rate_max": "40"}, "最高年利率"),
        (
            {
                "rule_field_ab12": "revenue_ttm",
                "rule_operator_ab12": "gte",
                "rule_value_ab12": "很多",
            },
            "请填写一个数字",
        ),
        ({"rule_value_ab12": []}, "准入条件有未填写完整的行"),
    ],
)
def test_bad_input_is_refused_with_its_reason_and_nothing_written(world, login, overrides, said):
    response = login(world.bank_user).post(reverse("finance:product_add"), _post(**overrides))
    assert response.status_code == 200
    assert any(said in text for text in _message_texts(response))
    assert not Product.objects.exists()


def test_a_bad_edit_leaves_the_product_as_it_was(world, login):
    product = _approved(world.bank_user.bank)
    response = login(world.bank_user).post(
        reverse("finance:product_edit", args=[product.pk]),
        _post(amount_min="2000", amount_max="1000"),
    )
    assert response.status_code == 200
    product.refresh_from_db()
    assert product.name == "老产品" and product.listed and product.amount_min is None


def test_the_finance_officer_reviews_but_does_not_edit(world, login):
    product = _approved(world.bank_user.bank)
    client = login(finance_officer())
    listing = client.get(reverse("finance:products")).content.decode()
    assert reverse("finance:product_add") not in listing
    page = client.get(reverse("finance:product", args=[product.pk])).content.decode()
    assert reverse("finance:product_edit", args=[product.pk]) not in page
    assert client.get(reverse("finance:product_add")).status_code == 403
    assert client.post(reverse("finance:product_add"), _post()).status_code == 403
    assert (
        client.post(reverse("finance:product_edit", args=[product.pk]), _post()).status_code == 403
    )
    assert client.get(reverse("finance:product_rule_row")).status_code == 403
    assert Product.objects.count() == 1


def test_a_rule_row_for_htmx_answers_the_fields_choices(world, login):
    client = login(world.bank_user)
    row = client.get(reverse("finance:product_rule_row") + "?key=cd34&rule_field_cd34=scale")
    html = row.content.decode()
    assert 'name="rule_key" value="cd34"' in html and "规上" in html
    assert reverse("finance:product_rule_row") in html
    assert client.get(reverse("finance:product_rule_row") + "?remove=1").content == b""
