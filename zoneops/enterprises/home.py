"""The registry's panel on the home page: an enterprise user's own record, or the officers'
figures of the enterprises in their scope (by park, by industry section, the chains)."""

from __future__ import annotations

from typing import Any

from zoneops.core import charts as palette
from zoneops.core.models import Role, User
from zoneops.core.scope import scope_of
from zoneops.enterprises import queries as registry


def _chart_bars(rows: list[dict[str, Any]], label: str, value: str) -> dict[str, Any]:
    """An ECharts option for a simple horizontal bar chart."""
    rows = list(reversed(rows))
    return {
        "grid": {"left": 8, "right": 24, "top": 8, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "data": [str(r[label]) for r in rows]},
        "series": [
            {
                "type": "bar",
                "data": [r[value] for r in rows],
                "itemStyle": {"color": palette.PRIMARY},
                "barMaxWidth": 28,
            }
        ],
        "animation": False,
    }


def home_panel(*, user: User) -> dict[str, Any] | None:
    role = user.role
    if role == Role.ENTERPRISE:
        own = registry.enterprise_detail_queryset(user=user).filter(pk=user.enterprise_id or 0)
        enterprise = own.first()
        return {"enterprise_role": True, "enterprise": enterprise}
    if role in (Role.BANK, Role.TASK_FORCE, Role.GRID_MEMBER):
        # A task force works its key projects only, a bank its shared needs, a grid member the
        # enterprises of their grid (safety's own scope): the registry shows them nothing.
        return None
    summary = registry.registry_summary(user=user)
    scope = scope_of(user)
    data: dict[str, Any] = {
        "summary": summary,
        "park_chart": _chart_bars(summary.by_park, "park__name", "n"),
        "section_chart": _chart_bars(summary.by_section[:8], "label", "n"),
        "chains": (
            registry.chain_list(user=user)[:12]
            if scope.zone or scope.department_sees_zone or scope.parks
            else []
        ),
    }
    if role == Role.PARK_OFFICER:
        data["unassigned"] = registry.enterprise_list(
            user=user, filters=registry.EnterpriseFilter(sort="-updated")
        ).filter(service_officer__isnull=True)[:10]
    return data
