from typing import Any

from django.conf import settings
from django.http import HttpRequest

from zoneops.core.navigation import modules_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    modules = modules_for(user) if user is not None else []
    match = getattr(request, "resolver_match", None)
    current = ""
    if match is not None:
        # A view may name its module; otherwise the module whose page this is, or whose
        # namespace this page belongs to (an enterprise's detail page lights 企业库).
        current = getattr(request, "nav_module", "")
        if not current:
            exact = [m.key for m in modules if m.url_name == match.view_name]
            ns = [m.key for m in modules if match.namespace and m.key == match.namespace]
            current = (exact or ns or [""])[0]
    return {"nav_modules": modules, "nav_current": current, "zone_name": settings.ZONE_NAME}
