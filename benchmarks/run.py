"""``make bench``: every benchmark against its peers in one run, then a table of times and ratios.

- the monthly import of a 10,000-enterprise workbook (SQLite), against django-import-export and
  a bare calamine read with executemany;
- the dashboard's aggregates over 5,000 enterprises × 10 years, on SQLite and on PostgreSQL,
  against pandas and the bare SQL;
- a full re-match of 100 funding programs against 10,000 enterprises, on SQLite and on
  PostgreSQL, against the naive program × enterprise × rule loop;
- the import through the job path (kept, checked, confirmed, written) beside the direct one;
  against the bare insert the import is judged on PostgreSQL (≤ 3×) and tracked on SQLite
  (≤ 8×);
- a large zone on PostgreSQL (``--scale-enterprises`` 100,000 × ``--scale-years`` 10): the
  dashboard's breakdown against pandas and the bare SQL, the ledger's first page, the registry
  searched by name, a re-match of 100 programs, and a load test of 64 clients for 60 s under
  gunicorn against the pages and a bare Django view (bench_scale.py, loadtest.py);
- a 50 MB CSV of 300,000 rows through the job path and a real worker: its outcome and the
  worker's peak memory, aim ≤ 1 GB (bench_memory.py).

Each benchmark runs in its own process with its own database: a SQLite file under var/bench/
(recreated), and the PostgreSQL database ``zoneops_bench`` at 127.0.0.1:5432 (user postgres),
created before and dropped after. ``--quick`` runs small sizes, to check the harness itself.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PG_SERVER = "host=127.0.0.1 port=5432 user=postgres"
PG_DATABASE = "zoneops_bench"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
AIMS = {
    "import_vs_import_export": 20.0,  # the import at least 20× faster than django-import-export
    "import_vs_bare": 3.0,  # and within 3× of the bare insert, judged on PostgreSQL
    "import_vs_bare_sqlite": 8.0,  # tracked on SQLite
    "job_path_vs_direct": 1.10,  # the job path's write at most 10 % slower than the direct import
    "breakdown_ms": 200.0,  # the large zone's dashboard breakdown
    "ledger_ms": 300.0,  # the ledger's first page with its totals
    "registry_ms": 100.0,  # the registry searched by name
    "scale_rematch_s": 2.0,  # 100 programs against the large zone
    "load_vs_bare": 0.5,  # the pages' throughput at least half the bare view's
    "memory_mb": 1024.0,  # the 50 MB CSV's worker peak
    "aggregates_ms": 100.0,  # the dashboard's aggregates under 100 ms
    "rematch_s": 1.0,  # a full re-match of 100 programs × 10,000 enterprises under 1 s
}


def sqlite_url(name: str) -> str:
    VAR.mkdir(parents=True, exist_ok=True)
    remove_sqlite(name)
    return f"sqlite:///{VAR / name}"


def remove_sqlite(name: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        (VAR / f"{name}{suffix}").unlink(missing_ok=True)


class Postgres:
    """The benchmark's own PostgreSQL database: created on entry, dropped on exit."""

    def __init__(self) -> None:
        self.error = ""

    def __enter__(self) -> Postgres:
        try:
            self._execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            self._execute(f"CREATE DATABASE {PG_DATABASE}")
        except Exception as exc:  # any failure means "no PostgreSQL here"
            self.error = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.error:
            self._execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")

    @staticmethod
    def _execute(sql: str) -> None:
        import psycopg

        with psycopg.connect(
            f"{PG_SERVER} dbname=postgres", autocommit=True, connect_timeout=5
        ) as c:
            c.execute(sql)  # type: ignore[arg-type]


