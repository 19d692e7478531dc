"""Which enterprises pass a listing tier's tests, and why, from the platform's own figures.

The figures are whole years of 营业收入 and 利润总额 from the approved December reports
(``monitoring.public.year_totals``), counted back from the last whole year on record. The
monthly ledger carries 利润总额, not 净利润: the profit tests are judged on it and say so (an
officer confirms the audited figure before enrolling). Tests the ledger cannot judge (R&D
intensity, a board's own listing standard) are not entered as tests; docs/finance.md says so.

Pure functions over plain values: the tests in ``zoneops/finance/tests/test_listing.py`` feed
them figures directly and through stored reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from zoneops.core.units import format_money
from zoneops.finance.models.listing import ListingTest, ListingTier

REVENUE, PROFIT = "revenue", "total_profit"
ZERO = Decimal(0)


@dataclass(frozen=True)
class Years:
    """One enterprise's whole years: ``{year: 元}`` of revenue and of total profit."""

    revenue: Mapping[int, Decimal] = field(default_factory=dict)
    profit: Mapping[int, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    """One test on one enterprise: passed, and the reasons (what holds, or what fails)."""

    test: ListingTest
    passed: bool
    reasons: tuple[str, ...]

    @property
    def text(self) -> str:
        return "；".join(self.reasons)


@dataclass(frozen=True)
class Judgement:
    """One tier on one enterprise: the basic condition, each test, and the outcome."""

    tier: ListingTier
    basic: str  # "" when the enterprise has existed long enough, else why not
    verdicts: tuple[Verdict, ...]

    @property
    def passing(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.passed)

    @property
    def passed(self) -> bool:
        return not self.basic and bool(self.passing)

    @property
    def reason(self) -> str:
        """Why it passes (the first test it passes), or why not (the basic condition, or each
        test's first failing reason)."""
        if self.basic:
            return self.basic
        if self.passing:
            first = self.passing[0]
            return _("符合第%(n)d条“%(name)s”：%(why)s") % {
                "n": first.test.number,
                "name": first.test.name,
                "why": first.text,
            }
        if not self.verdicts:
            return _("该层级未设入库标准")
        return "；".join(
            _("第%(n)d条不符：%(why)s") % {"n": v.test.number, "why": v.reasons[0]}
            for v in self.verdicts
        )


def _money(value: Decimal) -> str:
    return format_money(value)


def _missing(what: str, year: int) -> str:
    return _("缺少%(year)d年%(what)s（无当年12月已审核报表）") % {"year": year, "what": what}


def judge_test(test: ListingTest, years: Years, last_year: int) -> Verdict:
    """Every condition the test sets, on the years ending with ``last_year``."""
    holds: list[str] = []
    fails: list[str] = []
    words: dict[str, object]
    profit_name, revenue_name = _("利润总额"), _("营业收入")
    span = test.profitable_years or 2
    wanted = list(range(last_year - span + 1, last_year + 1))
    if test.profitable_years:
        for year in wanted:
            value = years.profit.get(year)
            if value is None:
                fails.append(_missing(profit_name, year))
            elif value <= ZERO:
                fails.append(
                    _("%(year)d年利润总额%(value)s，未盈利")
                    % {"year": year, "value": _money(value)}
                )
        if not fails:
            holds.append(
                _("%(first)d—%(last)d年连续盈利") % {"first": wanted[0], "last": wanted[-1]}
            )
    if test.min_cumulative_profit is not None:
        known = {year: years.profit[year] for year in wanted if year in years.profit}
        if len(known) < len(wanted):
            fails.extend(_missing(profit_name, y) for y in wanted if y not in known)
        else:
            total = sum(known.values(), ZERO)
            words = {"value": _money(total), "limit": _money(test.min_cumulative_profit)}
            if total >= test.min_cumulative_profit:
                holds.append(_("累计利润总额%(value)s，不低于%(limit)s") % words)
            else:
                fails.append(_("累计利润总额%(value)s，低于%(limit)s") % words)
    if test.min_last_revenue is not None:
        value = years.revenue.get(last_year)
        if value is None:
            fails.append(_missing(revenue_name, last_year))
        else:
            words = {
                "year": last_year,
                "value": _money(value),
                "limit": _money(test.min_last_revenue),
            }
            if value >= test.min_last_revenue:
                holds.append(_("%(year)d年营业收入%(value)s，不低于%(limit)s") % words)
            else:
                fails.append(_("%(year)d年营业收入%(value)s，低于%(limit)s") % words)
    if test.min_revenue_cagr is not None:
        start, end = years.revenue.get(last_year - 2), years.revenue.get(last_year)
        if start is None or end is None:
            fails.append(_missing(revenue_name, last_year - 2 if start is None else last_year))
        elif start <= ZERO:
            fails.append(
                _("%(year)d年营业收入为%(value)s，无法计算增长率")
                % {"year": last_year - 2, "value": _money(start)}
            )
        else:
            cagr = revenue_cagr(start, end)
            words = {"value": f"{cagr}%", "limit": f"{test.min_revenue_cagr}%"}
            if cagr >= test.min_revenue_cagr:
                holds.append(_("近两年营业收入复合增长率%(value)s，不低于%(limit)s") % words)
            else:
                fails.append(_("近两年营业收入复合增长率%(value)s，低于%(limit)s") % words)
    if test.min_average_revenue is not None:
        pair = [years.revenue.get(last_year - 1), years.revenue.get(last_year)]
        if pair[0] is None or pair[1] is None:
            fails.append(_missing(revenue_name, last_year - 1 if pair[0] is None else last_year))
        else:
            average = (pair[0] + pair[1]) / 2
            words = {"value": _money(average), "limit": _money(test.min_average_revenue)}
            if average >= test.min_average_revenue:
                holds.append(_("近两年平均营业收入%(value)s，不低于%(limit)s") % words)
            else:
                fails.append(_("近两年平均营业收入%(value)s，低于%(limit)s") % words)
    return Verdict(test=test, passed=not fails, reasons=tuple(fails or holds))


def revenue_cagr(start: Decimal, end: Decimal) -> Decimal:
    """The two-year compound growth rate from ``start`` to ``end``, in % to two places."""
    rate = ((end / start).sqrt() - 1) * 100
    return rate.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def accounting_years(established_on: dt.date, last_year: int) -> int:
    """Whole accounting years an enterprise has existed through ``last_year``: a year counts
    when the enterprise existed on its first day."""
    first = (
        established_on.year
        if (established_on.month, established_on.day) == (1, 1)
        else (established_on.year + 1)
    )
    return max(0, last_year - first + 1)


def judge(
    tier: ListingTier,
    tests: Iterable[ListingTest],
    years: Years,
    last_year: int,
    established_on: dt.date | None,
) -> Judgement:
    basic = ""
    if established_on is None:
        basic = _("企业库未登记成立日期，无法判断成立年限")
    else:
        existed = accounting_years(established_on, last_year)
        if existed < tier.min_years:
            basic = _("成立满%(n)d个会计年度，未满%(need)d个") % {
                "n": existed,
                "need": tier.min_years,
            }
    verdicts = tuple(judge_test(test, years, last_year) for test in tests)
    return Judgement(tier=tier, basic=basic, verdicts=verdicts)
