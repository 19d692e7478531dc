"""What the demo build steps share: the seed, the output, and what earlier steps created."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from zoneops.core.models import Bank, Department, Park, User, Zone
    from zoneops.demo.enterprises import EnterpriseProfile
    from zoneops.enterprises.models import Chain, Enterprise

# Documented in the README: the demo accounts are for trying the platform, not for production.
DEMO_PASSWORD = "zoneops-demo"  # noqa: S105


class Writer(Protocol):
    """Where progress lines go: a management command's stdout, a StringIO, a file."""

    def write(self, text: str, /) -> object: ...


def stream(seed: int, name: str) -> random.Random:
    """An independent random stream per seed and per part of the demo.

    Each module draws from its own stream, so a later issue that adds a module (monthly
    figures, projects …) never shifts the data the existing modules produce. A string seed is
    hashed with SHA-512 by ``random``, so the stream does not depend on PYTHONHASHSEED.
    """
    return random.Random(f"zoneops-demo:{seed}:{name}")


@dataclass
class DemoContext:
    """Filled step by step by :func:`zoneops.demo.builder.build`; later steps read what earlier
    made.

    ``today`` is the demo's one "today" (see :mod:`zoneops.demo.clock`): every date of every
    module is derived from it, so a seed and a day give the same zone.
    """

    seed: int
    today: dt.date
    out: Writer | None = None
    zone: Zone | None = None
    parks: dict[str, Park] = field(default_factory=dict)  # by park key: dc, nc, sw, gh
    departments: dict[str, Department] = field(default_factory=dict)  # by code
    banks: list[Bank] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)  # by username
    profiles: list[EnterpriseProfile] = field(default_factory=list)
    enterprises: dict[str, Enterprise] = field(default_factory=dict)  # by credit code
    chains: dict[str, Chain] = field(default_factory=dict)  # by chain key
    counts: dict[str, int] = field(default_factory=dict)

    def say(self, line: str) -> None:
        if self.out is not None:
            self.out.write(line + "\n")

    def stream(self, name: str) -> random.Random:
        return stream(self.seed, name)

    @property
    def admin(self) -> User:
        """The administrator: the actor where a service insists on a person (chains, contacts)."""
        return self.users["admin"]
