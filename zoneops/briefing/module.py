"""What 管委会一张图 adds: the leaders' overview page and its home panel, and the monthly
briefing (经济运行简报): drafts, issued versions, their Word documents (on the export path)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from zoneops.core.exports import DOCX, ExportKind
from zoneops.core.house import AppModule, HomePanel
from zoneops.core.models import Role
from zoneops.core.navigation import Module

ROLES = frozenset({Role.ZONE_LEADER, Role.PARK_OFFICER, Role.ADMIN})


def reads_briefings(user: Any) -> bool:
    """The leaders, park officers and administrators read them; among the departments, those
    who may write them (the economy office)."""
    if getattr(user, "role", None) != Role.DEPARTMENT_OFFICER:
        return True
    from zoneops.briefing.permissions import writes_any

    return writes_any(user)


MODULE = AppModule(
    urls="zoneops.briefing.urls",
    menu=(
        Module("briefing", _("管委会一张图"), "briefing:overview", "grid-3x3-gap", ROLES, order=15),
        Module(
            "briefing_docs",
            _("经济运行简报"),
            "briefing:reports",
            "file-earmark-text",
            ROLES | {Role.DEPARTMENT_OFFICER},
            reads_briefings,
            order=16,
        ),
    ),
    panels=(
        HomePanel("briefing", "briefing/_home.html", "zoneops.briefing.queries:home_panel", 1),
    ),
    export_kinds=(
        ExportKind(
            "briefing.document",
            _("经济运行简报（Word）"),
            "zoneops.briefing.exports:write",
            allowed="zoneops.briefing.exports:allowed",
            content_type=DOCX,
            extension=".docx",
        ),
    ),
)
