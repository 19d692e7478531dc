"""Electricity nowcast: month values out of year-to-date figures (1—2月 never split), the ratio
model recovering a known ratio, the rolling back-test's error, the zone figures, the stored
estimates (idempotent, recorded), the command, the page and the API."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from zoneops.core.models import ChangeRecord
from zoneops.enterprises.tests.factories import EnterpriseFactory
from zoneops.monitoring.models import Estimate, ReportingPeriod
from zoneops.monitoring.nowcast import method as nowcast_method
from zoneops.monitoring.nowcast import queries as nowcast_queries
from zoneops.monitoring.nowcast import services as nowcast_services
from zoneops.monitoring.nowcast.method import Entry, month_value
from zoneops.monitoring.periods import period_get_or_create
from zoneops.monitoring.reports import services
from zoneops.monitoring.tests.factories import approved_report, figures

pytestmark = pytest.mark.django_db

# 2023 monthly; 2024 reported as 1—2月 then monthly to November; December is the target.
HISTORY = [(2023, m) for m in range(1, 13)] + [(2024, m) for m in range(2, 12)]
TARGET = (2024, 12)
OUTLIER = (2024, 6)


def elec_a(year: int, month: int) -> int:
    return 100_000 + 1_000 * (year - 2023) * 12 + 1_000 * month


def elec_b(year: int, month: int) -> int:
    return 50_000 + 2_000 * month + (7_000 if year == 2024 else 0)


def elec_c(year: int, month: int) -> int:
    return 80_000 + 500 * month


def month_kwh(elec, key):
    """The period's electricity: 1—2月 of 2024 covers January and February together."""
    year, month = key
    return elec(year, 1) + elec(year, 2) if key == (2024, 2) else elec(year, month)


def build(enterprise, elec, ratio, *, ytd_only=False, outliers=None, target_output=False):
    """Approved reports over HISTORY with output = ratio × electricity (outliers: other ratios),
    then the target month: electricity only (a draft), or reported output too."""
    outliers = outliers or {}
    ytd_e = ytd_o = Decimal(0)
    year = None
    for key in [*HISTORY, TARGET]:
        if key[0] != year:
            year, ytd_e, ytd_o = key[0], Decimal(0), Decimal(0)
        e = Decimal(month_kwh(elec, key))
        o = Decimal(outliers.get(key, ratio)) * e
        ytd_e, ytd_o = ytd_e + e, ytd_o + o
        if key == TARGET and not target_output:
            services.report_save(
                actor=None,
                enterprise=enterprise,
                period=period_get_or_create(*key),
                figures=figures(electricity=(None if ytd_only else e, ytd_e, None)),
                source="grid",
                check=False,
            )
            continue
        approved_report(
            enterprise,
            *key,
            output_value=(None if ytd_only else o, ytd_o, None),
            electricity=(None if ytd_only else e, ytd_e, None),
        )


@pytest.fixture
def zone(world):
    period_get_or_create(2024, 2, combined_with_january=True)
    c = EnterpriseFactory(name="青海丙化工有限公司", park=world.park_a, is_above_scale=True)
    build(world.enterprise_x, elec_a, 8)  # park A: exactly 8 元 per kWh
    # park B: 5 元 per kWh but June 2024 at 6; only year-to-date figures, month values derived
    build(world.enterprise_y, elec_b, 5, ytd_only=True, outliers={OUTLIER: 6})
    build(c, elec_c, 4, target_output=True)  # reported on time: never estimated
    return {"a": world.enterprise_x, "b": world.enterprise_y, "c": c}


def target_period() -> ReportingPeriod:
    return ReportingPeriod.objects.get(year=TARGET[0], month=TARGET[1])


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- month values -------------------------------------------------------------------------------


def test_month_values_are_derived_and_one_two_is_never_split():
    d = Decimal
    series = {
        (2024, 2): Entry(None, d(300), True, "approved"),  # 1—2月: two months together
        (2024, 3): Entry(None, d(450), False, "approved"),
        (2024, 4): Entry(d(120), d(570), False, "approved"),
        (2024, 6): Entry(None, d(800), False, "approved"),  # May is missing
        (2025, 1): Entry(None, d(90), False, "approved"),
    }
    assert month_value(series, (2024, 2)) == d(300)
    assert month_value(series, (2024, 3)) == d(150)
    assert month_value(series, (2024, 4)) == d(120)  # as reported
    assert month_value(series, (2024, 6)) is None  # no previous ytd: no value invented
    assert month_value(series, (2025, 1)) == d(90)
    assert month_value(series, (2024, 1)) is None  # January was never reported


