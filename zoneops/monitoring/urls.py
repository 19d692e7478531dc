from django.urls import include, path

from zoneops.monitoring.urls_extra import extra_urlpatterns
from zoneops.monitoring.views import catalogue, dashboard, reports

app_name = "monitoring"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("summary.xlsx", dashboard.summary_export, name="summary_export"),
    path("reports/", reports.period_list, name="periods"),
    path("reports/<int:year>-<int:month>/", reports.period_detail, name="period"),
    path("reports/<int:year>-<int:month>/fill/", reports.report_fill, name="fill"),
    path("reports/<int:year>-<int:month>/approve/", reports.period_approve, name="period_approve"),
    path("report/<int:report_id>/", reports.report_detail, name="report"),
    path("report/<int:report_id>/action/", reports.report_action, name="report_action"),
    path("report/<int:report_id>/correct/", reports.report_correct, name="report_correct"),
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    path("catalogue/<slug:kind>/", catalogue.catalogue_edit, name="catalogue_add"),
    path("catalogue/<slug:kind>/<int:pk>/", catalogue.catalogue_edit, name="catalogue_edit"),
    path("", include("zoneops.monitoring.urls_ledger")),
    *extra_urlpatterns,
]
