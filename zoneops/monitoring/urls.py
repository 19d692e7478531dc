"""The app's pages, mounted at ``/monitoring/`` (namespace ``monitoring``), topic by topic."""

from django.urls import path

from zoneops.monitoring.alerts import views as alerts
from zoneops.monitoring.analysis import views as dashboard
from zoneops.monitoring.capacity import views as capacity
from zoneops.monitoring.ledger import views as ledger
from zoneops.monitoring.nowcast import views as nowcast
from zoneops.monitoring.province import views as province
from zoneops.monitoring.reports import catalogue_views as catalogue
from zoneops.monitoring.reports import views as reports
from zoneops.monitoring.structure import views as structure
from zoneops.monitoring.surveys import views as surveys
from zoneops.monitoring.targets import views as targets

app_name = "monitoring"

urlpatterns = [
    # analysis: the dashboard and its summary sheet
    path("", dashboard.dashboard, name="dashboard"),
    path("summary.xlsx", dashboard.summary_export, name="summary_export"),
    # structure: the classifications' shares, growth and 拉动 (按产值测算)
    path("structure/", structure.structure_page, name="structure"),
    path("structure/shares/", structure.share_add, name="structure_share"),
    # reports: periods, filling, review, corrections; the indicator and rule catalogue
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
    # ledger: the ledger, its export, one enterprise's history
    path("ledger/", ledger.ledger_page, name="ledger"),
    path("ledger/export.xlsx", ledger.ledger_export, name="ledger_export"),
    path("enterprises/<int:enterprise_id>/", ledger.enterprise_history, name="enterprise_history"),
    # targets and alerts
    path("targets/", targets.targets, name="targets"),
    path("targets/add/", targets.target_add, name="target_add"),
    path("alerts/", alerts.alerts, name="alerts"),
    # 达产达效: growth points and leading enterprises
    path("capacity/", capacity.capacity, name="capacity"),
    path("capacity/growth-point/", capacity.growth_point_save, name="growth_point_add"),
    path("capacity/target/", capacity.output_target_save, name="output_target_add"),
    path("alerts/<int:alert_id>/handle/", alerts.alert_handle, name="alert_handle"),
    # surveys
    path("surveys/", surveys.survey_list, name="survey_list"),
    path("surveys/<int:survey_id>/", surveys.survey_detail, name="survey_detail"),
    path("surveys/<int:survey_id>/answer/", surveys.survey_answer, name="survey_answer"),
    path(
        "surveys/<int:survey_id>/answer/<int:enterprise_id>/",
        surveys.survey_answer,
        name="survey_answer",
    ),
    path("surveys/<int:survey_id>/export.xlsx", surveys.survey_export, name="survey_export"),
    # the province ranking and the nowcast
    path("province/", province.province_page, name="province"),
    path("nowcast/", nowcast.nowcast_page, name="nowcast"),
]
