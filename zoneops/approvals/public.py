"""What other apps may use of 项目报建: the figures the leaders' layer (``zoneops.briefing``)
shows. Nothing else of the approvals app is open to them."""

from zoneops.approvals.queries import overview_figures

__all__ = ["overview_figures"]
