"""The app's models, one module per topic (``<topic>/models.py``), gathered here so that Django
finds them under the ``monitoring`` label with their tables unchanged, and so that
``zoneops.monitoring.models.<Name>`` keeps working for the demo and the tests."""

from zoneops.monitoring.alerts.models import (
    Alert,
    AlertKind,
    AlertLevel,
    AlertMonth,
    AlertRule,
    AlertStatus,
)
from zoneops.monitoring.analysis.models import OfficialFigure
from zoneops.monitoring.nowcast.models import Estimate
from zoneops.monitoring.province.models import ProvinceFigure
from zoneops.monitoring.reports.models import (
    ElectricityAccount,
    Indicator,
    IndicatorKind,
    MonthlyReport,
    ReportForm,
    ReportingPeriod,
    ReportStatus,
    ReportValue,
    RuleKind,
    Severity,
    StoredUnit,
    ValidationRule,
    period_label,
)
from zoneops.monitoring.structure.models import ValueAddedShare
from zoneops.monitoring.surveys.models import ProductionPlan, ProductionSurvey, SurveyResponse
from zoneops.monitoring.targets.models import Target, TargetKind, TargetScope

__all__ = [
    "Alert",
    "AlertKind",
    "AlertLevel",
    "AlertMonth",
    "AlertRule",
    "AlertStatus",
    "ElectricityAccount",
    "Estimate",
    "Indicator",
    "IndicatorKind",
    "MonthlyReport",
    "OfficialFigure",
    "ProductionPlan",
    "ProductionSurvey",
    "ProvinceFigure",
    "ReportForm",
    "ReportStatus",
    "ReportValue",
    "ReportingPeriod",
    "RuleKind",
    "Severity",
    "StoredUnit",
    "SurveyResponse",
    "Target",
    "TargetKind",
    "TargetScope",
    "ValidationRule",
    "ValueAddedShare",
    "period_label",
]