def test_the_ratio_is_the_median_of_the_last_twelve():
    obs = [
        nowcast_method.Observation((2024, m), Decimal(r * 100), Decimal(100))
        for m, r in enumerate([50, 4, 5, 5, 6, 5, 4, 5, 6, 5, 5, 4, 5, 100], start=1)
    ]
    # The last twelve drop the first (50); the outlier 100 does not move the median.
    assert nowcast_method.fit_ratio(obs) == Decimal(5)
    assert nowcast_method.fit_ratio(obs[:2]) is None  # fewer than three months: no model


# --- the model on synthetic data ----------------------------------------------------------------


def test_known_ratio_is_recovered_with_zero_backtest_error(world, zone):
    result = nowcast_method.nowcast_compute(target_period())
    a = result.estimates[zone["a"].pk]
    assert a.ratio == Decimal(8)
    assert a.electricity == Decimal(elec_a(*TARGET))
    assert a.value == Decimal(8 * elec_a(*TARGET))
    assert len(a.backtest) == 11  # 2023-12, 1—2月 2024, March to November 2024
    assert a.error_percent == Decimal("0.00")


def test_backtest_error_of_an_outlier_month_is_exact(world, zone):
    result = nowcast_method.nowcast_compute(target_period())
    b = result.estimates[zone["b"].pk]
    assert b.ratio == Decimal(5)  # one month at 6 does not move the median
    assert b.electricity == Decimal(elec_b(*TARGET))  # derived: ytd − November's ytd
    assert b.value == Decimal(5 * elec_b(*TARGET))
    assert [p.key for p in b.backtest][:2] == [(2023, 12), (2024, 2)]
    # June predicted at 5 × e while 6 × e was reported: |5 − 6| / 6 = 16.67 %; eleven points.
    assert b.error_percent == cents(Decimal(100) / 6 / 11)
    assert b.error_percent == Decimal("1.52")


def test_reported_enterprises_are_not_estimated_and_the_zone_adds_them(world, zone):
    result = nowcast_method.nowcast_compute(target_period())
    c = zone["c"]
    assert c.pk not in result.estimates
    assert result.reported == {c.pk: Decimal(4 * elec_c(*TARGET))}
    assert result.total == Decimal(4 * elec_c(*TARGET) + 8 * elec_a(*TARGET) + 5 * elec_b(*TARGET))


def test_zone_backtest_error_is_exact(world, zone):
    result = nowcast_method.nowcast_compute(target_period())
    june = next(m for m in result.zone.months if m.key == OUTLIER)
    e_a, e_b, e_c = (Decimal(f(*OUTLIER)) for f in (elec_a, elec_b, elec_c))
    assert june.error == -e_b and june.others == 4 * e_c
    assert len(result.zone.months) == 11
    zone_total = 8 * e_a + 6 * e_b + 4 * e_c
    assert result.zone.error_percent == cents(e_b / zone_total * 100 / 11)
    assert result.zone.estimated_error_percent == cents(e_b / (8 * e_a + 6 * e_b) * 100 / 11)


def test_short_history_gets_no_estimate(world):
    new = EnterpriseFactory(name="青海新升规有限公司", park=world.park_a, is_above_scale=True)
    approved_report(new, 2024, 11, output_value=(900, 900, None), electricity=(100, 100, None))
    services.report_save(
        actor=None,
        enterprise=new,
        period=period_get_or_create(*TARGET),
        figures=figures(electricity=(120, 220, None)),
        check=False,
    )
    result = nowcast_method.nowcast_compute(target_period())
    assert new.pk not in result.estimates
    assert "历史数据不足" in result.skipped[new.pk]


# --- the write ----------------------------------------------------------------------------------


def test_run_stores_estimates_idempotently_and_records_them(world, zone):
    first = nowcast_services.nowcast_run(period=target_period(), actor=world.econ)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    stored = Estimate.objects.get(enterprise=zone["b"])
    assert stored.method == "electricity_ratio_v1" and stored.indicator.code == "output_value"
    assert stored.value == Decimal(5 * elec_b(*TARGET)) and stored.error_percent == Decimal("1.52")
    records = ChangeRecord.objects.filter(model="monitoring.estimate")
    assert records.count() == 2 and {r.actor for r in records} == {world.econ}
    second = nowcast_services.nowcast_run(period=target_period(), actor=world.econ)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert ChangeRecord.objects.filter(model="monitoring.estimate").count() == 2


