"""The listing pipeline: the tests' judgement on plain figures, the road's order, the board,
scope (404 outside it), and the 绿色通道 problem taken in as an appeal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from zoneops.finance import listing, queries, services
from zoneops.finance.models import ListingTest, ListingTier

pytestmark = pytest.mark.django_db

WAN = Decimal(10_000)


def _tier(**test: object) -> tuple[ListingTier, ListingTest]:
    tier = services.listing_tier_save(
        actor=None,
        data={"name": "基础库", "order": 1, "min_years": 2},
        tests=[{"number": 1, "name": "标准一", **test}],
        check=False,
    )
    return tier, tier.tests.get()


def _years(revenue: dict[int, int] | None = None, profit: dict[int, int] | None = None):
    return listing.Years(
        revenue={y: Decimal(v) * WAN for y, v in (revenue or {}).items()},
        profit={y: Decimal(v) * WAN for y, v in (profit or {}).items()},
    )


def test_two_profitable_years_with_cumulative_profit_at_the_limit_pass():
    _tier_made, test = _tier(profitable_years=2, min_cumulative_profit=800 * WAN)
    assert listing.judge_test(test, _years(profit={2024: 300, 2025: 500}), 2025).passed
    short = listing.judge_test(test, _years(profit={2024: 300, 2025: Decimal("499.99")}), 2025)
    assert not short.passed
    assert "低于800.00万元" in short.text
    loss = listing.judge_test(test, _years(profit={2024: -1, 2025: 900}), 2025)
    assert not loss.passed and "2024年利润总额-1.00万元，未盈利" in loss.text
    missing = listing.judge_test(test, _years(profit={2025: 900}), 2025)
    assert not missing.passed and "缺少2024年利润总额" in missing.text


def test_revenue_growth_is_the_two_year_compound_rate():
    _tier_made, test = _tier(min_revenue_cagr=Decimal(30), min_average_revenue=3000 * WAN)
    # 2000 → 3380 over two years is 30.00% a year exactly; the average of the last two years
    # (2600 + 3380) / 2 = 2990 is below 3000.
    years = _years(revenue={2023: 2000, 2024: 2600, 2025: 3380})
    assert listing.revenue_cagr(Decimal(2000), Decimal(3380)) == Decimal("30.00")
    verdict = listing.judge_test(test, years, 2025)
    assert not verdict.passed
    assert verdict.reasons == ("近两年平均营业收入2,990.00万元，低于3,000.00万元",)
    richer = _years(revenue={2023: 2000, 2024: 2700, 2025: 3380})
    assert listing.judge_test(test, richer, 2025).passed


def test_an_enterprise_must_have_existed_for_the_tiers_accounting_years():
    assert listing.accounting_years(dt.date(2024, 1, 1), 2025) == 2
    assert listing.accounting_years(dt.date(2023, 12, 31), 2025) == 2
    assert listing.accounting_years(dt.date(2024, 1, 2), 2025) == 1
    tier, test = _tier(profitable_years=1, min_last_revenue=100 * WAN)
    figures = _years(revenue={2025: 200}, profit={2025: 1})
    assert listing.judge(tier, [test], figures, 2025, dt.date(2020, 5, 1)).passed
    young = listing.judge(tier, [test], figures, 2025, dt.date(2024, 5, 1))
    assert not young.passed and young.reason == "成立满1个会计年度，未满2个"


def test_the_road_is_taken_in_order(world):
    tier, _test = _tier(profitable_years=1)
    company = services.listing_enrol(
        actor=world.econ, enterprise=world.enterprise_x, data={"tier": tier, "board": "bse"}
    )
    with pytest.raises(ValidationError, match="请先登记“股改”的完成时间"):
        services.milestone_set(
            actor=world.econ,
            company=company,
            stage="tutoring_filed",
            planned_on=None,
            reached_on=dt.date(2025, 3, 1),
        )
    services.milestone_set(
        actor=world.econ,
        company=company,
        stage="restructure",
        planned_on=dt.date(2025, 1, 1),
        reached_on=dt.date(2025, 2, 1),
    )
    with pytest.raises(ValidationError, match="完成时间早于“股改”的完成时间"):
        services.milestone_set(
            actor=world.econ,
            company=company,
            stage="tutoring_filed",
            planned_on=None,
            reached_on=dt.date(2025, 1, 15),
        )
    services.milestone_set(
        actor=world.econ,
        company=company,
        stage="tutoring_filed",
        planned_on=dt.date(2025, 4, 1),
        reached_on=None,
    )
    road = queries.road_of(company, today=dt.date(2025, 5, 1))
    assert road.column == "restructure" and road.next_stage == "辅导备案" and road.overdue
    with pytest.raises(ValidationError):
        services.listing_enrol(
            actor=world.econ, enterprise=world.enterprise_x, data={"tier": tier, "board": "bse"}
        )


def test_pages_and_api_answer_404_outside_scope(world):
    tier, _test = _tier(profitable_years=1)
    company = services.listing_enrol(
        actor=None, enterprise=world.enterprise_x, data={"tier": tier, "board": "star"}, check=False
    )
    page = reverse("finance:listing_company", args=[company.pk])
    api = f"/api/finance/listing/companies/{company.pk}"
    for user in (world.park_b_officer, world.bank_user, world.ent_x_user, world.ent_y_user):
        client = Client()
        client.force_login(user)
        assert client.get(page).status_code == 404, user
        assert client.get(api).status_code == 404, user
    client = Client()
    client.force_login(world.park_a_officer)
    assert client.get(page).status_code == 200
    assert client.get(api).json()["board"] == "star"
    board = client.get(reverse("finance:listing"))
    assert world.enterprise_x.name in board.content.decode()
    other = Client()
    other.force_login(world.park_b_officer)
    assert world.enterprise_x.name not in other.get(reverse("finance:listing")).content.decode()
    # A park officer of another park may not write on it either: it is not theirs to see.
    response = other.post(
        reverse("finance:listing_milestone", args=[company.pk]),
        {"stage": "restructure", "planned_on": "2026-01-01"},
    )
    assert response.status_code == 404


def test_a_green_channel_problem_is_taken_in_as_an_appeal(world):
    tier, _test = _tier(profitable_years=1)
    company = services.listing_enrol(
        actor=world.econ, enterprise=world.enterprise_x, data={"tier": tier, "board": "main"}
    )
    client = Client()
    client.force_login(world.econ)
    response = client.post(
        reverse("finance:listing_issue", args=[company.pk]),
        {"title": "社保缴纳证明", "content": "需开具近三年社保合规证明。", "topic": "labour"},
    )
    assert response.status_code == 302
    issue = company.issues.get()
    assert issue.appeal.title == "【上市绿色通道】社保缴纳证明"
    assert issue.appeal.enterprise_id == world.enterprise_x.pk
    assert issue.appeal.number  # numbered by the appeals intake
    page = client.get(reverse("finance:listing_company", args=[company.pk])).content.decode()
    assert issue.appeal.number in page
