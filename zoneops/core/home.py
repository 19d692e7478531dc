"""What each role's home page shows, assembled from the apps' public read functions."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from zoneops.core import charts as palette
from zoneops.core.models import ChangeRecord, ImportJob, Role, User
from zoneops.core.scope import scope_of
from zoneops.enterprises import queries as registry
from zoneops.support.queries import home_panel


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


def home_for(*, user: Any) -> dict[str, Any]:
    role = user.role
    data: dict[str, Any] = {"role": role}
    scope = scope_of(user)
    data["support"] = home_panel(user=user)
    if role == Role.ENTERPRISE:
        enterprise = (
            registry.enterprise_detail_queryset(user=user).filter(pk=user.enterprise_id).first()
        )
        data["enterprise"] = enterprise
        return data
    if role == Role.BANK:
        data["bank"] = user.bank
        return data
    if role == Role.TASK_FORCE:
        # A task force works its key projects only (the registry shows it nothing).
        return data
    summary = registry.registry_summary(user=user)
    data["summary"] = summary
    data["park_chart"] = _chart_bars(summary.by_park, "park__name", "n")
    data["section_chart"] = _chart_bars(summary.by_section[:8], "label", "n")
    data["chains"] = (
        registry.chain_list(user=user)[:12]
        if scope.zone or scope.department_sees_zone or scope.parks
        else []
    )
    if role == Role.PARK_OFFICER:
        data["parks"] = list(user.parks.all())
        data["unassigned"] = registry.enterprise_list(
            user=user, filters=registry.EnterpriseFilter(sort="-updated")
        ).filter(service_officer__isnull=True)[:10]
    if role in (Role.ADMIN, Role.ZONE_LEADER) or user.is_superuser:
        data["recent_changes"] = ChangeRecord.objects.select_related("actor")[:10]
    if role == Role.ADMIN or user.is_superuser:
        data["users_by_role"] = [
            {"role": Role(r["role"]).label, "n": r["n"]}
            for r in User.objects.values("role").annotate(n=Count("pk")).order_by("role")
        ]
        data["recent_imports"] = ImportJob.objects.visible_to(user).select_related("created_by")[:5]
    if role == Role.DEPARTMENT_OFFICER:
        data["department"] = user.department
    return data
