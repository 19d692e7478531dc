"""Electricity nowcast (用电量估算产值): before the reports arrive, estimate each enterprise's
output for the month from its electricity, and the zone's output as the reported figures plus
those estimates — always stored and shown apart from reported figures, with the error the same
model made on the months before (the back-test). See docs/nowcast.md for the reasoning.

Model ``electricity_ratio_v1``: output = k × electricity, where k is the median of the
enterprise's own output ÷ electricity over its last 12 observed months (at least 3). The
back-test rolls the forecast origin through the 12 months before the target month: each month is
predicted from the months before it only, and the mean absolute percentage error (MAPE) of those
predictions is the enterprise's error. The zone's error is the same back-test on the zone total.

This module computes; :mod:`.services` stores a run, :mod:`.queries` reads what is stored.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zoneops.monitoring.models import ReportingPeriod, ReportStatus, ReportValue

METHOD = "electricity_ratio_v1"


METHOD_LABEL = gettext_lazy(
    "用电量比值法：产值 = 系数 × 用电量，系数取本企业近12个月产值与用电量之比的中位数"
)


OUTPUT, ELECTRICITY = "output_value", "electricity"


WINDOW = 12  # observations the ratio is the median of


MIN_POINTS = 3  # fewer and there is no estimate: one or two months say too little


BACKTEST_MONTHS = 12  # forecast origins: the months before the target month


HISTORY_MONTHS = BACKTEST_MONTHS + WINDOW  # what the earliest back-test origin may fit on


REPORTED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


CENT = Decimal("0.01")


ERROR_LIMIT = Decimal("999999.99")  # Estimate.error_percent has 8 digits, 2 decimals


MonthKey = tuple[int, int]


def _index(key: MonthKey) -> int:
    return key[0] * 12 + key[1] - 1


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _percent(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return min(value, ERROR_LIMIT).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Entry:
    """One stored figure: the month value if reported, the year to date, how it was reported."""

    month_value: Decimal | None
    ytd_value: Decimal | None
    combined: bool  # the period is 1—2月
    status: str


def month_value(series: dict[MonthKey, Entry], key: MonthKey) -> Decimal | None:
    """The period's own value: as reported, else derived as ytd − the previous period's ytd.

    January's ytd is January; a 1—2月 period's ytd covers January and February together and is
    used as one two-month value (never split). Without the previous ytd there is no value.
    """
    entry = series.get(key)
    if entry is None:
        return None
    if entry.month_value is not None:
        return entry.month_value
    if entry.ytd_value is None:
        return None
    year, month = key
    if month == 1 or (month == 2 and entry.combined):
        return entry.ytd_value
    previous = series.get((year, month - 1))
    if previous is None or previous.ytd_value is None:
        return None
    return entry.ytd_value - previous.ytd_value


@dataclass(frozen=True)
class Observation:
    """A month (or the 1—2月 pair) with both the reported output and the electricity."""

    key: MonthKey
    output: Decimal
    electricity: Decimal

    @property
    def ratio(self) -> Decimal:
        return self.output / self.electricity


@dataclass
class History:
    """Output and electricity of a set of enterprises for the target month and the 24 before."""

    period: ReportingPeriod
    series: dict[tuple[int, str], dict[MonthKey, Entry]] = field(default_factory=dict)

    @property
    def key(self) -> MonthKey:
        return (self.period.year, self.period.month)

    def enterprises(self) -> set[int]:
        return {eid for eid, _code in self.series}

    def observations(self, enterprise_id: int) -> list[Observation]:
        """The enterprise's past months with reported output and positive electricity."""
        outputs = self.series.get((enterprise_id, OUTPUT), {})
        power = self.series.get((enterprise_id, ELECTRICITY), {})
        target = _index(self.key)
        found = []
        for key in sorted(outputs):
            if _index(key) >= target or outputs[key].status not in REPORTED:
                continue
            output, electricity = month_value(outputs, key), month_value(power, key)
            if output is None or electricity is None or electricity <= 0 or output < 0:
                continue
            found.append(Observation(key, output, electricity))
        return found

    def electricity(self, enterprise_id: int) -> Decimal | None:
        """The target month's electricity (from the grid or any report, even a draft)."""
        return month_value(self.series.get((enterprise_id, ELECTRICITY), {}), self.key)

    def has_reported(self, enterprise_id: int) -> bool:
        entry = self.series.get((enterprise_id, OUTPUT), {}).get(self.key)
        return (
            entry is not None
            and entry.status in REPORTED
            and (entry.month_value is not None or entry.ytd_value is not None)
        )

    def reported(self, enterprise_id: int) -> Decimal | None:
        """The reported output of the target month (None if not reported or not derivable)."""
        if not self.has_reported(enterprise_id):
            return None
        return month_value(self.series[(enterprise_id, OUTPUT)], self.key)


