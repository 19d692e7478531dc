"""The demo zone: a realistic, deterministic 西宁经济技术开发区 to run and try the platform on.

A package of build steps that write through the domain services, so demo data carries the same
history and obeys the same rules as data entered by hand. It is the one layer above the apps,
allowed to know them all (an installed app only so that ``manage.py demo_zone`` is its command).

``build(seed, stdout, today=...)`` runs the steps in order inside one transaction. Every date
is derived from ``today`` (the day the demo is built unless given; :mod:`zoneops.demo.clock`),
so the same seed and the same day give the same zone. Each step reads what
earlier steps put on the :class:`DemoContext` and adds its own. A later issue adds its data by
writing a module here with a ``build_<thing>(ctx)`` step and appending it to ``STEPS``; it draws
its randomness from ``ctx.stream("<thing>")``, its own stream, so the data of the existing
steps stays the same for a given seed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from zoneops.core.models import Zone
from zoneops.demo import (
    appeals,
    approvals,
    capacity,
    chains,
    classifications,
    enterprises,
    finance,
    innovation,
    investment,
    monitoring,
    projects,
    safety,
    support,
    zone,
)
from zoneops.demo.context import DEMO_PASSWORD, DemoContext, Writer
from zoneops.demo.zone import Login

REGISTRY_STEPS: list[Callable[[DemoContext], None]] = [
    zone.build_organisation,
    zone.build_staff,
    enterprises.build_registry,
    chains.build_chains,
    zone.build_enterprise_users,
]
# Each later app appends its own step (and keeps its own random stream, so adding one never
# changes what the earlier ones build).
STEPS: list[Callable[[DemoContext], None]] = [
    *REGISTRY_STEPS,
    monitoring.build_monitoring,
    appeals.build_appeals,
    projects.build_projects,
    investment.build_investment,
    support.build_support,
    approvals.build_approvals,
    innovation.build_innovation,
    finance.build_finance,
    safety.build_safety,
    capacity.build_capacity,
    classifications.build_classifications,
]


@dataclass
class Summary:
    """What :func:`build` did: counts by kind, and the demo logins to print."""

    seed: int
    today: dt.date | None = None
    already_present: bool = False
    zone: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[Login] = field(default_factory=list)


def build(
    seed: int,
    stdout: Writer | None = None,
    *,
    registry_only: bool = False,
    today: dt.date | None = None,
) -> Summary:
    """Build the demo zone for ``seed`` as it stands on ``today`` (default: the local date);
    do nothing if the database already has a zone.

    ``registry_only`` stops after the organisation, people, enterprises and chains (the
    registry's own tests need nothing more, and the monthly ledgers take most of the time).
    """
    with transaction.atomic():
        if Zone.objects.exists():
            return Summary(seed=seed, already_present=True)
        ctx = DemoContext(seed=seed, today=today or timezone.localdate(), out=stdout)
        for step in REGISTRY_STEPS if registry_only else STEPS:
            step(ctx)
    counts = {
        "parks": len(ctx.parks),
        "departments": len(ctx.departments),
        "areas": sum(park.areas.count() for park in ctx.parks.values()),
        "banks": len(ctx.banks),
        "users": len(ctx.users),
        **ctx.counts,
    }
    return Summary(
        seed=seed,
        today=ctx.today,
        zone=ctx.zone.name if ctx.zone else "",
        counts=counts,
        logins=zone.demo_logins(ctx),
    )


__all__ = ["DEMO_PASSWORD", "STEPS", "DemoContext", "Summary", "build"]
