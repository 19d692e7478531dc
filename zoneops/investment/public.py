"""Investment's public face, all other apps may use of it: the periods its targets run on,
the targets' progress and the arrivals, which the leaders' layer (``zoneops.briefing``) shows."""

from __future__ import annotations

from zoneops.investment.periods import Period
from zoneops.investment.queries import arrival_list
from zoneops.investment.targets import progress, targets_for

__all__ = ["Period", "arrival_list", "progress", "targets_for"]
