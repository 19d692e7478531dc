"""The demo's investment pipeline (招商引资) as it stands on the demo's today, in today's quarter.

The story is written for a first quarter (the dates below, 2023 to 31 March 2024) and moved
onto the demo's calendar by :class:`Story`: the quarter becomes today's quarter, its days up to
31 March are spread over the days of that quarter up to today, and every date before it (or
after, a planned start) moves by whole quarters. So whatever day the demo is built, the
quarter's story stands as it did on the quarter's last day.

The projects the zone named for the quarter are here — electronic-grade polysilicon and
industrial silicon (signed in 2023, building now), salt-lake lithium extraction equipment
(signed in January, started in March), new displays and new energy storage (signed at the
February signing ceremony), PV glass and its deep processing, and the ultrasonic battery-testing
equipment base (in negotiation) — among some fifty others across the chains, with the trips,
events and arriving funds that go with them.

The quarter's target is 10 newly signed industrial projects worth 500亿元. On today nine are
signed (381亿元); the 10GW cell project in negotiation would complete both: sign it (with a
date in this quarter) and the gauges move. Every write goes through the investment services.
"""

from zoneops.demo.investment.builders import Story, build_investment
from zoneops.demo.investment.data import (
    LEADS_ONLY,
    NAMED,
    OFFICER_LEADS,
    OFFICERS,
    OTHERS,
    PARK_OF_CHAIN,
    TEAMS,
    WAN,
    WORK_LOG,
    YI,
    Spec,
)

# The data (names and figures) is in :mod:`.data`, the steps that write it in :mod:`.builders`.
__all__ = [
    "LEADS_ONLY",
    "NAMED",
    "OFFICERS",
    "OFFICER_LEADS",
    "OTHERS",
    "PARK_OF_CHAIN",
    "TEAMS",
    "WAN",
    "WORK_LOG",
    "YI",
    "Spec",
    "Story",
    "build_investment",
]
