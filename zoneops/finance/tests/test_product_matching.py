"""A bank product's 准入条件 are rules of the funding programs' engine: an enterprise passing
them is matched with its reason, one failing shows the failing reason, on the need's page and
the product's page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zoneops.enterprises.models import Tag
from zoneops.finance import queries, services
from zoneops.finance.models import Product
from zoneops.finance.tests.factories import finance_officer, need

pytestmark = pytest.mark.django_db

RULES = [{"field": "tag", "operator": "in", "value": "high_tech"}]


def _product(bank, rules=RULES):
    product = services.product_save(
        actor=None,
        bank=bank,
        data={"name": "科创快贷", "kind": "流动资金贷款", "target_rules": rules},
        check=False,
    )
    return services.product_review(actor=None, product=product, approve=True, check=False)


def test_a_passing_enterprise_is_matched_with_its_reason_and_a_failing_one_shows_why(world, login):
    tag = Tag.objects.get(code="high_tech")
    world.enterprise_x.tags.add(tag)
    bank = world.bank_user.bank
    product = _product(bank)
    need_x = need(world.enterprise_x, banks=(bank,))
    need_y = need(world.enterprise_y, banks=(bank,))
    officer = finance_officer()

    [match_x] = queries.products_for_need(need_x, user=officer)
    assert match_x.eligible
    assert [(r.rule.label, r.passed, r.actual) for r in match_x.reasons] == [
        ("企业标签 属于 高新技术企业", True, "高新技术企业")
    ]
    [match_y] = queries.products_for_need(need_y, user=officer)
    assert not match_y.eligible
    assert [(r.passed, r.actual) for r in match_y.reasons] == [(False, "无")]

    # The need's page (the officer's, the bank's) and the product's page say so.
    for user in (officer, world.bank_user):
        page = login(user).get(reverse("finance:need", args=[need_y.pk])).content.decode()
        assert "科创快贷" in page and "企业标签 属于 高新技术企业" in page and "不符合" in page
    product_page = login(world.bank_user).get(reverse("finance:product", args=[product.pk]))
    rows = {n.pk: m for n, m in product_page.context["matches"]}
    assert rows[need_x.pk].eligible and not rows[need_y.pk].eligible
    assert "企业标签 属于 高新技术企业" in product_page.content.decode()
    api = login(world.bank_user).get(f"/api/finance/products/{product.pk}/matches").json()
    by_need = {row["need_id"]: row for row in api}
    assert by_need[need_x.pk]["eligible"] and not by_need[need_y.pk]["eligible"]
    assert by_need[need_y.pk]["reasons"][0]["actual"] == "无"


def test_a_rule_the_engine_cannot_read_is_refused_and_nothing_written(world):
    with pytest.raises(ValidationError) as refused:
        _product(
            world.bank_user.bank,
            rules=[{"field": "revenue_ttm", "operator": "gte", "value": "很多"}],
        )
    assert "请填写一个数字" in refused.value.messages[0]
    assert not Product.objects.exists()


def test_a_need_outside_the_products_amount_or_term_range_is_not_matched_and_says_why(world, login):
    """Rules the enterprise passes are not enough: a need for more than the product lends, or
    for longer, does not match, and the need's range reason names its own amount."""
    from decimal import Decimal

    tag = Tag.objects.get(code="high_tech")
    world.enterprise_x.tags.add(tag)
    bank = world.bank_user.bank
    changed = services.product_save(
        actor=None,
        bank=bank,
        product=_product(bank),
        data={"amount_max": Decimal("10000000"), "term_min": 6, "term_max": 36},
        check=False,
    )
    product = services.product_review(actor=None, product=changed, approve=True, check=False)
    small = need(world.enterprise_x, banks=(bank,), amount_wan=300)
    large = need(world.enterprise_x, banks=(bank,), amount_wan=3000)
    long = need(world.enterprise_x, banks=(bank,), amount_wan=300, term_months=60)
    officer = finance_officer()

    [fits] = queries.products_for_need(small, user=officer)
    assert fits.eligible
    assert [(f.label, f.passed) for f in fits.fits] == [
        ("额度 不超过1,000.00万元", True),
        ("期限 6个月—36个月", True),
    ]
    [too_large] = queries.products_for_need(large, user=officer)
    assert not too_large.eligible
    assert [(f.passed, f.actual) for f in too_large.fits] == [
        (False, "3,000.00万元"),
        (True, "12个月"),
    ]
    [too_long] = queries.products_for_need(long, user=officer)
    assert not too_long.eligible and [f.passed for f in too_long.fits] == [True, False]

    rows = {n.pk: m.eligible for n, m in queries.product_matches(product, user=officer)}
    assert rows == {small.pk: True, large.pk: False, long.pk: False}
    page = login(officer).get(reverse("finance:need", args=[large.pk])).content.decode()
    assert "额度 不超过1,000.00万元" in page and "3,000.00万元" in page
    api = login(world.bank_user).get(f"/api/finance/products/{product.pk}/matches").json()
    reasons = {row["need_id"]: row["reasons"] for row in api}
    assert {
        "rule": "额度 不超过1,000.00万元",
        "passed": False,
        "actual": "3,000.00万元",
    } in reasons[large.pk]
