"""What 招商引资 adds: its pages, API and menu entries."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from zoneops.core.house import AppModule
from zoneops.core.navigation import ALL_STAFF, EVERYONE, Module
from zoneops.core.permissions import may


def _allows(user: Any) -> bool:
    from zoneops.investment.permissions import can_use_investment

    return can_use_investment(user)


MODULE = AppModule(
    urls="zoneops.investment.urls",
    api="zoneops.investment.api:router",
    menu=(
        Module(
            "investment",
            _("招商引资"),
            "investment:dashboard",
            "briefcase",
            EVERYONE,
            _allows,
            order=30,
        ),
        # 全员招商: every officer registers leads from their own contacts (investment's rule).
        Module(
            "leads",
            _("全员招商"),
            "investment:leads",
            "person-plus",
            ALL_STAFF,
            allows=lambda user: may(user, "investment.lead_register"),
            order=31,
        ),
    ),
)
