"""What other apps may use of 科技创新: the figures the leaders' layer (``zoneops.briefing``)
shows. Nothing else of the innovation app is open to them."""

from zoneops.innovation.queries import overview_figures

__all__ = ["overview_figures"]
