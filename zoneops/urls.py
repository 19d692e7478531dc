"""The URL configuration: core's pages at the root, each app's pages where its ``module.py``
says (by default under its label)."""

from django.urls import include, path

from zoneops.api import api
from zoneops.core import house

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("", include("zoneops.core.urls")),
    path("", include("zoneops.core.ops_urls")),
    *(path(prefix, include(urls)) for prefix, urls in house.url_mounts()),
]

handler400 = "zoneops.core.views.errors.bad_request"
handler404 = "zoneops.core.views.errors.page_not_found"
handler403 = "zoneops.core.views.errors.permission_denied"
handler500 = "zoneops.core.views.errors.server_error"
