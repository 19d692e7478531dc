"""Monitoring's writes in one place, for the demo, the tests and the other branches that call
them by this name: each topic's service functions, re-exported. Inside the app, import the
topic's own module (``reports.services``, ``alerts.services`` …); another app reads through
:mod:`zoneops.monitoring.public`."""

from zoneops.monitoring.alerts.services import alert_handle, evaluate_missing, evaluate_reports
from zoneops.monitoring.nowcast.services import nowcast_run
from zoneops.monitoring.province.services import province_figure_save
from zoneops.monitoring.reports.catalogue import catalogue_save
from zoneops.monitoring.reports.figures import (
    CHUNK,
    FIELDS,
    Figures,
    figures_of,
    filers,
    findings_for,
    findings_of,
    indicator_map,
    last_year_figures,
    period_figures,
    previous_figures,
)
from zoneops.monitoring.reports.services import (
    CENT,
    REPORT_FIELDS,
    ReportEntry,
    ReportRefused,
    report_approve,
    report_correct,
    report_return,
    report_save,
    report_submit,
    reports_approve,
    reports_save,
)
from zoneops.monitoring.structure.services import value_added_share_save
from zoneops.monitoring.surveys.services import response_save, survey_create
from zoneops.monitoring.targets.services import target_save

__all__ = [
    "CENT",
    "CHUNK",
    "FIELDS",
    "REPORT_FIELDS",
    "Figures",
    "ReportEntry",
    "ReportRefused",
    "alert_handle",
    "catalogue_save",
    "evaluate_missing",
    "evaluate_reports",
    "figures_of",
    "filers",
    "findings_for",
    "findings_of",
    "indicator_map",
    "last_year_figures",
    "nowcast_run",
    "period_figures",
    "previous_figures",
    "province_figure_save",
    "report_approve",
    "report_correct",
    "report_return",
    "report_save",
    "report_submit",
    "reports_approve",
    "reports_save",
    "response_save",
    "survey_create",
    "target_save",
    "value_added_share_save",
]
