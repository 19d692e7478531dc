"""Investment attraction (招商引资): projects from first lead to production, their stage changes
and arriving funds, the work log, events, chain teams and targets.

Money is stored in 元 as Decimal (shown in 万元/亿元, entered in 亿元 or 万元 on forms); land in 亩,
buildings in m², electricity in kWh. Scope (who sees which project) is in
:class:`ProjectQuerySet.visible_to`; everything else reaches its scope through its projects.

By topic: :mod:`.pipeline` (projects, stage changes, funds arrived), :mod:`.records` (work log,
events), :mod:`.targets` (chain teams, targets). Callers import this package.
"""

from zoneops.investment.models.pipeline import (
    INVESTMENT_DEPARTMENT,
    PIPELINE,
    RANK,
    SIGNED_OR_LATER,
    FundArrival,
    Method,
    Origin,
    Project,
    ProjectQuerySet,
    Review,
    Stage,
    StageChange,
    is_investment_officer,
    money,
)
from zoneops.investment.models.records import (
    ActivityKind,
    Event,
    EventKind,
    EventProject,
    EventQuerySet,
    EventRole,
    WorkLog,
    WorkLogQuerySet,
)
from zoneops.investment.models.targets import ChainOfficer, Target, TargetScope

__all__ = [
    "INVESTMENT_DEPARTMENT",
    "PIPELINE",
    "RANK",
    "SIGNED_OR_LATER",
    "ActivityKind",
    "ChainOfficer",
    "Event",
    "EventKind",
    "EventProject",
    "EventQuerySet",
    "EventRole",
    "FundArrival",
    "Method",
    "Origin",
    "Project",
    "ProjectQuerySet",
    "Review",
    "Stage",
    "StageChange",
    "Target",
    "TargetScope",
    "WorkLog",
    "WorkLogQuerySet",
    "is_investment_officer",
    "money",
]
