"""What 金融服务 shows on another app's object page (declared in ``module.py``)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from zoneops.core.models import Role, User
from zoneops.core.navigation import module_allowed
from zoneops.core.permissions import may_for_enterprise
from zoneops.enterprises.models import Enterprise
from zoneops.finance import queries
from zoneops.finance.forms import AssignForm
from zoneops.finance.models import Advisor


def enterprise_advisors(*, user: User, obj: Enterprise) -> dict[str, Any] | None:
    """On the enterprise's page: its financial advisors with their plans' overdue measures and
    open problems, and, for the finance officer, the form that assigns one. Nothing when the
    user sees no assignment of this enterprise and may not assign one."""
    if not module_allowed(user, "finance"):
        return None
    today = timezone.localdate()
    assignments = list(
        queries.assignment_list(user=user)
        .filter(enterprise=obj)
        .prefetch_related("measures", "problems")
    )
    may_assign = may_for_enterprise(user, "finance.route", obj) and Advisor.objects.exists()
    if not assignments and not may_assign:
        return None
    return {
        "enterprise": obj,
        "links": user.role != Role.ENTERPRISE,
        "assign_form": AssignForm() if may_assign else None,
        "rows": [
            {
                "assignment": a,
                "overdue": queries.overdue_measures(a, today=today),
                "open_problems": [p for p in a.problems.all() if p.solved_on is None],
            }
            for a in assignments
        ],
    }
