from __future__ import annotations

from decimal import Decimal
from typing import Any

from zoneops.monitoring.models import MonthlyReport
from zoneops.monitoring.periods import period_get_or_create
from zoneops.monitoring.reports import figures as report_figures
from zoneops.monitoring.reports import services as report_services
from zoneops.monitoring.reports import validation


def figures(**values: tuple[Any, Any, Any] | tuple[Any, Any, Any, Any]) -> report_figures.Figures:
    """figures(output_value=(month, ytd, last_ytd)) in stored units (元, kWh, persons)."""
    out: report_figures.Figures = {}
    for code, numbers in values.items():
        month, ytd, last_ytd, *rest = numbers
        out[code] = {
            "month_value": None if month is None else Decimal(str(month)),
            "ytd_value": None if ytd is None else Decimal(str(ytd)),
            "last_ytd_value": None if last_ytd is None else Decimal(str(last_ytd)),
            "last_month_value": Decimal(str(rest[0])) if rest and rest[0] is not None else None,
        }
    return out


def complete(enterprise: Any, month: int, given: report_figures.Figures) -> report_figures.Figures:
    """``given``, with 0 for every other figure the enterprise's forms ask for (an above-size
    industrial enterprise's report goes on only when complete: validation.Filer)."""
    filer = report_figures.filers(month, [enterprise.pk])[enterprise.pk]
    out = {code: dict(values) for code, values in given.items()}
    for indicator in report_figures.indicator_map().values():
        if filer.files(indicator.form):
            values = out.setdefault(indicator.code, dict.fromkeys(validation.FIELDS))
            for field in validation.required_fields(indicator):
                if values.get(field) is None:
                    values[field] = Decimal(0)
    return out


def approved_report(enterprise: Any, year: int, month: int, **values: Any) -> MonthlyReport:
    """A report entered, submitted and approved by the system (for analysis tests); an
    above-size industrial enterprise's figures not named are 0 (:func:`complete`)."""
    period = period_get_or_create(year, month)
    report, _ = report_services.report_save(
        actor=None,
        enterprise=enterprise,
        period=period,
        figures=complete(enterprise, month, figures(**values)),
        explanation="测试数据",
        submit=True,
        check=False,
    )
    return report_services.report_approve(actor=None, report=report, check=False)
