from django.urls import include, path

from zoneops.monitoring.urls_extra import extra_urlpatterns
from zoneops.monitoring.views import dashboard, reports

app_name = "monitoring"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("reports/", reports.period_list, name="periods"),
    path("reports/<int:year>-<int:month>/", reports.period_detail, name="period"),
    path("reports/<int:year>-<int:month>/fill/", reports.report_fill, name="fill"),
    path("report/<int:report_id>/", reports.report_detail, name="report"),
    path("report/<int:report_id>/action/", reports.report_action, name="report_action"),
    path("report/<int:report_id>/correct/", reports.report_correct, name="report_correct"),
    path("", include("zoneops.monitoring.urls_ledger")),
    *extra_urlpatterns,
]
