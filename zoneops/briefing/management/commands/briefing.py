"""``manage.py briefing --period 2026-11 [--park CODE] [--span quarter] --out FILE.docx``: the
monthly briefing as Word, from the command line.

It writes the draft as it stands (the figures of today, the paragraphs an officer edited if a
draft of that period and place exists, the others generated), or with ``--issued`` the newest
issued version exactly as it was issued. It reads as the briefing's place
(``services.place_reader``), as the pages do.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Max
from django.utils import timezone

from zoneops.briefing import content, document
from zoneops.briefing.models import Briefing, Span
from zoneops.briefing.services import place_of, place_reader
from zoneops.core.models import Park


def next_number(year: int, park: Park | None) -> int:
    taken = Briefing.objects.filter(year=year, park=park).aggregate(n=Max("number"))["n"]
    return (taken or 0) + 1


class Command(BaseCommand):
    help = "Write the monthly economic briefing (经济运行简报) as a Word document."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period", required=True, help="YYYY-MM: the month (for a quarter, its last month)"
        )
        parser.add_argument(
            "--park", default="", help="a park's division code (统计区划代码); the zone if omitted"
        )
        parser.add_argument("--span", default=Span.MONTH, choices=Span.values)
        parser.add_argument(
            "--issued", action="store_true", help="the newest issued version instead of the draft"
        )
        parser.add_argument("--out", required=True, help="the .docx file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        found = re.fullmatch(r"(\d{4})-(\d{2})", options["period"])
        if not found or not 1 <= int(found.group(2)) <= 12:
            raise CommandError(f"--period: expected YYYY-MM, got {options['period']!r}")
        year, month = int(found.group(1)), int(found.group(2))
        span = options["span"]
        if span == Span.QUARTER and month % 3:
            raise CommandError(
                "--span quarter: the period must be the quarter's last month (03, 06, 09, 12)"
            )
        park = None
        if options["park"]:
            park = Park.objects.filter(division_code=options["park"]).first()
            if park is None:
                codes = ", ".join(Park.objects.values_list("division_code", flat=True))
                raise CommandError(
                    f"--park: no park with code {options['park']!r} (parks: {codes})"
                )
        draft = Briefing.objects.filter(year=year, month=month, span=span, park=park).first()
        if options["issued"]:
            version = draft.versions.order_by("-version").first() if draft else None
            if version is None:
                raise CommandError("no issued version of that briefing")
            snapshot = dict(version.snapshot)
        else:
            today = timezone.localdate()
            facts = content.gather(
                user=place_reader(),
                year=year,
                month=month,
                span=span,
                place=place_of(park),
                today=today,
            )
            if facts["economy"] is None:
                raise CommandError(f"{year}-{month:02d} has no approved monthly reports")
            snapshot = content.snapshot(
                facts=facts,
                texts=content.texts_for(facts, draft.texts if draft else {}),
                next_steps=draft.next_steps if draft else "",
                number=draft.number if draft else next_number(year, park),
                version=0,
                issued_on=today,
            )
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("wb") as handle:
            document.write(snapshot, handle)
        self.stdout.write(f"{out} ({out.stat().st_size:,} bytes)")
