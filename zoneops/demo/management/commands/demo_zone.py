"""Build the demo zone (see zoneops/demo/): parks, enterprises, chains and demo accounts.

Runs only on a database without a zone; on any other it says so and changes nothing, so
`make run` can call it every time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
import unicodedata
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zoneops.demo.builder import DEMO_PASSWORD, Summary, build


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--today expects a date as YYYY-MM-DD, got {text!r}"
        ) from None


class Command(BaseCommand):
    help = "Build a realistic, deterministic demo zone on an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=2024, help="same seed, same zone (default 2024)"
        )
        parser.add_argument(
            "--registry-only",
            action="store_true",
            help="only the organisation, people, enterprises and chains (no monthly ledgers)",
        )
        parser.add_argument(
            "--today",
            type=_day,
            default=None,
            metavar="YYYY-MM-DD",
            help="the day the demo stands on (default: today); its data runs up to the month "
            "before, so the same seed and day give the same zone",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        today = options["today"]
        if isinstance(today, str):  # call_command(today="…") passes the text unparsed
            today = _day(today)
        summary = build(
            options["seed"],
            self.stdout,
            registry_only=options["registry_only"],
            today=today,
        )
        if summary.already_present:
            self.stdout.write("demo zone already present: nothing changed")
            return
        self._report(summary, time.monotonic() - started)

    def _report(self, summary: Summary, seconds: float) -> None:
        c = summary.counts
        self.stdout.write(
            f"Demo zone {summary.zone} (seed {summary.seed}, as of {summary.today}) "
            f"built in {seconds:.1f} s:\n"
            f"  {c['parks']} parks, {c['areas']} areas, {c['departments']} departments, "
            f"{c['banks']} banks, {c['users']} users\n"
            f"  {c['enterprises']} enterprises ({c['above_scale']} above designated size), "
            f"{c['contacts']} contacts\n"
            f"  {c['chains']} chains, {c['chain_nodes']} nodes, "
            f"{c['chain_members']} member enterprises"
        )
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        rows = [("username", "name", "role", "scope")] + [
            (login.username, login.full_name, login.role, login.scope) for login in summary.logins
        ]
        widths = [max(_width(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            cells = [_pad(cell, widths[i]) for i, cell in enumerate(row[:3])]
            self.stdout.write("  " + "  ".join([*cells, row[3]]))
