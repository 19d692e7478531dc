"""Investment's public face beyond its services and queries: the periods its targets run on
and the targets' progress, which the leaders' layer (``zoneops.briefing``) shows."""

from __future__ import annotations

from zoneops.investment.periods import Period
from zoneops.investment.targets import progress, targets_for

__all__ = ["Period", "progress", "targets_for"]
