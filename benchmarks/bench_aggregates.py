"""The zone dashboard's aggregates over N enterprises × Y years of monthly reports, three ways,
on the same database:

- ZoneOps: ``zoneops.monitoring.queries.breakdown(...)`` for the zone, by park, by 大类 and by
  chain at once, as the dashboard asks (year to date, same-set growth inputs, enterprise
  counts) of the latest month; each grouping alone (``aggregates``, as the API answers) is
  printed below it;
- pandas: ``read_sql`` of the month's approved rows, then the same four ``groupby`` sums;
- bare SQL: one ``GROUP BY`` query per grouping through the driver.

Each is run once to warm up, then timed ``--repeat`` times (the median counts); all three must
give the same numbers.

    DATABASE_URL=... python -m benchmarks.bench_aggregates --enterprises 5000 --years 10
"""

from __future__ import annotations

import argparse
import json
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import setup_django, timed
from benchmarks.generate import Scale, generate

GROUPINGS = ("zone", "park", "industry", "chain")
END = (2024, 12)
Numbers = dict[str, dict[str, tuple[float, float, float, int]]]  # by -> key -> sums


class Unavailable(Exception):
    pass


class Context:
    def __init__(self) -> None:
        from django.db import connection

        from zoneops.core.models import User
        from zoneops.monitoring.models import Indicator, ReportingPeriod

        self.connection = connection
        self.user = User.objects.get(username="bench")
        self.period = ReportingPeriod.objects.get(year=END[0], month=END[1])
        self.indicator = Indicator.objects.get(code="output_value")
        self.vendor = connection.vendor
        tables = _tables()
        self.sql = {by: _group_sql(by, tables) for by in GROUPINGS}
        self.rows_sql = _rows_sql(tables)
        self.membership_sql = f"SELECT enterprise_id, chain_id FROM {tables['membership']}"  # noqa: S608
        self.params = [self.indicator.pk, self.period.pk]


def _tables() -> dict[str, str]:
    from zoneops.enterprises.models import ChainMembership, Enterprise, Industry
    from zoneops.monitoring.models import MonthlyReport, ReportValue

    return {
        "value": ReportValue._meta.db_table,
        "report": MonthlyReport._meta.db_table,
        "enterprise": Enterprise._meta.db_table,
        "industry": Industry._meta.db_table,
        "membership": ChainMembership._meta.db_table,
    }


SAME = "v.last_ytd_value IS NOT NULL AND v.ytd_value IS NOT NULL"


def _group_sql(by: str, t: dict[str, str]) -> str:
    key, joins = {
        "zone": ("'zone'", ""),
        "park": ("e.park_id", ""),
        "industry": ("substr(i.code, 1, 2)", f"JOIN {t['industry']} i ON i.id = e.industry_id"),
        "chain": ("m.chain_id", f"JOIN {t['membership']} m ON m.enterprise_id = e.id"),
    }[by]
    group = "" if by == "zone" else f"GROUP BY {key}"
    return (
        f"SELECT {key}, SUM(v.ytd_value), SUM(CASE WHEN {SAME} THEN v.ytd_value END), "  # noqa: S608
        f"SUM(CASE WHEN {SAME} THEN v.last_ytd_value END), COUNT(DISTINCT r.enterprise_id) "
        f"FROM {t['value']} v JOIN {t['report']} r ON r.id = v.report_id "
        f"JOIN {t['enterprise']} e ON e.id = r.enterprise_id {joins} "
        f"WHERE v.indicator_id = %s AND r.period_id = %s AND r.status = 'approved' {group}"
    )


def _rows_sql(t: dict[str, str]) -> str:
    return (
        "SELECT r.enterprise_id, e.park_id, substr(i.code, 1, 2) AS industry, "  # noqa: S608
        "v.ytd_value, v.last_ytd_value "
        f"FROM {t['value']} v JOIN {t['report']} r ON r.id = v.report_id "
        f"JOIN {t['enterprise']} e ON e.id = r.enterprise_id "
        f"JOIN {t['industry']} i ON i.id = e.industry_id "
        "WHERE v.indicator_id = %s AND r.period_id = %s AND r.status = 'approved'"
    )


def _numbers(row: tuple[Any, ...]) -> tuple[float, float, float, int]:
    return (float(row[0] or 0), float(row[1] or 0), float(row[2] or 0), int(row[3]))


# -- the three ---------------------------------------------------------------------------------


def _zoneops_numbers(groups: list[Any]) -> dict[str, tuple[float, float, float, int]]:
    return {g.key: _numbers((g.ytd, g.ytd_same, g.last_ytd, g.enterprises)) for g in groups}


