"""Writes of the investment module: one keyword-only function per action, atomic, checking
permission, validating, recording history. Pages, the API and the demo all call these.

By topic: :mod:`.pipeline` (a project from lead to production, its stage moves and arriving
funds), :mod:`.handover` (a signed project onto the key-project plan), :mod:`.records` (work
logs and events), :mod:`.targets` (targets and chain teams). Callers import this package.
"""

from zoneops.investment.services.handover import (
    KeyProjectSeed,
    key_project_from_investment,
    key_project_seed,
)
from zoneops.investment.services.pipeline import (
    LEAD_FIELDS,
    PROJECT_FIELDS,
    arrival_delete,
    arrival_save,
    capacity_handover,
    enterprise_seed,
    lead_register,
    lead_review,
    project_create,
    project_link_enterprise,
    project_move,
    project_register_enterprise,
    project_update,
)
from zoneops.investment.services.records import (
    EVENT_FIELDS,
    WORKLOG_FIELDS,
    event_project_remove,
    event_project_save,
    event_save,
    worklog_save,
)
from zoneops.investment.services.targets import (
    chain_officer_remove,
    chain_officer_set,
    target_save,
)

__all__ = [
    "EVENT_FIELDS",
    "LEAD_FIELDS",
    "PROJECT_FIELDS",
    "WORKLOG_FIELDS",
    "KeyProjectSeed",
    "arrival_delete",
    "arrival_save",
    "capacity_handover",
    "chain_officer_remove",
    "chain_officer_set",
    "enterprise_seed",
    "event_project_remove",
    "event_project_save",
    "event_save",
    "key_project_from_investment",
    "key_project_seed",
    "lead_register",
    "lead_review",
    "project_create",
    "project_link_enterprise",
    "project_move",
    "project_register_enterprise",
    "project_update",
    "target_save",
    "worklog_save",
]
