"""Monitoring's reads of the monthly ledgers under the names they had before the app was split
by topic, for the benchmarks, the tests and the other branches that call them so. Inside the
app, import the topic's own module (``analysis.aggregates``, ``reports.queries`` …); another app
reads through :mod:`zoneops.monitoring.public`."""

from zoneops.monitoring.alerts.queries import AlertCounts, alert_counts, open_alerts
from zoneops.monitoring.analysis.aggregates import (
    GROUPINGS,
    Group,
    Slice,
    TrendPoint,
    growth,
)
from zoneops.monitoring.analysis.breakdown import (
    Changes,
    EnterpriseChange,
    aggregates,
    breakdown,
    enterprise_changes,
)
from zoneops.monitoring.reports.queries import (
    Progress,
    latest_period,
    not_reported,
    period_status,
    report_list,
    reporting_progress,
)
from zoneops.monitoring.targets.queries import TargetProgress, target_progress, targets_for

__all__ = [
    "GROUPINGS",
    "AlertCounts",
    "Changes",
    "EnterpriseChange",
    "Group",
    "Progress",
    "Slice",
    "TargetProgress",
    "TrendPoint",
    "aggregates",
    "alert_counts",
    "breakdown",
    "enterprise_changes",
    "growth",
    "latest_period",
    "not_reported",
    "open_alerts",
    "period_status",
    "report_list",
    "reporting_progress",
    "target_progress",
    "targets_for",
]
