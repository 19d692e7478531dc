"""Item 9 of issue 14: a large zone generated on PostgreSQL — by default 100,000 enterprises
× 10 years of monthly reports — and on it, in one run:

- the dashboard's breakdown (``monitoring.queries.breakdown``: zone, parks, 大类, chains)
  against pandas and the bare SQL (bench_aggregates' three ways), aim ≤ 200 ms;
- pages as a signed-in zone leader gets them (Django's test client: middleware, queries,
  templates): the dashboard, the ledger's first page with its totals (aim ≤ 300 ms), the
  registry list searched by a name (aim ≤ 100 ms);
- a full re-match of 100 funding programs against every enterprise (aim < 2 s);
- a bounded load test (``--clients`` 64 for ``--seconds`` 60, benchmarks/loadtest.py) on
  loopback against gunicorn as ``make run`` starts it (3 sync workers), over the dashboard,
  the ledger, the registry list and an API list, then against a bare Django view in the same
  server (benchmarks/urls.py): requests per second, p50/p95/p99, errors; aim ≥ 50 % of the
  bare view's throughput and no errors.

    DATABASE_URL=postgres://… python -m benchmarks.bench_scale --enterprises 100000 --years 10
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import ROOT, VAR, setup_django, timed

END = (2024, 12)
SECRET = "bench-scale-" + "k" * 50
# As `make run` starts it (manage.py serve), with room in the listen queue for every client.
GUNICORN = ("--workers", "3", "--timeout", "120", "--backlog", "2048")
AIMS_MS = {"breakdown": 200.0, "ledger": 300.0, "registry": 100.0, "rematch": 2000.0}


def _page(client: Any, url: str) -> Callable[[], int]:
    def get() -> int:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return len(response.content)

    return get


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def load_test(cookie: str, *, clients: int, seconds: float, urls: list[str]) -> dict[str, Any]:
    """gunicorn as `make run` starts it, on this database; the pages, then the bare view."""
    from benchmarks.loadtest import load

    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "SECRET_KEY": SECRET,
        "ZONEOPS_PLAIN_STATIC": "1",
    }
    log = (VAR / "bench-gunicorn.log").open("wb")
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [gunicorn, "zoneops.wsgi:application", "--bind", f"127.0.0.1:{port}", *GUNICORN],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError as exc:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "gunicorn did not start: var/bench/bench-gunicorn.log"
                    ) from exc
                time.sleep(0.3)
        # Every worker warm (imports, connections) before the clock starts.
        load("127.0.0.1", port, [*urls, "/bench/bare/"], cookie=cookie, clients=6, seconds=5)
        pages = load("127.0.0.1", port, urls, cookie=cookie, clients=clients, seconds=seconds)
        bare = load(
            "127.0.0.1", port, ["/bench/bare/"], cookie=cookie, clients=clients, seconds=seconds
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"pages": pages, "bare": bare["all"], "clients": clients, "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--programs", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    os.environ["SECRET_KEY"] = SECRET  # the load test's session is signed as gunicorn checks it
    # Static URLs without collectstatic's manifest (the pages only name the files; the load
    # test fetches none of them).
    os.environ["ZONEOPS_PLAIN_STATIC"] = "1"
    VAR.mkdir(parents=True, exist_ok=True)
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from benchmarks import bench_aggregates as agg
    from benchmarks import bench_matching as matching_bench
    from benchmarks.generate import Scale, generate, name_of

    call_command("migrate", verbosity=0)
    generated = generate(Scale(args.enterprises, args.years, END))
    results: list[dict[str, Any]] = []

    def note(name: str, seconds: float | None, aim: str = "", **extra: Any) -> None:
        shown = "n/a" if seconds is None else f"{seconds * 1000:9.1f} ms"
        print(f"  {name:<52} {shown}", flush=True)
        results.append({"name": name, "seconds": seconds, "aim": aim, **extra})

    # The dashboard's breakdown, three ways (bench_aggregates), on the generated months.
    ctx = agg.Context()
    reference = None
    for name, run in (
        ("zoneops breakdown", agg.run_zoneops_all),
        ("pandas read_sql + groupby", agg.run_pandas),
        ("bare SQL GROUP BY", agg._each(agg.run_sql)),
    ):
        try:
            seconds, numbers = timed(lambda run=run: run(ctx), args.repeat)
        except agg.Unavailable as exc:
            note(name, None, note_text=str(exc))
            continue
        reference = reference or numbers
        note(
            name,
            seconds,
            "breakdown" if name.startswith("zoneops") else "",
            same=agg._close(numbers, reference),
        )

    # Pages as the zone leader gets them.
    client = Client()
    client.force_login(ctx.user)
    probe = name_of(args.enterprises // 2)[4:9]  # "基准" + five digits: one enterprise
    pages = [
        ("page: zone dashboard", "/monitoring/", ""),
        ("page: ledger, first page with totals", "/monitoring/ledger/", "ledger"),
        (f"page: registry searched by name ({probe})", f"/enterprises/?q={probe}", "registry"),
        ("page: registry list, first page", "/enterprises/", ""),
        ("api: enterprises list, first page", "/api/enterprises", ""),
    ]
    for name, url, aim in pages:
        seconds, size = timed(_page(client, url), args.repeat)
        note(name, seconds, aim, bytes=size)

    # A full re-match of the programs (bench_matching's registry details and programs).
    matching_bench._registry_details(2024)
    matching_bench._programs(args.programs, 2024)
    from zoneops.support import queries as support

    seconds, found = timed(
        lambda: support.full_rematch(user=ctx.user, today=matching_bench.TODAY),
        max(1, args.repeat // 2),
    )
    pairs = sum(len(ids) for ids in found.values())
    note(f"full re-match of {args.programs} programs ({pairs:,} pairs)", seconds, "rematch")

    loaded: dict[str, Any] | None = None
    if args.clients > 0 and args.seconds > 0:
        cookie = f"sessionid={client.cookies['sessionid'].value}"
        urls = [url for _name, url, _aim in pages if "?q=" not in url]
        print(f"  load test: {args.clients} clients × {args.seconds:.0f} s …", flush=True)
        loaded = load_test(cookie, clients=args.clients, seconds=args.seconds, urls=urls)
        for url, row in loaded["pages"].items():
            print(f"    {url:<22} {_load_line(row)}")
        print(f"    {'bare Django view':<22} {_load_line(loaded['bare'])}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "database": connection.vendor,
                    **generated,
                    "years": args.years,
                    "results": results,
                    "load": loaded,
                },
                ensure_ascii=False,
            )
        )


def _load_line(row: dict[str, Any]) -> str:
    def ms(value: float | None) -> str:
        return "n/a" if value is None else f"{value * 1000:.0f}"

    return (
        f"{row['requests']:6d} req {row['rps']:7.1f}/s  p50 {ms(row['p50'])} "
        f"p95 {ms(row['p95'])} p99 {ms(row['p99'])} ms  errors {row['errors']}"
    )


if __name__ == "__main__":
    main()
