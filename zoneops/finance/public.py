"""What other apps may use of 金融服务: the figures the leaders' layer (``zoneops.briefing``)
shows. Nothing else of the finance app is open to them."""

from zoneops.finance.queries import finance_overview

__all__ = ["finance_overview"]