def bench(module: str, database_url: str, *args: str) -> dict[str, Any] | None:
    """Run one benchmark module in its own process; its lines go straight to the terminal."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "zoneops.settings",
        }
        command = [sys.executable, "-m", f"benchmarks.{module}", *args, "--json", str(out)]
        done = subprocess.run(command, cwd=ROOT, env=env, check=False)  # noqa: S603
        if done.returncode != 0 or not out.exists():
            print(f"  {module} failed (exit status {done.returncode})")
            return None
        # Kept beside the databases, so a run's figures outlive its table.
        kept = VAR / f"result-{module}-{database_url.split(':', 1)[0]}.json"
        kept.write_text(out.read_text())
        return json.loads(out.read_text())


def _seconds(result: dict[str, Any] | None, prefix: str) -> float | None:
    for row in (result or {}).get("results", []):
        if row["name"].startswith(prefix):
            return row["seconds"]
    return None


def _time(seconds: float | None, unit: str) -> str:
    if seconds is None:
        return "n/a"
    return f"{seconds * 1000:.1f} ms" if unit == "ms" else f"{seconds:.2f} s"


def _mark(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def table(
    imports: list[dict[str, Any] | None],
    aggregates: list[dict[str, Any] | None],
    matches: list[dict[str, Any] | None] | None = None,
    scale: dict[str, Any] | None = None,
    memory: dict[str, Any] | None = None,
) -> None:
    lines = [("benchmark", "database", "time", "ratio", "aim")]
    for result in filter(None, imports):
        db = result["database"]
        ours = _seconds(result, "zoneops")
        lines.append((f"import {result['rows']:,} enterprises, one month", "", "", "", ""))
        for row in result["results"]:
            name, seconds = row["name"], row["seconds"]
            ratio = aim = ""
            if seconds is None:
                ratio = "not available yet" if name.startswith("zoneops") else "not available"
            elif name.startswith("django-import-export") and ours:
                factor = seconds / ours
                ratio = f"{factor:.1f}× the time of zoneops"
                limit = AIMS["import_vs_import_export"]
                aim = f"≥ {limit:.0f}×: {_mark(factor >= limit)}"
            elif name.startswith("calamine") and ours:
                factor = ours / seconds
                ratio = f"zoneops takes {factor:.1f}× its time"
                if db == "postgresql":
                    limit = AIMS["import_vs_bare"]
                    aim = f"≤ {limit:.0f}× (judged): {_mark(factor <= limit)}"
                else:
                    limit = AIMS["import_vs_bare_sqlite"]
                    aim = f"≤ {limit:.0f}× (tracked): {_mark(factor <= limit)}"
            elif name.startswith("zoneops job path") and ours:
                factor = seconds / ours
                ratio = f"{factor:.2f}× the direct import"
                if "write step" in name:
                    limit = AIMS["job_path_vs_direct"]
                    aim = f"≤ {limit:.2f}×: {_mark(factor <= limit)}"
                else:
                    ratio += " (with the preview's check)"
            lines.append((f"  {name}", db, _time(seconds, "s"), ratio, aim))
    for result in filter(None, aggregates):
        db = result["database"]
        ours = _seconds(result, "zoneops")
        lines.append(
            (
                f"dashboard aggregates, {result['enterprises']:,} enterprises, "
                f"{result['values']:,} values",
                "",
                "",
                "",
                "",
            )
        )
        for row in result["results"]:
            name, seconds = row["name"], row["seconds"]
            ratio = aim = ""
            if seconds is None:
                ratio = "not available yet" if name.startswith("zoneops") else "not available"
            elif name.startswith("zoneops"):
                limit = AIMS["aggregates_ms"]
                aim = f"< {limit:.0f} ms: {_mark(seconds * 1000 < limit)}"
            elif ours:
                factor = seconds / ours
                ratio = f"{factor:.2f}× the time of zoneops"
                if name.startswith("pandas"):
                    aim = f"slower than zoneops: {_mark(factor > 1)}"
            if row.get("same") is False:
                ratio += " (different numbers!)"
            lines.append((f"  {name}", db, _time(seconds, "ms"), ratio, aim))
    for result in filter(None, matches or []):
        lines.append(
            (
                f"funding-program matching, {result['programs']} programs × "
                f"{result['enterprises']:,} enterprises, {result['pairs']:,} eligible pairs",
                "",
                "",
                "",
                "",
            )
        )
        ours = _seconds(result, "zoneops")
        for row in result["results"]:
            name, seconds = row["name"], row["seconds"]
            ratio = aim = ""
            if name.startswith("zoneops"):
                limit = AIMS["rematch_s"]
                aim = f"< {limit:.0f} s: {_mark(seconds < limit)}"
            elif name.startswith("naive") and ours:
                ratio = f"{seconds / ours:.2f}× the time of zoneops"
            if row.get("same") is False:
                ratio += " (different results!)"
            lines.append((f"  {name}", result["database"], _time(seconds, "ms"), ratio, aim))
    lines.extend(_scale_lines(scale))
    lines.extend(_memory_lines(memory))
    widths = [max(_width(line[i]) for line in lines) for i in range(5)]
    print()
    for line in lines:
        print("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(line)).rstrip())


SCALE_AIMS = {
    "breakdown": ("breakdown_ms", "ms"),
    "ledger": ("ledger_ms", "ms"),
    "registry": ("registry_ms", "ms"),
    "rematch": ("scale_rematch_s", "s"),
}


def _scale_lines(result: dict[str, Any] | None) -> list[tuple[str, str, str, str, str]]:
    if not result:
        return []
    db = result["database"]
    lines = [
        (
            f"large zone, {result['enterprises']:,} enterprises × {result['years']} years, "
            f"{result['values']:,} values",
            "",
            "",
            "",
            "",
        )
    ]
    rows = result["results"]
    ours = next((r["seconds"] for r in rows if r["name"].startswith("zoneops")), None)
    for row in rows:
        name, seconds, aim_key = row["name"], row["seconds"], row.get("aim", "")
        ratio = aim = ""
        if seconds is not None and aim_key in SCALE_AIMS:
            key, unit = SCALE_AIMS[aim_key]
            limit = AIMS[key]
            value = seconds * 1000 if unit == "ms" else seconds
            aim = f"≤ {limit:g} {unit}: {_mark(value <= limit)}"
        if seconds is not None and ours and name.startswith(("pandas", "bare SQL")):
            factor = seconds / ours
            ratio = f"{factor:.2f}× the time of zoneops"
            aim = f"slower than zoneops: {_mark(factor > 1)}"
        if row.get("same") is False:
            ratio += " (different numbers!)"
        lines.append((f"  {name}", db, _time(seconds, "ms"), ratio, aim))
    load = result.get("load")
    if load:
        bare = load["bare"]
        lines.append(
            (
                f"load test, {load['clients']} clients × {load['seconds']:.0f} s, "
                "gunicorn with 3 workers",
                "",
                "",
                "",
                "",
            )
        )
        for url, row in load["pages"].items():
            lines.append((f"  {url}", db, _load_cell(row), "", ""))
        pages = load["pages"]["all"]
        share = pages["rps"] / bare["rps"] if bare["rps"] else 0.0
        limit = AIMS["load_vs_bare"]
        lines.append(
            (
                "  bare Django view, same server",
                db,
                _load_cell(bare),
                f"pages at {share:.0%} of its throughput",
                f"≥ {limit:.0%}: {_mark(share >= limit)}; errors 0: "
                f"{_mark(pages['errors'] == 0 and bare['errors'] == 0)}",
            )
        )
    return lines


def _load_cell(row: dict[str, Any]) -> str:
    def ms(value: float | None) -> str:
        return "n/a" if value is None else f"{value * 1000:.0f}"

    return (
        f"{row['rps']:.1f} req/s, p50/p95/p99 {ms(row['p50'])}/{ms(row['p95'])}/"
        f"{ms(row['p99'])} ms, {row['errors']} errors"
    )


def _memory_lines(result: dict[str, Any] | None) -> list[tuple[str, str, str, str, str]]:
    if not result:
        return []
    lines = [("a large CSV through the job path and a real worker", "", "", "", "")]
    for row in result["results"]:
        limit = AIMS["memory_mb"]
        lines.append(
            (
                f"  {row['file_rows']:,} rows, {row['file_mb']} MB: {row['status']}",
                result["database"],
                _time(row["seconds"], "s"),
                f"worker peak {row['peak_mb']:.0f} MB",
                f"≤ {limit:.0f} MB: {_mark(row['peak_mb'] <= limit)}",
            )
        )
    return lines


def _width(text: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: check the harness")
    parser.add_argument("--import-enterprises", type=int, default=10_000)
    parser.add_argument("--enterprises", type=int, default=5000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--match-enterprises", type=int, default=10_000)
    parser.add_argument("--programs", type=int, default=100)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-aggregates", action="store_true")
    parser.add_argument("--skip-matching", action="store_true")
    parser.add_argument(
        "--no-import-export", action="store_true", help="time the import without that peer"
    )
    parser.add_argument("--keep", action="store_true", help="keep the SQLite files in var/bench")
    parser.add_argument(
        "--skip-import-postgres", action="store_true", help="time the import on SQLite only"
    )
    parser.add_argument("--scale-enterprises", type=int, default=100_000)
    parser.add_argument("--scale-years", type=int, default=10)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--load-seconds", type=float, default=60.0)
    parser.add_argument("--skip-scale", action="store_true", help="no large zone, no load test")
    parser.add_argument("--memory-rows", type=int, default=300_000)
    parser.add_argument("--memory-mb", type=float, default=50.0)
    parser.add_argument("--memory-finish-rows", type=int, default=10_000)
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--briefing-enterprises", type=int, default=5000)
    parser.add_argument("--skip-briefing", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.import_enterprises, args.enterprises, args.years = 300, 200, 2
        args.match_enterprises, args.programs = 300, 10
        args.scale_enterprises, args.scale_years = 500, 2
        args.clients, args.load_seconds = 8, 5.0
        args.memory_rows, args.memory_mb, args.memory_finish_rows = 3000, 0.5, 200
        args.briefing_enterprises = 165
    imports: list[dict[str, Any] | None] = []
    aggregates: list[dict[str, Any] | None] = []
    size = ["--enterprises", str(args.enterprises), "--years", str(args.years)]
    print(f"== monthly import, {args.import_enterprises:,} enterprises, SQLite")
    peers = ["--no-import-export"] if args.no_import_export else []
    imports.append(
        bench(
            "bench_import",
            sqlite_url("import.sqlite3"),
            "--enterprises",
            str(args.import_enterprises),
            *peers,
        )
    )
    if not args.skip_aggregates:
        print(f"== dashboard aggregates, {args.enterprises:,} × {args.years} years, SQLite")
        aggregates.append(bench("bench_aggregates", sqlite_url("aggregates.sqlite3"), *size))
    if not args.skip_postgres:
        with Postgres() as pg:
            if pg.error:
                print(f"== PostgreSQL not reachable at 127.0.0.1:5432, skipped: {pg.error}")
            elif not args.skip_aggregates:
                print(
                    f"== dashboard aggregates, {args.enterprises:,} × {args.years} years, "
                    "PostgreSQL"
                )
                aggregates.append(bench("bench_aggregates", PG_URL, *size))
        if not args.skip_import_postgres and not pg.error:
            with Postgres():
                print(f"== monthly import, {args.import_enterprises:,} enterprises, PostgreSQL")
                imports.append(
                    bench(
                        "bench_import",
                        PG_URL,
                        *("--enterprises", str(args.import_enterprises), *peers),
                    )
                )
    matching = ["--enterprises", str(args.match_enterprises), "--programs", str(args.programs)]
    what = f"funding-program matching, {args.programs} programs × {args.match_enterprises:,}"
    matches: list[dict[str, Any] | None] = []
    if not args.skip_matching:
        print(f"== {what} enterprises, SQLite")
        matches.append(bench("bench_matching", sqlite_url("matching.sqlite3"), *matching))
    if not args.skip_postgres and not args.skip_matching:
        with Postgres() as pg:
            if pg.error:
                print(f"== PostgreSQL not reachable at 127.0.0.1:5432, skipped: {pg.error}")
            else:
                print(f"== {what} enterprises, PostgreSQL")
                matches.append(bench("bench_matching", PG_URL, *matching))
    scale = None
    if not args.skip_postgres and not args.skip_scale:
        with Postgres() as pg:
            if pg.error:
                print(f"== PostgreSQL not reachable at 127.0.0.1:5432, skipped: {pg.error}")
            else:
                print(
                    f"== large zone, {args.scale_enterprises:,} enterprises × "
                    f"{args.scale_years} years, PostgreSQL; load test {args.clients} clients × "
                    f"{args.load_seconds:.0f} s"
                )
                scale = bench(
                    "bench_scale",
                    PG_URL,
                    *("--enterprises", str(args.scale_enterprises)),
                    *("--years", str(args.scale_years)),
                    *("--clients", str(args.clients), "--seconds", str(args.load_seconds)),
                )
    memory = None
    if not args.skip_memory:
        print(f"== {args.memory_mb:g} MB CSV of {args.memory_rows:,} rows through a worker, SQLite")
        memory = bench(
            "bench_memory",
            sqlite_url("memory.sqlite3"),
            *("--rows", str(args.memory_rows), "--mb", str(args.memory_mb)),
            *("--finish-rows", str(args.memory_finish_rows)),
        )
    if not args.skip_briefing:
        # The demo's size (165 enterprises) and the 5,000: its lines say the ratios.
        for enterprises in sorted({165, args.briefing_enterprises}):
            print(f"== the zone's monthly briefing in Word, {enterprises:,} enterprises, SQLite")
            remove_sqlite("briefing.sqlite3")
            bench(
                "bench_briefing",
                sqlite_url("briefing.sqlite3"),
                *("--enterprises", str(enterprises), "--years", "3"),
            )
    if not args.keep:
        for name in (
            "import.sqlite3",
            "aggregates.sqlite3",
            "matching.sqlite3",
            "memory.sqlite3",
            "briefing.sqlite3",
        ):
            remove_sqlite(name)
    table(imports, aggregates, matches, scale, memory)


if __name__ == "__main__":
    main()
