"""The demo's investment data: names and figures only, no writes (the builders write them)."""

from zoneops.demo.investment.data.earlier import EARLIER, LEADS_ONLY
from zoneops.demo.investment.data.named import NAMED
from zoneops.demo.investment.data.people import (
    OFFICER_LEADS,
    OFFICERS,
    PARK_OF_CHAIN,
    TEAMS,
    WORK_LOG,
)
from zoneops.demo.investment.data.quarter import QUARTER
from zoneops.demo.investment.data.spec import WAN, YI, C, D, L, P, Spec

# The quarter's others, then the earlier years' cohort, in the order they are written.
OTHERS = QUARTER + EARLIER

__all__ = [
    "EARLIER",
    "LEADS_ONLY",
    "NAMED",
    "OFFICERS",
    "OFFICER_LEADS",
    "OTHERS",
    "PARK_OF_CHAIN",
    "QUARTER",
    "TEAMS",
    "WAN",
    "WORK_LOG",
    "YI",
    "C",
    "D",
    "L",
    "P",
    "Spec",
]
