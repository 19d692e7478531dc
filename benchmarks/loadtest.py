"""A bounded load test on loopback: C concurrent clients for S seconds against a running
server, each client asking for the next of its URLs as soon as the last answered.

One asyncio process plays every client (so the clients cost one core at most, not C
threads); each request opens its own connection, as gunicorn's sync workers close every one.
It reports, per URL and overall: requests, requests per second, p50/p95/p99 and errors (a
status other than 200, a refused or broken connection, a timeout).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

TIMEOUT = 30.0


@dataclass
class Tally:
    times: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[str, int] = field(default_factory=dict)

    def summary(self, seconds: float) -> dict[str, Any]:
        ordered = sorted(self.times)

        def pct(p: float) -> float | None:
            if not ordered:
                return None
            return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

        return {
            "requests": len(ordered),
            "rps": len(ordered) / seconds if seconds else 0.0,
            "p50": statistics.median(ordered) if ordered else None,
            "p95": pct(95),
            "p99": pct(99),
            "errors": self.errors,
            "statuses": self.statuses,
        }


async def _one(host: str, port: int, url: str, cookie: str) -> str:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(
            (
                f"GET {url} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n"
                "Accept-Language: zh-hans\r\nConnection: close\r\n\r\n"
            ).encode()
        )
        await writer.drain()
        data = await reader.read(-1)
    finally:
        writer.close()
    line = data.split(b"\r\n", 1)[0].decode("latin-1")
    return line.split(" ")[1] if " " in line else "broken"


async def _client(
    host: str, port: int, urls: list[str], cookie: str, stop: float, offset: int, tallies: Any
) -> None:
    n = offset
    while time.monotonic() < stop:
        url = urls[n % len(urls)]
        n += 1
        started = time.perf_counter()
        try:
            status = await asyncio.wait_for(_one(host, port, url, cookie), TIMEOUT)
        except (TimeoutError, OSError):
            status = "error"
        elapsed = time.perf_counter() - started
        tally = tallies[url]
        tally.statuses[status] = tally.statuses.get(status, 0) + 1
        if status == "200":
            tally.times.append(elapsed)
        else:
            tally.errors += 1


async def _run(
    host: str, port: int, urls: list[str], cookie: str, clients: int, seconds: float
) -> tuple[dict[str, Tally], float]:
    tallies = {url: Tally() for url in urls}
    started = time.monotonic()
    stop = started + seconds
    await asyncio.gather(
        *(_client(host, port, urls, cookie, stop, i, tallies) for i in range(clients))
    )
    return tallies, time.monotonic() - started


def load(
    host: str, port: int, urls: list[str], *, cookie: str, clients: int, seconds: float
) -> dict[str, Any]:
    """Per URL and "all": the :meth:`Tally.summary` of the run."""
    tallies, elapsed = asyncio.run(_run(host, port, urls, cookie, clients, seconds))
    every = Tally()
    for tally in tallies.values():
        every.times.extend(tally.times)
        every.errors += tally.errors
        for status, count in tally.statuses.items():
            every.statuses[status] = every.statuses.get(status, 0) + count
    out = {url: tally.summary(elapsed) for url, tally in tallies.items()}
    out["all"] = every.summary(elapsed)
    return out