def run_zoneops(ctx: Context, by: str) -> dict[str, tuple[float, float, float, int]]:
    """One grouping, as the API answers it."""
    try:
        from zoneops.monitoring.queries import aggregates
    except ImportError as exc:
        raise Unavailable("zoneops.monitoring.queries.aggregates is not available yet") from exc
    groups = aggregates(user=ctx.user, period=ctx.period, indicator=ctx.indicator, by=by)
    return _zoneops_numbers(groups)


def run_zoneops_all(ctx: Context) -> Numbers:
    """The four groupings at once, as the dashboard asks for them (``queries.breakdown``)."""
    try:
        from zoneops.monitoring.queries import breakdown
    except ImportError:
        return _each(run_zoneops)(ctx)
    found = breakdown(user=ctx.user, period=ctx.period, indicator=ctx.indicator, by=GROUPINGS)
    return {by: _zoneops_numbers(groups) for by, groups in found.items()}


def run_sql(ctx: Context, by: str) -> dict[str, tuple[float, float, float, int]]:
    with ctx.connection.cursor() as cursor:
        cursor.execute(ctx.sql[by], ctx.params)
        return {str(row[0]): _numbers(row[1:]) for row in cursor.fetchall()}


def run_pandas(ctx: Context) -> Numbers:
    try:
        import pandas as pd
    except ImportError as exc:
        raise Unavailable("pandas is not installed (make bench-deps)") from exc
    ctx.connection.ensure_connection()
    raw = ctx.connection.connection
    mark = "?" if ctx.vendor == "sqlite" else "%s"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # pandas prefers SQLAlchemy; DBAPI works
        rows = pd.read_sql(ctx.rows_sql.replace("%s", mark), raw, params=ctx.params)
        members = pd.read_sql(ctx.membership_sql, raw)
    rows["ytd_value"] = rows["ytd_value"].astype(float)
    rows["last_ytd_value"] = rows["last_ytd_value"].astype(float)
    same = rows["ytd_value"].notna() & rows["last_ytd_value"].notna()
    rows["ytd_same"] = rows["ytd_value"].where(same)
    rows["last_same"] = rows["last_ytd_value"].where(same)
    rows["zone"] = "zone"
    by_key = {"zone": rows, "park": rows, "industry": rows, "chain": rows.merge(members)}
    columns = {"zone": "zone", "park": "park_id", "industry": "industry", "chain": "chain_id"}
    out: Numbers = {}
    for by in GROUPINGS:
        grouped = (
            by_key[by]
            .groupby(columns[by])
            .agg(
                ytd=("ytd_value", "sum"),
                ytd_same=("ytd_same", "sum"),
                last=("last_same", "sum"),
                n=("enterprise_id", "nunique"),
            )
        )
        out[by] = {
            str(key): _numbers(tuple(values))
            for key, values in zip(grouped.index, grouped.itertuples(index=False), strict=True)
        }
    return out


def _each(run: Callable[[Context, str], dict[str, Any]]) -> Callable[[Context], Numbers]:
    return lambda ctx: {by: run(ctx, by) for by in GROUPINGS}


def _close(a: Numbers, b: Numbers) -> bool:
    if a.keys() != b.keys():
        return False
    for by in a:
        if a[by].keys() != b[by].keys():
            return False
        for key, numbers in a[by].items():
            for x, y in zip(numbers, b[by][key], strict=True):
                if abs(x - y) > 1e-9 * max(abs(x), abs(y), 1):
                    return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enterprises", type=int, default=5000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    generated = generate(Scale(args.enterprises, args.years, END))
    ctx = Context()
    results: list[dict[str, Any]] = []
    reference: Numbers | None = None
    runs: list[tuple[str, Callable[[Context], Numbers]]] = [
        ("zoneops breakdown", run_zoneops_all),
        ("pandas read_sql + groupby", run_pandas),
        ("bare SQL GROUP BY", _each(run_sql)),
    ]
    for name, run in runs:
        try:
            seconds, numbers = timed(lambda run=run: run(ctx), args.repeat)
        except Unavailable as exc:
            print(f"  {name:<28} not available: {exc}")
            results.append({"name": name, "seconds": None, "note": str(exc)})
            continue
        reference = reference or numbers
        same = _close(numbers, reference)
        groups = sum(len(v) for v in numbers.values())
        print(
            f"  {name:<28} {seconds * 1000:9.1f} ms  ({len(GROUPINGS)} groupings, {groups} groups)"
            + ("" if same else "   DIFFERENT NUMBERS")
        )
        results.append({"name": name, "seconds": seconds, "same": same})
        if name.startswith("zoneops"):
            for by in GROUPINGS:
                each, _ = timed(lambda by=by: run_zoneops(ctx, by), args.repeat)
                print(f"      by {by:<10} {each * 1000:9.1f} ms")
    if args.json:
        args.json.write_text(
            json.dumps(
                {"database": ctx.vendor, **generated, "results": results}, ensure_ascii=False
            )
        )


if __name__ == "__main__":
    main()
