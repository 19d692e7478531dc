"""The demo zone's monitoring data (zoneops/demo/monitoring.py).

Like zoneops/demo/tests/test_demo_zone.py, the zone is built once for the module inside a
transaction that is rolled back at the end; each test runs in a savepoint on top of it.

It is built for a pinned day, mid-January 2025 (``TODAY``): the 36 months 2022-01 … 2024-12,
December's reports five days past their deadline, the 2025 Spring Festival survey open. The
package tests/demo builds the zone for a December day, so the demo's one clock is checked on
two days (``assert_on_one_clock``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from decimal import Decimal
from io import StringIO
from statistics import correlation
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count, Sum

from tests.demo.clock import assert_on_one_clock
from zoneops.core.models import ChangeRecord
from zoneops.demo.enterprises import enterprise_profiles
from zoneops.demo.monitoring import PROVINCE_ZONES, Span, monitoring_plan, plan_digest
from zoneops.demo.tests.building import rolled_back
from zoneops.enterprises.models import Enterprise
from zoneops.monitoring.models import (
    Alert,
    AlertLevel,
    AlertMonth,
    AlertStatus,
    ElectricityAccount,
    IndicatorKind,
    MonthlyReport,
    OfficialFigure,
    ProductionPlan,
    ProductionSurvey,
    ProvinceFigure,
    ReportingPeriod,
    ReportStatus,
    ReportValue,
    SurveyResponse,
    Target,
    TargetScope,
)
from zoneops.monitoring.reports import figures as services

SEED = 2024
TODAY = dt.date(2025, 1, 15)
SPAN = Span.of(TODAY)
LIVE = SPAN.live


@pytest.fixture(scope="module")
def demo_output(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    with rolled_back(django_db_blocker):
        out = StringIO()
        call_command("demo_zone", seed=SEED, today=TODAY, stdout=out)
        yield out.getvalue()


@pytest.fixture
def demo(demo_output: str, db: None) -> str:
    return demo_output


@pytest.fixture(scope="module")
def plan() -> dict[str, Any]:
    return {s.credit_code: s for s in monitoring_plan(enterprise_profiles(SEED, TODAY), SEED, SPAN)}


def _zone_months(code: str = "output_value") -> dict[tuple[int, int], Decimal]:
    rows = (
        ReportValue.objects.filter(indicator__code=code)
        .values_list("report__period__year", "report__period__month")
        .annotate(total=Sum("month_value"))
    )
    return {(year, month): total for year, month, total in rows}


def test_demo_reports_cover_36_months_with_their_deadlines(demo: str) -> None:
    periods = list(ReportingPeriod.objects.order_by("year", "month"))
    assert len(periods) == 36
    assert (periods[0].key, periods[-1].key) == ("2022-01", "2024-12")
    assert not any(p.combined_with_january for p in periods)
    december = periods[-1]
    assert december.deadline.isoformat() == "2025-01-10" < TODAY.isoformat()
    # The ledgers are above-size industry's. A few below-size manufacturers in the 入统
    # cultivation pool also file their revenue with the zone (the enterprise-services demo),
    # which is how they show as candidates; their reports say so.
    cultivated = MonthlyReport.objects.filter(explanation="规下企业培育监测")
    ledgers = MonthlyReport.objects.exclude(pk__in=cultivated)
    reporters = Enterprise.objects.filter(monthly_reports__in=ledgers).distinct()
    assert 150 <= reporters.count() <= 200
    assert all(e.industry.is_industrial and e.is_above_scale for e in reporters)
    small = Enterprise.objects.filter(monthly_reports__in=cultivated).distinct()
    assert all(not e.is_above_scale for e in small)
    # Every report written through the services: its creation and approval are in history.
    approved = MonthlyReport.objects.filter(status=ReportStatus.APPROVED).count()
    assert approved > 4500
    history = ChangeRecord.objects.filter(model="monitoring.monthlyreport")
    assert history.filter(action="create").count() == MonthlyReport.objects.count()
    assert history.filter(note="审核通过").count() == approved
    assert "Monitoring: " in demo and " monthly reports " in demo


def test_year_to_date_is_last_months_plus_this_months_for_every_flow(demo: str) -> None:
    sample = (
        Enterprise.objects.filter(monthly_reports__isnull=False)
        .distinct()
        .order_by("credit_code")[:12]
    )
    checked = 0
    for enterprise in sample:
        values = ReportValue.objects.filter(report__enterprise=enterprise).select_related(
            "indicator", "report__period"
        )
        by_month = {
            (v.indicator.code, v.report.period.year, v.report.period.month): v for v in values
        }
        for (code, year, month), value in by_month.items():
            if value.indicator.kind == IndicatorKind.STOCK:
                assert value.month_value is None and value.ytd_value is not None
                continue
            before = by_month.get((code, year, month - 1))
            if month == 1:
                assert value.ytd_value == value.month_value
            elif before is not None:
                assert value.ytd_value == before.ytd_value + value.month_value, (code, year, month)
                checked += 1
            last_year = by_month.get((code, year - 1, month))
            if last_year is not None:
                assert value.last_ytd_value == last_year.ytd_value
                if code in ("output_value", "electricity"):
                    assert value.last_month_value == last_year.month_value
            assert value.last_ytd_value is not None
    assert checked > 12 * 30 * 8


def test_sales_stay_within_output_and_money_is_whole_thousands_of_yuan(demo: str) -> None:
    pairs = ReportValue.objects.filter(indicator__code__in=["output_value", "sales_value"])
    ytd: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for report_id, code, value in pairs.values_list("report_id", "indicator__code", "ytd_value"):
        ytd[report_id][code] = value
    assert all(v["sales_value"] <= v["output_value"] for v in ytd.values())
    sample = ReportValue.objects.filter(indicator__code="revenue")[:500]
    assert all(v.month_value % 1000 == 0 for v in sample)
    assert ReportValue.objects.filter(indicator__code="total_profit", ytd_value__lt=0).exists()


def test_spring_festival_dip_shows_in_the_zone_total(demo: str) -> None:
    months = _zone_months()
    for year, holiday_month in ((2022, 2), (2023, 1), (2024, 2)):
        rest = sum(months[(year, m)] for m in range(3, 13)) / 10
        holiday = months[(year, holiday_month)]
        other = months[(year, 3 - holiday_month)]
        assert holiday < Decimal("0.85") * rest, year
        assert holiday < other < rest, year


def test_seasonal_producers_stop_in_winter(demo: str, plan: dict[str, Any]) -> None:
    seasonal = [code for code, s in plan.items() if s.story == "seasonal"]
    assert len(seasonal) >= 5
    for code in seasonal:
        rows = dict(
            ReportValue.objects.filter(
                report__enterprise__credit_code=code,
                indicator__code="output_value",
                report__period__year=2023,
            ).values_list("report__period__month", "month_value")
        )
        summer = sum(rows[m] for m in (6, 7, 8, 9)) / 4
        assert all(rows[m] < summer * Decimal("0.15") for m in (1, 2, 12)), code


def test_electricity_tracks_output(demo: str, plan: dict[str, Any]) -> None:
    tracking = 0
    steady = [code for code, s in plan.items() if s.story == "steady" and s.first == SPAN.first]
    for code in steady:
        series = plan[code]
        output = [float(x) for x in series.flows["output_value"][12:]]
        power = [float(x) for x in series.flows["electricity"][12:]]
        tracking += correlation(output, power) > 0.5
    assert tracking >= 0.9 * len(steady)
    zone_power = _zone_months("electricity")
    assert zone_power[(2024, 6)] > 1e9  # kWh: an industrial zone uses billions a year


def test_steady_decliners_raise_red_and_orange_alerts(demo: str, plan: dict[str, Any]) -> None:
    decliners = [code for code, s in plan.items() if s.story == "decliner"]
    assert len(decliners) == 5
    falls = Alert.objects.filter(
        enterprise__credit_code__in=decliners,
        rule__code="output-fall",
        months__period__year=2024,
        months__level__in=[AlertLevel.RED, AlertLevel.ORANGE],
    ).distinct()
    assert set(falls.values_list("enterprise__credit_code", flat=True)) == set(decliners)
    assert AlertMonth.objects.filter(alert__in=falls, level=AlertLevel.RED).exists()
    # A fall that persists is one alert, open since its first month, not one a month.
    not_closed = Alert.objects.exclude(status=AlertStatus.CLOSED)
    twice = not_closed.values("enterprise", "rule").annotate(n=Count("pk")).filter(n__gt=1)
    assert not twice.exists()
    assert any(alert.months.count() >= 6 for alert in falls)
    # Alerts of earlier quarters were looked into: closed if they ended, acknowledged if they
    # still hold; the recent ones are open.
    assert not not_closed.filter(last_period__year=2023).exists()
    assert not not_closed.filter(period__year=2023, status=AlertStatus.OPEN).exists()
    assert not_closed.filter(period__year=2023, status=AlertStatus.ACKNOWLEDGED).exists()
    assert Alert.objects.filter(period__year=2024, period__month__gte=10, status="open").exists()


def test_growth_points_explain_their_growth(demo: str, plan: dict[str, Any]) -> None:
    growth_points = [code for code, s in plan.items() if s.story == "growth_point"]
    assert len(growth_points) == 10
    # They ramp up in the year they were first counted above size, the year before the
    # demo's (the live month's, 2024).
    reports = MonthlyReport.objects.filter(
        enterprise__credit_code__in=growth_points, period__year=2023, period__month=12
    )
    assert reports.count() >= 8
    for report in reports:
        output = report.values.get(indicator__code="output_value")
        assert output.ytd_value > Decimal("1.5") * output.last_ytd_value
        assert "产能" in report.explanation


def test_december_2024_is_still_being_reported(demo: str, plan: dict[str, Any]) -> None:
    period = ReportingPeriod.objects.get(year=2024, month=12)
    expected = sum(1 for s in plan.values() if s.first <= LIVE)
    statuses = Counter(MonthlyReport.objects.filter(period=period).values_list("status", flat=True))
    assert 0.6 * expected <= statuses[ReportStatus.APPROVED] <= 0.8 * expected
    assert statuses[ReportStatus.SUBMITTED] > 5 and statuses[ReportStatus.DRAFT] > 5
    assert statuses[ReportStatus.RETURNED] == 2
    not_reported = expected - sum(statuses.values())
    assert 0.05 * expected <= not_reported <= 0.15 * expected
    returned = MonthlyReport.objects.filter(period=period, status=ReportStatus.RETURNED)
    assert all(r.return_reason for r in returned)
    # Five days past the deadline: a missing-report alert for every reporter without a
    # submitted report.
    missing = Alert.objects.filter(period=period, rule__code="missing-report")
    late = set(missing.values_list("enterprise__credit_code", flat=True))
    handed_in = set(
        MonthlyReport.objects.filter(
            period=period, status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED]
        ).values_list("enterprise__credit_code", flat=True)
    )
    waiting = {c for c, s in plan.items() if s.first <= LIVE and s.stop_from is None} - handed_in
    assert waiting <= late
    assert set(missing.values_list("level", flat=True)) == {AlertLevel.ORANGE}
    # Every report that went on is complete (the drafts may not be).
    sent = list(
        MonthlyReport.objects.filter(
            period=period, status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED]
        ).select_related("enterprise")
    )
    findings = services.findings_of(period, sent)
    assert sent and not [f for found in findings.values() for f in found if f.is_error]
    # Submission dates are the reporting month's, not the day the demo was built.
    november = MonthlyReport.objects.filter(period__year=2024, period__month=11)
    assert {r.submitted_at.date().isoformat()[:7] for r in november} <= {"2024-12"}


def test_targets_official_and_province_figures(demo: str) -> None:
    targets = Target.objects.all()
    assert targets.filter(scope=TargetScope.ZONE, year=2024, kind="growth", value=10).exists()
    assert targets.filter(scope=TargetScope.ZONE, year=2025, quarter=1).count() == 2
    assert targets.filter(scope=TargetScope.PARK, year=2025).count() == 4
    assert targets.filter(scope=TargetScope.CHAIN).values("chain").distinct().count() == 2
    zone_2025 = targets.get(scope=TargetScope.ZONE, year=2025, quarter=None, kind="value")
    output_2024 = sum(
        v
        for (year, _), v in _zone_months().items()
        if year == 2024  # includes the December reports still in draft
    )
    assert Decimal("1.0") < zone_2025.value / output_2024 < Decimal("1.2")
    official = OfficialFigure.objects.filter(period__year=2024)
    assert official.count() == 5 * 11  # zone and four parks, 1—2月 to 1—12月
    assert all(Decimal(-5) <= f.growth <= Decimal(16) for f in official)
    ranking = ProvinceFigure.objects.filter(period__year=2024, period__month=12)
    assert ranking.count() == len(PROVINCE_ZONES) + 1
    own = ranking.get(is_self=True)
    assert own.zone_name == "西宁经济技术开发区"
    sums = ReportValue.objects.filter(
        report__period__year=2024,
        report__period__month=12,
        indicator__code="output_value",
        report__status__in=["submitted", "approved"],
    ).aggregate(now=Sum("ytd_value"), before=Sum("last_ytd_value"))
    assert own.growth == ((sums["now"] / sums["before"] - 1) * 100).quantize(Decimal("0.1"))


def test_spring_festival_survey_and_electricity_accounts(demo: str, plan: dict[str, Any]) -> None:
    survey = ProductionSurvey.objects.get()
    assert (survey.holiday_start.isoformat(), survey.holiday_end.isoformat()) == (
        "2025-01-28",
        "2025-02-04",
    )
    responses = SurveyResponse.objects.filter(survey=survey)
    assert 0.5 * len(plan) <= responses.count() <= 0.7 * len(plan)
    plans = Counter(responses.values_list("plan", flat=True))
    assert set(plans) == set(ProductionPlan.values)
    seasonal = responses.filter(plan=ProductionPlan.SEASONAL_STOP)
    assert all(r.maintenance and r.training for r in seasonal)
    accounts = ElectricityAccount.objects.all()
    assert all(re.fullmatch(r"0971\d{8}", a.account_number) for a in accounts)
    assert set(accounts.values_list("enterprise__credit_code", flat=True)) == set(plan)


def test_database_holds_exactly_the_plan(demo: str, plan: dict[str, Any]) -> None:
    for code in sorted(plan)[::20]:
        series = plan[code]
        report = MonthlyReport.objects.get(
            enterprise__credit_code=code, period__year=2024, period__month=6
        )
        stored = {
            v.indicator.code: (v.month_value, v.ytd_value, v.last_ytd_value)
            for v in report.values.select_related("indicator")
        }
        figures = series.figures(SPAN.index_of(2024, 6))
        assert stored == {
            c: (f["month_value"], f["ytd_value"], f["last_ytd_value"]) for c, f in figures.items()
        }


def test_same_seed_gives_the_same_monitoring_plan_in_any_process() -> None:
    profiles = enterprise_profiles(SEED, TODAY)
    assert plan_digest(monitoring_plan(profiles, SEED, SPAN)) == plan_digest(
        monitoring_plan(profiles, SEED, SPAN)
    )
    assert plan_digest(monitoring_plan(profiles, SEED, SPAN)) != plan_digest(
        monitoring_plan(profiles, SEED + 1, SPAN)
    )
    # A month later the months have moved on: the same seed, another zone.
    later = dt.date(2025, 2, 15)
    assert plan_digest(monitoring_plan(profiles, SEED, SPAN)) != plan_digest(
        monitoring_plan(enterprise_profiles(SEED, later), SEED, Span.of(later))
    )
    script = (
        "import datetime as dt, django; django.setup();"
        "from zoneops.demo.enterprises import enterprise_profiles;"
        "from zoneops.demo.monitoring import Span, monitoring_plan, plan_digest;"
        f"today = dt.date.fromisoformat('{TODAY}');"
        f"print(plan_digest(monitoring_plan(enterprise_profiles({SEED}, today), {SEED},"
        " Span.of(today))))"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {
            **os.environ,
            "PYTHONHASHSEED": hash_seed,
            "DJANGO_SETTINGS_MODULE": "zoneops.settings",
        }
        result = subprocess.run(  # noqa: S603 - our own interpreter and code
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env=env,
            cwd=settings.BASE_DIR,
            check=True,
        )
        digests.add(result.stdout.strip())
    assert digests == {plan_digest(monitoring_plan(profiles, SEED, SPAN))}


def test_every_module_stands_on_the_day_the_demo_is_built(demo: str) -> None:
    # The same check as tests/demo's on its December build: a January day, a year boundary
    # (last month is last year's December, the first quarter's targets).
    assert_on_one_clock(TODAY)
