"""``make bench``: every benchmark against its peers in one run, then a table of times and ratios.

- the monthly import of a 10,000-enterprise workbook (SQLite), against django-import-export and
  a bare calamine read with executemany;
- the dashboard's aggregates over 5,000 enterprises × 10 years, on SQLite and on PostgreSQL,
  against pandas and the bare SQL;
- a full re-match of 100 funding programs against 10,000 enterprises, on SQLite and on
  PostgreSQL, against the naive program × enterprise × rule loop.

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
    "import_vs_bare": 3.0,  # and within 3× of the bare insert
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
                aim = f"≤ {AIMS['import_vs_bare']:.0f}×: {_mark(factor <= AIMS['import_vs_bare'])}"
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
    widths = [max(_width(line[i]) for line in lines) for i in range(5)]
    print()
    for line in lines:
        print("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(line)).rstrip())


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
    parser.add_argument("--keep", action="store_true", help="keep the SQLite files in var/bench")
    parser.add_argument(
        "--import-on-postgres", action="store_true", help="also time the import there"
    )
    args = parser.parse_args()
    if args.quick:
        args.import_enterprises, args.enterprises, args.years = 300, 200, 2
        args.match_enterprises, args.programs = 300, 10
    imports: list[dict[str, Any] | None] = []
    aggregates: list[dict[str, Any] | None] = []
    size = ["--enterprises", str(args.enterprises), "--years", str(args.years)]
    print(f"== monthly import, {args.import_enterprises:,} enterprises, SQLite")
    imports.append(
        bench(
            "bench_import",
            sqlite_url("import.sqlite3"),
            "--enterprises",
            str(args.import_enterprises),
        )
    )
    print(f"== dashboard aggregates, {args.enterprises:,} enterprises × {args.years} years, SQLite")
    aggregates.append(bench("bench_aggregates", sqlite_url("aggregates.sqlite3"), *size))
    if not args.skip_postgres:
        with Postgres() as pg:
            if pg.error:
                print(f"== PostgreSQL not reachable at 127.0.0.1:5432, skipped: {pg.error}")
            else:
                print(
                    f"== dashboard aggregates, {args.enterprises:,} × {args.years} years, "
                    "PostgreSQL"
                )
                aggregates.append(bench("bench_aggregates", PG_URL, *size))
        if args.import_on_postgres and not pg.error:
            with Postgres():
                print(f"== monthly import, {args.import_enterprises:,} enterprises, PostgreSQL")
                imports.append(
                    bench("bench_import", PG_URL, "--enterprises", str(args.import_enterprises))
                )
    matching = ["--enterprises", str(args.match_enterprises), "--programs", str(args.programs)]
    what = f"funding-program matching, {args.programs} programs × {args.match_enterprises:,}"
    print(f"== {what} enterprises, SQLite")
    matches = [bench("bench_matching", sqlite_url("matching.sqlite3"), *matching)]
    if not args.skip_postgres:
        with Postgres() as pg:
            if pg.error:
                print(f"== PostgreSQL not reachable at 127.0.0.1:5432, skipped: {pg.error}")
            else:
                print(f"== {what} enterprises, PostgreSQL")
                matches.append(bench("bench_matching", PG_URL, *matching))
    if not args.keep:
        for name in ("import.sqlite3", "aggregates.sqlite3", "matching.sqlite3"):
            remove_sqlite(name)
    table(imports, aggregates, matches)


if __name__ == "__main__":
    main()
