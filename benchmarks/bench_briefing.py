"""The monthly briefing (issue 17): the whole Word document for the zone for one month,
against its peers in the same run on the same data:

- ZoneOps: the briefing as ``manage.py briefing`` writes it (every figure gathered from the
  modules' public functions, the paragraphs written, the tables, two charts drawn, the .docx
  saved), and its two halves timed apart: the figures (``content.gather``) and the document
  from them (``document.write``);
- the leaders' overview tile of the same month (``monitoring.public.economy_overview``): what
  the leader's page already pays for the economy's headline;
- python-docx alone: a document of the same paragraphs and tables, no fonts, no charts (what
  writing the file costs at all).

Aim (issue 17): the zone's briefing at the demo's size ≤ 5 s; at 5,000 enterprises, reported.

    DATABASE_URL=... python -m benchmarks.bench_briefing --enterprises 5000 --years 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

from benchmarks import setup_django, timed
from benchmarks.generate import Scale, generate

END = (2024, 11)
TODAY = dt.date(2024, 12, 6)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enterprises", type=int, default=5000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    generated = generate(Scale(args.enterprises, args.years, END))

    from docx import Document as bare_document

    from zoneops.briefing import content, document
    from zoneops.briefing.services import place_reader
    from zoneops.monitoring import public as monitoring

    user = place_reader()
    year, month = END
    place = content.Place(park=None, name="全区")

    def facts() -> dict[str, Any]:
        return content.gather(
            user=user, year=year, month=month, span="month", place=place, today=TODAY
        )

    gathered = facts()
    snapshot = content.snapshot(
        facts=gathered,
        texts=content.draft_texts(gathered),
        next_steps="一是……",
        number=1,
        version=0,
        issued_on=TODAY,
    )

    def whole() -> int:
        found = facts()
        out = io.BytesIO()
        document.write(
            content.snapshot(
                facts=found,
                texts=content.draft_texts(found),
                next_steps="一是……",
                number=1,
                version=0,
                issued_on=TODAY,
            ),
            out,
        )
        return len(out.getvalue())

    def written() -> int:
        out = io.BytesIO()
        document.write(snapshot, out)
        return len(out.getvalue())

    def bare() -> int:
        doc = bare_document()
        for text in snapshot["texts"].values():
            doc.add_paragraph(text)
        for rows in (
            document.indicator_rows(gathered),
            document.share_rows(gathered["economy"]["parks"]),
        ):
            table = doc.add_table(rows=0, cols=len(rows[0]) if rows else 1)
            for row in rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=False):
                    cell.text = value
        out = io.BytesIO()
        doc.save(out)
        return len(out.getvalue())

    seconds, size = timed(whole, args.repeat)
    gather_s, _ = timed(facts, args.repeat)
    write_s, _ = timed(written, args.repeat)
    overview_s, _ = timed(
        lambda: monitoring.economy_overview(user=user, year=year, month=month), args.repeat
    )
    bare_s, _ = timed(bare, args.repeat)
    results = [
        {"name": "zoneops briefing, whole (figures + document)", "seconds": seconds, "bytes": size},
        {"name": "  of which: the figures (content.gather)", "seconds": gather_s},
        {"name": "  of which: the document (document.write)", "seconds": write_s},
        {"name": "peer: the overview's economy tile", "seconds": overview_s},
        {"name": "peer: python-docx alone, same text, no charts", "seconds": bare_s},
    ]
    print(
        f"  {args.enterprises:,} enterprises, {generated['reports']:,} reports: "
        f"the zone's briefing for {year}-{month:02d}, {size:,} bytes"
    )
    for row in results:
        print(f"  {row['name']:<50} {row['seconds'] * 1000:9.1f} ms")
    print(
        f"  whole / overview tile: {seconds / overview_s:.1f}×; "
        f"document / bare python-docx: {write_s / bare_s:.1f}×; aim ≤ 5 s: "
        f"{'met' if seconds <= 5 else 'not met'}"
    )
    if args.json:
        args.json.write_text(json.dumps({"generated": generated, "results": results}))


if __name__ == "__main__":
    main()
