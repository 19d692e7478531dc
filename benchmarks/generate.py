"""Scale data for the benchmarks: a zone of N above-size enterprises × Y years of monthly
reports, written straight into a database, and the monthly workbook staff would import.

This is test data, not the demo zone: it skips the services and writes with bulk inserts
(executemany on SQLite, COPY on PostgreSQL) so that 5,000 enterprises × 10 years take seconds,
not hours. The shapes are still the real ones: log-normal sizes, a yearly trend per enterprise,
the Spring Festival dip, noise, year-to-date sums that add up, and 上年同期 columns that are the
enterprise's own figures of the year before.

    DATABASE_URL=... python -m benchmarks.generate --enterprises 5000 --years 10
    DATABASE_URL=... python -m benchmarks.generate --enterprises 10000 --years 1 \\
        --end 2024-02 --workbook var/bench/monthly.xlsx --period 2024-03
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import time
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate
from pathlib import Path
from typing import Any

from benchmarks import setup_django

FIGURES = ("output_value", "sales_value", "electricity")  # the workbook's three indicators
FIELD_NAMES = ("month_value", "ytd_value", "last_ytd_value", "last_month_value")
SPRING_FESTIVAL_MONTH = {
    y: 1 if y in (2004, 2012, 2020, 2023, 2025) else 2 for y in range(1990, 2040)
}
PARKS = (
    ("东川工业园", "630102400", 35),
    ("南川工业园", "630103400", 30),
    ("生物科技产业园", "630105400", 15),
    ("甘河工业园", "630106400", 20),
)
CHAINS = ("锂电产业链", "光伏制造产业链", "装备制造产业链")
BATCH = 20_000
APPROVED = ("approved", 0, "", "")  # status, revision, explanation, return reason


@dataclass(frozen=True)
class Scale:
    """What to generate: ``enterprises`` reporting every month of the ``years`` that end with
    ``end``; the series run on for ``extra_months`` (the month a workbook brings)."""

    enterprises: int
    years: int
    end: tuple[int, int] = (2024, 12)
    seed: int = 2024
    extra_months: int = 0

    @property
    def first(self) -> int:
        """Absolute month number (year × 12 + month − 1) of the first stored month."""
        return _absolute(self.end) - self.years * 12 + 1

    @property
    def origin(self) -> int:
        """Where each series starts: January of the year before the first stored month, so
        every stored month has its 上年同期 and every year-to-date its January."""
        return (self.first // 12 - 1) * 12

    @property
    def stop(self) -> int:
        return _absolute(self.end) + self.extra_months + 1


def _absolute(period: tuple[int, int]) -> int:
    return period[0] * 12 + period[1] - 1


def _period(absolute: int) -> tuple[int, int]:
    return absolute // 12, absolute % 12 + 1


def credit_code_of(index: int) -> str:
    from zoneops.enterprises.codes import credit_code

    return credit_code(10_000_000 + index)


def name_of(index: int) -> str:
    return f"青海基准{index:05d}制造有限公司"


@dataclass(frozen=True)
class Months:
    """One enterprise's month values per indicator (whole 元 or kWh), compact, with running
    totals so that any year-to-date is one subtraction."""

    values: dict[str, array]
    totals: dict[str, array]  # totals[code][i] = sum(values[code][:i])


def series(scale: Scale, index: int) -> Months:
    """One enterprise's month values from ``scale.origin`` to ``scale.stop`` (exclusive), in
    stored units: 元 in whole 千元, kWh in whole 百千瓦时."""
    rng = random.Random(f"bench:{scale.seed}:{index}")
    size = rng.lognormvariate(math.log(3e7), 1.3) / 12  # 元 a month
    growth = rng.gauss(0.06, 0.10)
    dip = rng.uniform(0.62, 0.92)
    intensity = rng.lognormvariate(math.log(0.08), 0.8)  # kWh per 元
    sold = rng.uniform(0.95, 1.0)
    values = {code: array("q") for code in FIGURES}
    for absolute in range(scale.origin, scale.stop):
        year, month = _period(absolute)
        level = size * (1 + growth) ** ((absolute - scale.origin) / 12)
        if month in (1, 2):
            level *= dip if month == SPRING_FESTIVAL_MONTH[year] else 1 - (1 - dip) / 3
        value = level * rng.lognormvariate(0, 0.08)
        values["output_value"].append(round(value / 1000) * 1000)
        values["sales_value"].append(round(value * sold / 1000) * 1000)
        power = value * intensity * rng.lognormvariate(0, 0.03)
        values["electricity"].append(round(power / 100) * 100)
    totals = {code: array("q", [0, *accumulate(v)]) for code, v in values.items()}
    return Months(values, totals)


def figures_at(scale: Scale, months: Months, absolute: int) -> dict[str, tuple[Decimal, ...]]:
    """The four columns of each indicator for one month: 本月, 1—本月累计, 上年同期累计,
    上年同期本月."""
    at = absolute - scale.origin
    january = at - (absolute % 12)
    out = {}
    for code, values in months.values.items():
        totals = months.totals[code]
        out[code] = (
            Decimal(values[at]),
            Decimal(totals[at + 1] - totals[january]),
            Decimal(totals[at - 11] - totals[january - 12]),
            Decimal(values[at - 12]),
        )
    return out


# -- the database ------------------------------------------------------------------------------


def generate(scale: Scale, *, say: Callable[[str], None] = print) -> dict[str, Any]:
    """Write the zone into the database Django is configured with (already migrated)."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic():
        ids = _registry(scale)
        periods = _periods(scale)
        reports, values = _reports(scale, ids, periods)
    # Planner statistics, as PostgreSQL's autovacuum (and SQLite's PRAGMA optimize) keep them.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seconds = time.perf_counter() - started
    say(
        f"generated {scale.enterprises:,} enterprises × {scale.years} years: {reports:,} reports, "
        f"{values:,} values on {connection.vendor} in {seconds:.1f} s"
    )
    return {"enterprises": scale.enterprises, "reports": reports, "values": values}


