"""Writes to appeals: one function per action, atomic, checking the actor, recording the step
(:class:`AppealEvent`) and the change (``ChangeRecord``, values before and after).

``appeal_create`` is the ONE write path for intake, whatever the channel: the enterprise's
portal, an officer recording a walk-in, a call or a visit, the demo, and other apps (a
difficulty of the support app becomes an appeal through ``appeal_from_difficulty``, which
other apps reach through :mod:`zoneops.appeals.public`).
Every other change goes through ``appeal_act``, ``appeal_rate``, ``extension_request``,
``extension_decide`` and ``deadline_check``.
"""

from zoneops.appeals.services.config import routing_rule_delete, routing_rule_save, time_limit_set
from zoneops.appeals.services.deadlines import LEADER_AFTER_DAYS, deadline_check, deadlines_run
from zoneops.appeals.services.flow import (
    EXTENDABLE,
    FLOW,
    NEEDS_NOTE,
    actions_for,
    appeal_act,
    appeal_rate,
    can_request_extension,
    extension_decide,
    extension_request,
)
from zoneops.appeals.services.intake import (
    DEFAULT_LIMITS,
    DEFAULT_REMIND_DAYS,
    appeal_create,
    appeal_from_difficulty,
    attachment_add,
    limit_for,
    route,
)

__all__ = [
    "DEFAULT_LIMITS",
    "DEFAULT_REMIND_DAYS",
    "EXTENDABLE",
    "FLOW",
    "LEADER_AFTER_DAYS",
    "NEEDS_NOTE",
    "actions_for",
    "appeal_act",
    "appeal_create",
    "appeal_from_difficulty",
    "appeal_rate",
    "attachment_add",
    "can_request_extension",
    "deadline_check",
    "deadlines_run",
    "extension_decide",
    "extension_request",
    "limit_for",
    "route",
    "routing_rule_delete",
    "routing_rule_save",
    "time_limit_set",
]
