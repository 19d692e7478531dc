from django.urls import include, path

from zoneops.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("", include("zoneops.core.urls")),
    path("", include("zoneops.core.ops_urls")),
    path("enterprises/", include("zoneops.enterprises.urls")),
    path("monitoring/", include("zoneops.monitoring.urls")),
    path("appeals/", include("zoneops.appeals.urls")),
    path("projects/", include("zoneops.projects.urls")),
    path("investment/", include("zoneops.investment.urls")),
    path("support/", include("zoneops.support.urls")),
]

handler400 = "zoneops.core.views.errors.bad_request"
handler404 = "zoneops.core.views.errors.page_not_found"
handler403 = "zoneops.core.views.errors.permission_denied"
handler500 = "zoneops.core.views.errors.server_error"
