"""Ledger, enterprise history, targets and alerts pages (views/ledger.py)."""

from django.urls import path

from zoneops.monitoring.views import ledger

urlpatterns = [
    path("ledger/", ledger.ledger_page, name="ledger"),
    path("ledger/export.xlsx", ledger.ledger_export, name="ledger_export"),
    path("enterprises/<int:enterprise_id>/", ledger.enterprise_history, name="enterprise_history"),
    path("targets/", ledger.targets, name="targets"),
    path("targets/add/", ledger.target_add, name="target_add"),
    path("alerts/", ledger.alerts, name="alerts"),
    path("alerts/<int:alert_id>/handle/", ledger.alert_handle, name="alert_handle"),
]
