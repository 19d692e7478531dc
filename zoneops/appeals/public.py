"""What other apps may use of 有诉必应: this module is its public face.

Another app imports this module only, never appeals' ``models``, ``api``, ``views`` or
``forms`` (the import contract says so). It may read an :class:`Appeal` it is handed or
reaches through its own foreign key (number, department, status), and asks here whether a
user may open one; it never queries appeals' tables itself.
"""

from __future__ import annotations

from typing import Literal

from zoneops.appeals.models import Appeal, Topic, Urgency
from zoneops.appeals.queries import (
    appeal_detail_queryset,
    appeal_is_visible,
    counts,
    department_scores,
)
from zoneops.appeals.services import appeal_act, appeal_create, appeal_from_difficulty

# The subjects an appeal may be about (they decide the department it is routed to), and how
# urgent it may be: for another app's form that files one.
TOPIC_CHOICES = Topic.choices
URGENCY_CHOICES = Urgency.choices

# The topics' values, for an API schema that files an appeal.
TopicCode = Literal[
    "policy",
    "funding",
    "land",
    "approval",
    "utilities",
    "labour",
    "safety",
    "traffic",
    "investment",
    "other",
]

__all__ = [
    "TOPIC_CHOICES",
    "URGENCY_CHOICES",
    "Appeal",
    "TopicCode",
    "appeal_act",
    "appeal_create",
    "appeal_detail_queryset",
    "appeal_from_difficulty",
    "appeal_is_visible",
    "counts",
    "department_scores",
]
