"""The project's URLs plus the survey, province and nowcast pages and API, for their tests
(``override_settings(ROOT_URLCONF=...)``), for as long as the project does not include them.

Once ``zoneops.monitoring.urls`` includes ``extra_urlpatterns`` and the API registers the
``api_extra`` router, this module is the project's urlconf unchanged.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, include, path
from ninja import NinjaAPI
from ninja.security import SessionAuth

from zoneops import urls as project
from zoneops.core.api import BearerToken
from zoneops.monitoring import urls as monitoring_urls
from zoneops.monitoring.api_extra import router
from zoneops.monitoring.urls_extra import extra_urlpatterns


def _names(patterns: list[Any], prefix: str = "") -> set[str]:
    names: set[str] = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _names(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


_present = _names(project.urlpatterns)
urlpatterns: list[Any] = []

if "api:survey_list" not in _present:
    # Tried before the project's API: paths it does not know fall through to the project's.
    _api = NinjaAPI(
        title="ZoneOps API (monitoring extras, tests)",
        auth=[BearerToken(), SessionAuth()],
        urls_namespace="api-extra-test",
    )
    _api.add_router("/", router)
    urlpatterns.append(path("api/", _api.urls))

if "monitoring:survey_list" in _present:
    urlpatterns += project.urlpatterns
else:
    _monitoring = include((list(monitoring_urls.urlpatterns) + extra_urlpatterns, "monitoring"))
    for entry in project.urlpatterns:
        if isinstance(entry, URLResolver) and entry.namespace == "monitoring":
            continue
        urlpatterns.append(entry)
    urlpatterns.append(path("monitoring/", _monitoring))

handler404 = project.handler404
handler403 = project.handler403
handler500 = project.handler500
