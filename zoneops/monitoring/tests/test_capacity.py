"""达产达效: 达产率 and its gap against an independent computation over the stored reports
(year-to-date differences, not the page's month sums), the 龙头企业's target against 序时进度,
bad input refused at the edge, the page's scope and who may write."""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from zoneops.core.units import format_money
from zoneops.enterprises import services as registry
from zoneops.enterprises.models import GrowthPoint, OutputTarget, Tag
from zoneops.monitoring import public
from zoneops.monitoring.capacity import queries
from zoneops.monitoring.models import ReportValue
from zoneops.monitoring.periods import period_get_or_create
from zoneops.monitoring.tests.factories import approved_report

pytestmark = pytest.mark.django_db

YI = Decimal(100_000_000)
START = (2023, 1)
END = (2024, 10)


def _months() -> list[tuple[int, int]]:
    out, (y, m) = [], START
    while (y, m) <= END:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@pytest.fixture
def reports(world: Any) -> dict[tuple[int, int], Decimal]:
    """Enterprise X reports every month 2023-01..2024-10 (approved), with uneven months."""
    rng = random.Random(17)
    ytd = Decimal(0)
    written = {}
    for y, m in _months():
        month = Decimal(rng.randint(30_000_000, 90_000_000))
        ytd = month if m == 1 else ytd + month
        approved_report(world.enterprise_x, y, m, output_value=(month, ytd, ytd))
        written[(y, m)] = month
    return written


def _ytd(enterprise: Any, y: int, m: int) -> Decimal:
    return ReportValue.objects.get(
        report__enterprise=enterprise,
        report__period__year=y,
        report__period__month=m,
        indicator__code="output_value",
    ).ytd_value


def test_rate_and_gap_against_year_to_date_differences(world: Any, reports: Any, login: Any):
    designed = Decimal("800000000.00")  # 8亿元 a year
    registry.growth_point_set(
        actor=world.econ,
        enterprise=world.enterprise_x,
        designed_output=designed,
        producing_on=dt.date(2023, 3, 15),
    )
    x = world.enterprise_x
    # Twelve months to 2024-10 = 1—10月 2024 + (1—12月 2023 − 1—10月 2023), read from the
    # stored year-to-date figures, not from the month values the page sums.
    ttm = _ytd(x, 2024, 10) + _ytd(x, 2023, 12) - _ytd(x, 2023, 10)
    period = period_get_or_create(2024, 10)
    (row,) = queries.growth_points(user=world.econ, period=period)
    assert row.months_since_start == 20
    assert row.months_counted == 12 and not row.partial
    assert row.output == ttm
    assert row.rate == ttm / designed * 100
    assert row.gap == designed - ttm
    page = login(world.econ).get(reverse("monitoring:capacity"), {"period": "2024-10"})
    assert page.status_code == 200
    text = page.content.decode()
    gap_text = format_money(designed - ttm, "亿元") if designed > ttm else None
    rate_text = f"{(ttm / designed * 100).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"
    assert rate_text in text
    if gap_text:
        assert gap_text in text
    assert "20" in text  # months since production started


def test_fewer_than_twelve_months_are_annualised_and_labelled(world: Any, reports: Any, login: Any):
    designed = Decimal("900000000.00")
    registry.growth_point_set(
        actor=world.econ,
        enterprise=world.enterprise_x,
        designed_output=designed,
        producing_on=dt.date(2024, 6, 10),
    )
    x = world.enterprise_x
    since_june = _ytd(x, 2024, 10) - _ytd(x, 2024, 5)  # June..October: five months
    (row,) = queries.growth_points(user=world.econ, period=period_get_or_create(2024, 10))
    assert row.months_since_start == 5 and row.partial
    assert row.output == since_june
    assert row.annualised == since_june * 12 / 5
    assert row.rate == since_june * 12 / 5 / designed * 100
    text = login(world.econ).get(reverse("monitoring:capacity"), {"period": "2024-10"})
    assert "折年" in text.content.decode()
    # The briefing's reading is the page's.
    found = public.capacity_overview(user=world.econ, year=2024, month=10)
    assert found is not None and found.growth_points == 1
    if row.behind:
        assert found.points_behind[0].months_since_start == 5
        assert found.points_behind[0].gap == designed - row.annualised


def test_a_point_not_yet_producing_at_the_month_has_no_rate(world: Any, reports: Any):
    registry.growth_point_set(
        actor=world.econ,
        enterprise=world.enterprise_x,
        designed_output=YI,
        producing_on=dt.date(2025, 1, 1),
    )
    (row,) = queries.growth_points(user=world.econ, period=period_get_or_create(2024, 10))
    assert not row.started and row.rate is None