def load_history(
    period: ReportingPeriod, *, values: QuerySet[ReportValue] | None = None
) -> History:
    """One query: output and electricity of the target month and the HISTORY_MONTHS before.

    ``values`` narrows the figures read (``ReportValue.objects.visible_to(user)`` for a page).
    """
    start = _index((period.year, period.month)) - HISTORY_MONTHS
    periods = [
        p.pk
        for p in ReportingPeriod.objects.filter(year__gte=start // 12, year__lte=period.year)
        if start <= _index((p.year, p.month)) <= _index((period.year, period.month))
    ]
    rows = (values if values is not None else ReportValue.objects.all()).filter(
        indicator__code__in=(OUTPUT, ELECTRICITY), report__period_id__in=periods
    )
    history = History(period)
    for eid, code, year, month, combined, status, month_v, ytd in rows.values_list(
        "report__enterprise_id",
        "indicator__code",
        "report__period__year",
        "report__period__month",
        "report__period__combined_with_january",
        "report__status",
        "month_value",
        "ytd_value",
    ):
        history.series.setdefault((eid, code), {})[(year, month)] = Entry(
            month_v, ytd, combined, status
        )
    return history


def fit_ratio(observations: list[Observation]) -> Decimal | None:
    """k = the median of output ÷ electricity over the last WINDOW observations (≥ MIN_POINTS)."""
    recent = observations[-WINDOW:]
    if len(recent) < MIN_POINTS:
        return None
    return Decimal(statistics.median(o.ratio for o in recent))


@dataclass(frozen=True)
class BacktestPoint:
    key: MonthKey
    predicted: Decimal
    actual: Decimal


def backtest(observations: list[Observation], target: MonthKey) -> list[BacktestPoint]:
    """Rolling origin: each observation of the BACKTEST_MONTHS before ``target`` predicted from
    the observations before it only (as if its report had not yet arrived)."""
    first = _index(target) - BACKTEST_MONTHS
    points = []
    for i, observation in enumerate(observations):
        if not first <= _index(observation.key) < _index(target):
            continue
        k = fit_ratio(observations[:i])
        if k is not None:
            points.append(
                BacktestPoint(observation.key, k * observation.electricity, observation.output)
            )
    return points


def mape(pairs: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Mean absolute percentage error of (predicted, actual) pairs; zero actuals are skipped."""
    errors = [abs(p - a) / a * 100 for p, a in pairs if a > 0]
    return sum(errors, Decimal(0)) / len(errors) if errors else None


@dataclass
class EnterpriseEstimate:
    enterprise_id: int
    electricity: Decimal
    ratio: Decimal
    points: int
    value: Decimal
    backtest: list[BacktestPoint]

    @property
    def error_percent(self) -> Decimal | None:
        return _percent(mape((p.predicted, p.actual) for p in self.backtest))


@dataclass
class ZoneMonth:
    key: MonthKey
    predicted: Decimal  # the sum of the estimated enterprises' back-test predictions
    actual: Decimal  # what those enterprises actually reported
    others: Decimal  # what the enterprises that report on time reported

    @property
    def error(self) -> Decimal:
        return self.predicted - self.actual


@dataclass
class ZoneBacktest:
    """The back-test of the zone total: each past month, the enterprises estimated now are
    predicted and the ones that reported now are taken as reported."""

    months: list[ZoneMonth]

    @property
    def error_percent(self) -> Decimal | None:
        """MAPE of the zone total (estimated part + reported part)."""
        return _percent(
            mape((m.actual + m.others + m.error, m.actual + m.others) for m in self.months)
        )

    @property
    def estimated_error_percent(self) -> Decimal | None:
        """MAPE of the sum of the estimates alone."""
        return _percent(mape((m.predicted, m.actual) for m in self.months))


def zone_backtest(
    history: History, estimated: dict[int, EnterpriseEstimate], reported: Iterable[int]
) -> ZoneBacktest:
    by_month: dict[MonthKey, list[Decimal]] = defaultdict(
        lambda: [Decimal(0), Decimal(0), Decimal(0)]
    )
    for estimate in estimated.values():
        for point in estimate.backtest:
            sums = by_month[point.key]
            sums[0] += point.predicted
            sums[1] += point.actual
    for enterprise_id in reported:
        for observation in history.observations(enterprise_id):
            if observation.key in by_month:
                by_month[observation.key][2] += observation.output
    return ZoneBacktest([ZoneMonth(key, *sums) for key, sums in sorted(by_month.items())])


@dataclass
class Nowcast:
    """What the model says for a period: per enterprise, and for the zone."""

    period: ReportingPeriod
    estimates: dict[int, EnterpriseEstimate]
    reported: dict[int, Decimal | None]  # enterprise → reported output (None: not derivable)
    skipped: dict[int, str]  # enterprise → why there is no estimate
    zone: ZoneBacktest

    @property
    def reported_total(self) -> Decimal:
        return sum((v for v in self.reported.values() if v is not None), Decimal(0))

    @property
    def estimated_total(self) -> Decimal:
        return sum((e.value for e in self.estimates.values()), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.reported_total + self.estimated_total


def nowcast_compute(period: ReportingPeriod, history: History | None = None) -> Nowcast:
    """Estimate every enterprise with electricity for the month but no reported output."""
    history = history or load_history(period)
    estimates: dict[int, EnterpriseEstimate] = {}
    reported: dict[int, Decimal | None] = {}
    skipped: dict[int, str] = {}
    for eid in sorted(history.enterprises()):
        if history.has_reported(eid):
            reported[eid] = history.reported(eid)
            continue
        electricity = history.electricity(eid)
        if electricity is None:
            if (eid, ELECTRICITY) in history.series and history.key in history.series[
                (eid, ELECTRICITY)
            ]:
                skipped[eid] = _("本月用电量只有累计数，缺上月累计，无法得出当月用电量")
            continue
        if electricity <= 0:
            skipped[eid] = _("本月用电量为零")
            continue
        observations = history.observations(eid)
        k = fit_ratio(observations)
        if k is None:
            skipped[eid] = _("历史数据不足（需至少%(n)d个月同时有产值和用电量）") % {
                "n": MIN_POINTS
            }
            continue
        estimates[eid] = EnterpriseEstimate(
            enterprise_id=eid,
            electricity=electricity,
            ratio=k,
            points=len(observations[-WINDOW:]),
            value=_money(k * electricity),
            backtest=backtest(observations, history.key),
        )
    return Nowcast(
        period, estimates, reported, skipped, zone_backtest(history, estimates, reported)
    )