def test_an_estimate_is_kept_beside_the_report_that_arrives_later(world, zone):
    nowcast_services.nowcast_run(period=target_period(), actor=None)
    e = Decimal(elec_a(*TARGET))
    report = services.report_save(
        actor=None,
        enterprise=zone["a"],
        period=target_period(),
        figures=figures(output_value=(Decimal("8.8") * e, None, None)),
        submit=True,
        explanation="测试数据",
        check=False,
    )[0]
    services.report_approve(actor=None, report=report, check=False)
    again = nowcast_services.nowcast_run(period=target_period(), actor=None)
    assert again.deleted == 0 and Estimate.objects.filter(enterprise=zone["a"]).exists()
    summary = nowcast_queries.nowcast_summary(user=world.leader, period=target_period())
    row = next(r for r in summary.rows if r.estimate.enterprise_id == zone["a"].pk)
    assert row.reported == Decimal("8.8") * e
    assert row.realised_error == cents(Decimal("0.8") / Decimal("8.8") * 100)
    # The zone uses what A reported, and the estimate of B only: never both for A.
    assert summary.reported_total == Decimal("8.8") * e + 4 * Decimal(elec_c(*TARGET))
    assert summary.pending_total == Decimal(5 * elec_b(*TARGET)) and summary.pending_count == 1


def test_park_officers_cannot_run_the_nowcast(world):
    with pytest.raises(PermissionDenied):
        nowcast_services.nowcast_run(
            period=period_get_or_create(*TARGET), actor=world.park_a_officer
        )
    assert not Estimate.objects.exists()


def test_command(world, zone, capsys):
    call_command("nowcast", "--period", "2024-12")
    out = capsys.readouterr().out
    assert "估算 2 家" in out and "新增 2" in out and "合计回测误差 ±" in out
    call_command("nowcast", "--period", "2024-12")
    assert "未变 2" in capsys.readouterr().out


# --- page and API -------------------------------------------------------------------------------


def test_page_labels_estimates_and_shows_their_error(world, zone, login):
    nowcast_services.nowcast_run(period=target_period(), actor=None)
    response = login(world.leader).get(reverse("monitoring:nowcast"), {"period": "2024-12"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "估算" in body and "±1.52%" in body and zone["b"].name in body
    assert ' style="' not in body
    summary = response.context["summary"]
    assert summary.zone.error_percent is not None and summary.reported_count == 1


def test_park_officer_page_is_scoped_to_the_park(world, zone, login):
    nowcast_services.nowcast_run(period=target_period(), actor=None)
    response = login(world.park_b_officer).get(reverse("monitoring:nowcast"), {"period": "2024-12"})
    summary = response.context["summary"]
    assert [r.estimate.enterprise for r in summary.rows] == [zone["b"]]
    assert summary.reported_count == 0 and summary.pending_total == Decimal(5 * elec_b(*TARGET))
    # Park B's own total is all estimate: its zone error is B's own back-test.
    assert summary.zone.error_percent == Decimal("1.52")
    assert zone["a"].name not in response.content.decode()


def test_page_run_is_for_the_economy_office(world, zone, login):
    url = reverse("monitoring:nowcast")
    assert login(world.park_a_officer).post(url, {"period": "2024-12"}).status_code == 403
    assert not Estimate.objects.exists()
    assert login(world.econ).post(url, {"period": "2024-12"}).status_code == 302
    assert Estimate.objects.count() == 2


@pytest.mark.parametrize("persona", ["bank_user", "task_force", "ent_x_user"])
def test_outsiders_get_404(world, login, persona):
    period_get_or_create(*TARGET)
    client = login(getattr(world, persona))
    assert client.get(reverse("monitoring:nowcast")).status_code == 404
    assert client.post(reverse("monitoring:nowcast"), {"period": "2024-12"}).status_code == 404
    assert client.get("/api/monitoring/estimates?period=2024-12").status_code == 404
    assert not Estimate.objects.exists()


def test_api_estimates_are_scoped_and_labelled(world, zone, login):
    nowcast_services.nowcast_run(period=target_period(), actor=None)
    data = login(world.park_b_officer).get("/api/monitoring/estimates?period=2024-12").json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["enterprise_id"] == zone["b"].pk and item["is_estimate"] is True
    assert Decimal(item["value"]) == Decimal(5 * elec_b(*TARGET))
    assert Decimal(item["error_percent"]) == Decimal("1.52")
    assert item["method"] == "electricity_ratio_v1"
    assert login(world.leader).get("/api/monitoring/estimates").json()["count"] == 2
    assert login(world.leader).get("/api/monitoring/estimates?period=2001-01").status_code == 404
    # A month that has not begun is not a period at all (zoneops/core/bounds.py).
    assert login(world.leader).get("/api/monitoring/estimates?period=2031-01").status_code == 422