@pytest.mark.parametrize(
    ("designed", "on"),
    [
        (Decimal(-1), dt.date(2024, 1, 1)),
        (Decimal(0), dt.date(2024, 1, 1)),
        (Decimal("1e300"), dt.date(2024, 1, 1)),
        (YI, None),  # tomorrow
    ],
)
def test_bad_input_is_refused_by_the_service(world: Any, designed: Decimal, on: Any):
    day = on or timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        registry.growth_point_set(
            actor=world.econ,
            enterprise=world.enterprise_x,
            designed_output=designed,
            producing_on=day,
        )
    assert not GrowthPoint.objects.exists()


@pytest.mark.parametrize(
    ("output", "on"),
    [("-5", "2024-01-01"), ("1e300", "2024-01-01"), ("50000", "tomorrow"), ("abc", "2024-01-01")],
)
def test_bad_input_is_refused_by_the_page(world: Any, login: Any, output: str, on: str):
    if on == "tomorrow":
        on = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = login(world.econ).post(
        reverse("monitoring:growth_point_add"),
        {"enterprise": world.enterprise_x.pk, "designed_output": output, "producing_on": on},
    )
    assert response.status_code == 422
    assert not GrowthPoint.objects.exists()


def test_the_page_stores_what_the_office_types(world: Any, login: Any):
    response = login(world.econ).post(
        reverse("monitoring:growth_point_add"),
        {
            "enterprise": world.enterprise_x.pk,
            "designed_output": "52000",
            "producing_on": "2024-03-01",
        },
    )
    assert response.status_code == 302
    point = GrowthPoint.objects.get()
    assert point.designed_output == Decimal(520_000_000)  # 5.2亿元 typed as 52000万元


def test_leading_target_against_time_elapsed(world: Any, reports: Any, login: Any):
    with pytest.raises(ValidationError):  # not a 龙头企业
        registry.output_target_set(
            actor=world.econ, enterprise=world.enterprise_x, year=2024, value=YI * 10
        )
    world.enterprise_x.tags.add(Tag.objects.get(code="leading"))
    registry.output_target_set(
        actor=world.econ, enterprise=world.enterprise_x, year=2024, value=YI * 10
    )
    (row,) = queries.leading(user=world.econ, period=period_get_or_create(2024, 10))
    ytd = _ytd(world.enterprise_x, 2024, 10)
    assert row.output == ytd
    assert row.completion == ytd / (YI * 10) * 100
    assert row.elapsed == Decimal(10) / 12 * 100
    assert row.behind == (ytd / (YI * 10) * 100 < Decimal(10) / 12 * 100)
    assert row.gap == max(YI * 10 - ytd, Decimal(0))
    with pytest.raises(ValidationError):
        registry.output_target_set(
            actor=world.econ, enterprise=world.enterprise_x, year=2024, value=Decimal("1e300")
        )
    assert OutputTarget.objects.get().value == YI * 10


def test_scope_park_officers_see_their_park_outsiders_get_404(world: Any, login: Any):
    registry.growth_point_set(
        actor=world.econ,
        enterprise=world.enterprise_x,
        designed_output=YI,
        producing_on=dt.date(2024, 1, 1),
    )
    approved_report(world.enterprise_x, 2024, 1, output_value=(1_000_000, 1_000_000, 900_000))
    url = reverse("monitoring:capacity")
    own = login(world.park_a_officer).get(url)
    assert own.status_code == 200 and world.enterprise_x.name in own.content.decode()
    assert f"{world.park_a.name}达产达效" in own.content.decode()  # their park, not 全区
    other = login(world.park_b_officer).get(url)
    assert other.status_code == 200 and world.enterprise_x.name not in other.content.decode()
    assert login(world.park_b_officer).get(url, {"park": world.park_a.pk}).status_code == 404
    for persona in (world.ent_x_user, world.bank_user):
        assert login(persona).get(url).status_code == 404
    assert login(world.econ).get(url, {"period": "bad"}).status_code == 400


def test_who_may_enter(world: Any, login: Any):
    url = reverse("monitoring:growth_point_add")
    data = {"designed_output": "10000", "producing_on": "2024-03-01"}
    assert (
        login(world.leader).post(url, {**data, "enterprise": world.enterprise_x.pk}).status_code
        == 403
    )
    assert (
        login(world.ent_x_user).post(url, {**data, "enterprise": world.enterprise_x.pk}).status_code
        == 404
    )
    # A park officer enters for their own park only: another park's enterprise is not offered.
    assert (
        login(world.park_a_officer)
        .post(url, {**data, "enterprise": world.enterprise_y.pk})
        .status_code
        == 422
    )
    assert not GrowthPoint.objects.exists()
    assert (
        login(world.park_a_officer)
        .post(url, {**data, "enterprise": world.enterprise_x.pk})
        .status_code
        == 302
    )
    with pytest.raises(PermissionDenied):  # the service's own check
        registry.growth_point_set(
            actor=world.park_b_officer,
            enterprise=world.enterprise_x,
            designed_output=YI,
            producing_on=dt.date(2024, 1, 1),
        )
