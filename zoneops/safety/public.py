"""What other apps may use of 安全生产: the figures the leaders' layer (``zoneops.briefing``)
shows. Nothing else of the safety app is open to them."""

from zoneops.safety.queries import briefing_figures

__all__ = ["briefing_figures"]
