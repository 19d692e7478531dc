from django.urls import path

from zoneops.briefing import views

app_name = "briefing"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("reports/", views.report_list, name="reports"),
    path("reports/new/", views.report_create, name="report_create"),
    path("reports/<int:briefing_id>/", views.report_detail, name="report"),
    path(
        "reports/<int:briefing_id>/regenerate/", views.report_regenerate, name="report_regenerate"
    ),
    path("reports/<int:briefing_id>/issue/", views.report_issue, name="report_issue"),
    path("reports/<int:briefing_id>/document/", views.report_document, name="report_document"),
    path("versions/<int:version_id>/document/", views.version_document, name="version_document"),
]
