"""What the registry adds: its pages, API, menu entries, import and export kinds."""

from django.utils.translation import gettext_lazy as _

from zoneops.core.exports import ExportKind
from zoneops.core.house import AppModule, HomePanel
from zoneops.core.models import Role
from zoneops.core.navigation import OFFICERS, Module

MODULE = AppModule(
    urls="zoneops.enterprises.urls",
    api="zoneops.enterprises.api:router",
    menu=(
        Module(
            "my_enterprise",
            _("本企业档案"),
            "enterprises:mine",
            "building",
            frozenset({Role.ENTERPRISE}),
            order=10,
        ),
        Module("enterprises", _("企业库"), "enterprises:list", "buildings", OFFICERS, order=11),
        Module("chains", _("产业链"), "enterprises:chains", "diagram-3", OFFICERS, order=80),
        Module(
            "industries", _("行业分类"), "enterprises:industries", "list-nested", OFFICERS, order=81
        ),
        Module(
            "classifications",
            _("产业分类"),
            "enterprises:classifications",
            "tags",
            OFFICERS,
            order=82,
        ),
    ),
    panels=(
        HomePanel("registry", "enterprises/_home.html", "zoneops.enterprises.home:home_panel", 10),
    ),
    import_kinds=("zoneops.enterprises.importers",),
    export_kinds=(
        ExportKind(
            "enterprises.registry",
            _("企业库"),
            "zoneops.enterprises.exports:write",
            count="zoneops.enterprises.exports:count",
            allowed="zoneops.enterprises.exports:allowed",
        ),
    ),
)
