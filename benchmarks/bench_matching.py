"""Matching funding programs to enterprises: a full re-match of P programs against N
enterprises (issue 5: 100 × 10,000, aim under one second), two ways on the same data:

- ZoneOps: ``zoneops.support.queries.full_rematch`` — the enterprises' profiles from the
  database (registry, tags, chains, the latest monthly figures), then each rule as set
  operations over indexes built once (``zoneops.support.matching.Index``);
- the naive loop: the same profiles, then program × enterprise × rule in Python
  (``matching.rematch_naive``, the obvious implementation and the tests' oracle).

Both must find the same eligible enterprises for every program. The profile load is timed
on its own too, since both ways need it.

    DATABASE_URL=... python -m benchmarks.bench_matching --enterprises 10000 --programs 100
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Callable
from pathlib import Path

from benchmarks import setup_django, timed
from benchmarks.generate import Scale, generate

END = (2024, 12)
TODAY = dt.date(2025, 1, 20)
TAGS = ("high_tech", "srdi_province", "little_giant", "leading", "chain_owner")


def _registry_details(seed: int) -> None:
    """What the generator leaves out and the rules test: founding dates, size, tags."""
    from django.db import transaction

    from zoneops.enterprises.models import Enterprise, Tag

    rng = random.Random(f"bench-matching:{seed}")
    tags = {t.code: t for t in Tag.objects.filter(code__in=TAGS)}
    through = Enterprise.tags.through
    with transaction.atomic():
        enterprises = list(Enterprise.objects.order_by("pk"))
        for e in enterprises:
            e.established_on = dt.date(rng.randint(1995, 2023), rng.randint(1, 12), 1)
            e.is_above_scale = rng.random() < 0.7
            e.above_scale_since = e.established_on if e.is_above_scale else None
        Enterprise.objects.bulk_update(
            enterprises, ["established_on", "is_above_scale", "above_scale_since"], 2000
        )
        through.objects.bulk_create(
            through(enterprise_id=e.pk, tag_id=tags[code].pk)
            for e in enterprises
            for code in TAGS
            if code in tags and rng.random() < 0.12
        )


def _programs(count: int, seed: int) -> None:
    from zoneops.core.models import Park
    from zoneops.enterprises.models import Chain, Industry, IndustryLevel
    from zoneops.support import services

    rng = random.Random(f"bench-matching-programs:{seed}")
    parks = [str(pk) for pk in Park.objects.values_list("pk", flat=True)]
    chains = [str(pk) for pk in Chain.objects.values_list("pk", flat=True)]
    divisions = list(
        Industry.objects.filter(
            level=IndustryLevel.DIVISION, code__gte="13", code__lte="43"
        ).values_list("code", flat=True)
    )
    makers: list[Callable[[], tuple[str, str, str]]] = [
        lambda: ("park", "in", ",".join(rng.sample(parks, rng.randint(1, 2)))),
        lambda: ("industry", "in", ",".join(rng.sample(divisions, rng.randint(2, 8)))),
        lambda: ("scale", "in", rng.choice(["above", "below"])),
        lambda: ("tag", "in", ",".join(rng.sample(TAGS, rng.randint(1, 2)))),
        lambda: ("chain", "in", rng.choice(chains)),
        lambda: ("output_ttm", "gte", str(rng.choice([2000, 5000, 20000, 100000]))),
        lambda: ("output_growth", "gte", str(rng.choice([0, 5, 10, 15]))),
        lambda: ("years", "gte", str(rng.randint(1, 10))),
    ]
    for n in range(count):
        rules = [rng.choice(makers)() for _ in range(rng.randint(1, 4))]
        services.program_save(
            actor=None,
            data={
                "name": f"基准专项资金{n:03d}",
                "issuer": "基准测试",
                "level": "province",
                "category": "upgrade",
                "opens_on": TODAY,
                "closes_on": TODAY + dt.timedelta(days=30),
            },
            rules=[{"field": f, "operator": o, "value": v} for f, o, v in rules],
            check=False,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--programs", type=int, default=100)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    generated = generate(Scale(args.enterprises, args.years, END))
    _registry_details(2024)
    _programs(args.programs, 2024)

    from zoneops.core.models import User
    from zoneops.enterprises.models import Enterprise
    from zoneops.support import matching, queries
    from zoneops.support.models import FundingProgram

    user = User.objects.get(username="bench")
    programs = list(FundingProgram.objects.prefetch_related("rules"))
    names = queries.unit_names()
    rules = {p.pk: queries.program_rules(p, names) for p in programs}

    load, profiles = timed(
        lambda: queries.profiles(Enterprise.objects.visible_to(user), today=TODAY), args.repeat
    )
    full, ours = timed(lambda: queries.full_rematch(user=user, today=TODAY), args.repeat)
    indexed, indexed_result = timed(lambda: matching.rematch(rules, profiles), args.repeat)
    naive, theirs = timed(lambda: matching.rematch_naive(rules, profiles), max(1, args.repeat // 2))
    same = ours == theirs == indexed_result
    pairs = sum(len(ids) for ids in ours.values())
    with_figures = sum(1 for p in profiles if p.output_ttm is not None)
    print(
        f"  {len(programs)} programs × {len(profiles):,} enterprises "
        f"({with_figures:,} with trailing output), {pairs:,} eligible pairs"
    )
    results = [
        {"name": "zoneops full re-match (load + indexed rules)", "seconds": full, "same": same},
        {"name": "  of which: profile load from the database", "seconds": load},
        {"name": "  of which: indexed rules on loaded profiles", "seconds": indexed},
        {"name": "naive loop on loaded profiles (peer)", "seconds": naive, "same": same},
        {"name": "naive full re-match (load + loop)", "seconds": load + naive},
    ]
    for row in results:
        print(f"  {row['name']:<48} {row['seconds'] * 1000:9.1f} ms")
    if not same:
        print("  DIFFERENT RESULTS")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "database": connection.vendor,
                    "enterprises": generated["enterprises"],
                    "programs": len(programs),
                    "pairs": pairs,
                    "same": same,
                    "results": results,
                }
            )
        )


if __name__ == "__main__":
    main()
