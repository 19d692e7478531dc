from django.urls import path

from zoneops.appeals.views import appeals, config, stats

app_name = "appeals"

urlpatterns = [
    path("", appeals.appeal_list, name="list"),
    path("export.xlsx", appeals.appeal_export, name="export"),
    path("new/", appeals.appeal_create, name="create"),
    path("<int:appeal_id>/", appeals.appeal_detail, name="detail"),
    path("<int:appeal_id>/act/", appeals.appeal_action, name="act"),
    path("<int:appeal_id>/rate/", appeals.appeal_rate, name="rate"),
    path("<int:appeal_id>/attachments/", appeals.attachment_add, name="attachment_add"),
    path(
        "<int:appeal_id>/attachments/<int:attachment_id>/",
        appeals.attachment_file,
        name="attachment",
    ),
    path("<int:appeal_id>/extension/", appeals.extension_request, name="extension_request"),
    path("extensions/<int:extension_id>/", appeals.extension_decide, name="extension_decide"),
    path("stats/", stats.appeal_stats, name="stats"),
    path("stats/export.xlsx", stats.appeal_stats_export, name="stats_export"),
    path("rules/", config.routing_rules, name="rules"),
    path("rules/<int:rule_id>/", config.routing_rules, name="rule_edit"),
    path("rules/<int:rule_id>/delete/", config.routing_rule_delete, name="rule_delete"),
    path("rules/export.xlsx", config.routing_rules_export, name="rules_export"),
    path("limits/", config.time_limits, name="limits"),
    path("limits/export.xlsx", config.time_limits_export, name="limits_export"),
]