def _registry(scale: Scale) -> list[int]:
    from zoneops.core.models import Park, Role, User, Zone
    from zoneops.enterprises.models import (
        Chain,
        ChainMembership,
        Enterprise,
        EnterpriseStatus,
        Industry,
        IndustryLevel,
    )

    rng = random.Random(f"bench:{scale.seed}:registry")
    zone = Zone.objects.create(name="基准测试开发区", short_name="基准区", division_code="630100")
    parks = [
        Park.objects.create(zone=zone, name=name, division_code=code, order=order)
        for order, (name, code, _) in enumerate(PARKS, start=1)
    ]
    weights = [weight for *_, weight in PARKS]
    industries = list(
        Industry.objects.filter(level=IndustryLevel.DIVISION, code__gte="13", code__lte="46")
    )
    User.objects.create(username="bench", role=Role.ZONE_LEADER, full_name="基准测试")
    since = dt.date(_period(scale.first)[0] - 1, 1, 1)
    Enterprise.objects.bulk_create(
        (
            Enterprise(
                credit_code=credit_code_of(i),
                name=name_of(i),
                park=rng.choices(parks, weights)[0],
                industry=rng.choice(industries),
                is_above_scale=True,
                above_scale_since=since,
                status=EnterpriseStatus.OPERATING,
            )
            for i in range(scale.enterprises)
        ),
        batch_size=2000,
    )
    by_code = dict(Enterprise.objects.values_list("credit_code", "pk"))
    ids = [by_code[credit_code_of(i)] for i in range(scale.enterprises)]
    chains = [
        Chain.objects.create(name=name, leader_name="链长", order=n)
        for n, name in enumerate(CHAINS)
    ]
    ChainMembership.objects.bulk_create(
        (
            ChainMembership(enterprise_id=pk, chain=rng.choice(chains))
            for pk in ids
            if rng.random() < 0.3
        ),
        batch_size=2000,
    )
    return ids


def _periods(scale: Scale) -> dict[int, int]:
    from zoneops.monitoring.models import ReportingPeriod
    from zoneops.monitoring.periods import default_deadline

    wanted = range(scale.first, scale.stop)
    ReportingPeriod.objects.bulk_create(
        ReportingPeriod(year=y, month=m, deadline=default_deadline(y, m))
        for y, m in map(_period, wanted)
    )
    return {
        _absolute((p.year, p.month)): p.pk
        for p in ReportingPeriod.objects.filter(year__gte=_period(scale.first)[0])
    }


def _reports(scale: Scale, enterprise_ids: list[int], periods: dict[int, int]) -> tuple[int, int]:
    from django.db import connection

    from zoneops.monitoring.models import Indicator, MonthlyReport, ReportValue

    indicators = dict(Indicator.objects.filter(code__in=FIGURES).values_list("code", "pk"))
    approved = dt.datetime(2025, 1, 5, tzinfo=dt.UTC)
    report_rows: list[tuple] = []
    value_rows: list[tuple] = []
    report_id = (
        MonthlyReport.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ) + 1
    value_id = (ReportValue.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    first_report, first_value = report_id, value_id
    writer = _Writer(connection)
    everyone = [series(scale, index) for index in range(len(enterprise_ids))]
    # Month after month, as a real zone's reports arrive: a period's rows sit together.
    for absolute in range(scale.first, _absolute(scale.end) + 1):
        period = periods[absolute]
        for enterprise, months in zip(enterprise_ids, everyone, strict=True):
            report_rows.append(
                (report_id, enterprise, period, *APPROVED, approved, approved, "bench")
            )
            for code, columns in figures_at(scale, months, absolute).items():
                value_rows.append((value_id, report_id, indicators[code], *columns))
                value_id += 1
            report_id += 1
            if len(value_rows) >= BATCH:
                writer.reports(report_rows)
                writer.values(value_rows)
                report_rows, value_rows = [], []
    writer.reports(report_rows)
    writer.values(value_rows)
    writer.reset_sequences()
    return report_id - first_report, value_id - first_value


class _Writer:
    """Bulk rows into the two ledger tables: COPY on PostgreSQL, executemany elsewhere."""

    REPORT_COLUMNS = (
        "id",
        "enterprise_id",
        "period_id",
        "status",
        "revision",
        "explanation",
        "return_reason",
        "submitted_at",
        "approved_at",
        "source",
    )
    VALUE_COLUMNS = ("id", "report_id", "indicator_id", *FIELD_NAMES)

    def __init__(self, connection: Any) -> None:
        from zoneops.monitoring.models import MonthlyReport, ReportValue

        self.connection = connection
        self.report_table = MonthlyReport._meta.db_table
        self.value_table = ReportValue._meta.db_table

    def reports(self, rows: list[tuple]) -> None:
        self._write(self.report_table, self.REPORT_COLUMNS, rows)

    def values(self, rows: list[tuple]) -> None:
        self._write(self.value_table, self.VALUE_COLUMNS, rows)

    def _write(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        names = ", ".join(columns)
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            marks = ", ".join(["%s"] * len(columns))
            if self.connection.vendor == "sqlite":
                # Django's SQLite adapter stores Decimal as text; the raw driver would refuse it.
                rows = [tuple(str(v) if isinstance(v, Decimal) else v for v in row) for row in rows]
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608

    def reset_sequences(self) -> None:
        if self.connection.vendor != "postgresql":
            return
        with self.connection.cursor() as cursor:
            for table in (self.report_table, self.value_table):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {table}))"
                )


# -- the workbook ------------------------------------------------------------------------------

HEADERS = (
    ("工业总产值", "output_value"),
    ("工业销售产值", "sales_value"),
    ("企业用电量", "electricity"),
)
SUBHEADERS = ("本月", "1—本月累计", "上年同期累计")
TO_FORM_UNIT = {
    "output_value": Decimal(1000),
    "sales_value": Decimal(1000),
    "electricity": Decimal(10_000),
}


def workbook_rows(scale: Scale, period: tuple[int, int]) -> Iterator[list[Any]]:
    """The workbook's data rows for ``period``: 序号, code, name, then per indicator 本月,
    1—本月累计, 上年同期累计 in the form's units (千元, 万千瓦时)."""
    absolute = _absolute(period)
    for index in range(scale.enterprises):
        figures = figures_at(scale, series(scale, index), absolute)
        row: list[Any] = [index + 1, credit_code_of(index), name_of(index)]
        for _, code in HEADERS:
            row.extend(float(v / TO_FORM_UNIT[code]) for v in figures[code][:3])
        yield row


def write_workbook(
    path: Path, scale: Scale, period: tuple[int, int], zone: str = "基准测试开发区"
) -> int:
    """The monthly workbook as the zone's ledgers keep it: a title with the period, a units
    row, a two-row merged header, one row per enterprise and a 合计 row."""
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("规上工业")
    bold = book.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1})
    title = book.add_format({"bold": True, "font_size": 14, "align": "center"})
    last_column = 2 + 3 * len(HEADERS)
    year, month = period
    sheet.merge_range(
        0, 0, 0, last_column, f"{zone}规模以上工业企业主要经济指标（{year}年{month}月）", title
    )
    sheet.write(1, 0, "单位：千元、万千瓦时")
    for column, text in enumerate(("序号", "统一社会信用代码", "企业名称")):
        sheet.merge_range(2, column, 3, column, text, bold)
    for n, (text, _) in enumerate(HEADERS):
        start = 3 + 3 * n
        sheet.merge_range(2, start, 2, start + 2, text, bold)
        for k, sub in enumerate(SUBHEADERS):
            sheet.write(3, start + k, sub, bold)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, 2, 28)
    totals = [0.0] * (3 * len(HEADERS))
    rows = 0
    for rows, row in enumerate(workbook_rows(scale, period), start=1):
        sheet.write_row(3 + rows, 0, row)
        totals = [t + v for t, v in zip(totals, row[3:], strict=True)]
    sheet.write_row(4 + rows, 0, ["", "", "合计", *(round(t, 2) for t in totals)])
    book.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enterprises", type=int, default=5000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--end", default="2024-12", help="last stored month, YYYY-MM")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--workbook", type=Path, help="also write the monthly workbook here")
    parser.add_argument("--period", default="2025-01", help="the workbook's month, after --end")
    parser.add_argument("--migrate", action="store_true", help="migrate the database first")
    args = parser.parse_args()
    setup_django()
    end = tuple(int(x) for x in args.end.split("-"))
    period = tuple(int(x) for x in args.period.split("-"))
    extra = max(0, _absolute(period) - _absolute(end)) if args.workbook else 0
    scale = Scale(args.enterprises, args.years, end, args.seed, extra)  # type: ignore[arg-type]
    if args.migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    generate(scale)
    if args.workbook:
        rows = write_workbook(args.workbook, scale, period)  # type: ignore[arg-type]
        print(f"workbook {args.workbook}: {rows:,} enterprises for {period[0]}-{period[1]:02d}")


if __name__ == "__main__":
    main()
