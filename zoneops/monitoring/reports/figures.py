"""Reads of reported figures: a report's values as Figures, the month before, last year's, and the
validation findings on them."""

from __future__ import annotations

from zoneops.enterprises.models import Enterprise
from zoneops.monitoring.models import (
    Indicator,
    MonthlyReport,
    ReportingPeriod,
    ReportStatus,
    ReportValue,
    ValidationRule,
)
from zoneops.monitoring.reports import validation

CHUNK = 500  # ids per IN (...) lookup
FIELDS = validation.FIELDS


Figures = validation.Figures


def indicator_map() -> dict[str, Indicator]:
    return {i.code: i for i in Indicator.objects.filter(is_active=True)}


def figures_of(report: MonthlyReport | None) -> Figures:
    """A report's stored figures as {indicator code: {field: value}}."""
    if report is None or report.pk is None:
        return {}
    return {
        v.indicator.code: {f: getattr(v, f) for f in FIELDS}
        for v in report.values.select_related("indicator")
    }


def previous_figures(period: ReportingPeriod, enterprise_id: int) -> Figures:
    """The enterprise's figures of the month before in the same year (see :func:`_previous_of`)."""
    return _previous_of(period, [enterprise_id]).get(enterprise_id, {})


def last_year_figures(
    period: ReportingPeriod, enterprise_id: int
) -> tuple[ReportingPeriod | None, Figures]:
    """What the enterprise reported for the same month last year, as this period's 上年同期累计
    (for a stock, 上年同期): its year-to-date (期末数), from a submitted or approved report.
    With the period it came from, or (None, {}). A year whose 1—2月 was combined has no
    January to give."""
    report = (
        MonthlyReport.objects.filter(
            enterprise_id=enterprise_id,
            period__year=period.year - 1,
            period__month=period.month,
            status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED],
        )
        .select_related("period")
        .first()
    )
    if report is None:
        return None, {}
    figures = {
        code: {"last_ytd_value": values["ytd_value"]}
        for code, values in figures_of(report).items()
        if values.get("ytd_value") is not None
    }
    return report.period, figures


def filers(month: int, enterprise_ids: list[int]) -> dict[int, validation.Filer]:
    """Each enterprise's :class:`~validation.Filer` for a report of ``month``: whether it files
    the statistical forms (above size, industrial), read in one query per chunk."""
    filing: set[int] = set()
    for start in range(0, len(enterprise_ids), CHUNK):
        filing.update(
            Enterprise.objects.filter(
                pk__in=enterprise_ids[start : start + CHUNK], is_above_scale=True
            )
            .industrial()
            .values_list("pk", flat=True)
        )
    return {pk: validation.Filer(files_forms=pk in filing, month=month) for pk in enterprise_ids}


def findings_of(
    period: ReportingPeriod, reports: list[MonthlyReport]
) -> dict[int, list[validation.Finding]]:
    """Each report's validation findings (as :func:`findings_for`), read in bulk: a page of a
    period's reports, for the reviewer to see which need a look before approving."""
    if not reports:
        return {}
    ids = [report.enterprise_id for report in reports]
    figures = period_figures(period, ids)
    previous = _previous_of(period, ids)
    indicators = indicator_map()
    rules = list(ValidationRule.objects.filter(is_active=True))
    filer = filers(period.month, ids)
    return {
        report.pk: validation.check(
            figures=figures.get(report.enterprise_id, {}),
            previous=previous.get(report.enterprise_id, {}),
            indicators=indicators,
            rules=rules,
            filer=filer[report.enterprise_id],
        )
        for report in reports
    }


def findings_for(
    report: MonthlyReport,
    figures: Figures | None = None,
    indicators: dict[str, Indicator] | None = None,
) -> list[validation.Finding]:
    """A report's findings as a whole (complete or not included: it is to go on, or be read
    by whoever will send it on)."""
    return validation.check(
        figures=figures if figures is not None else figures_of(report),
        previous=previous_figures(report.period, report.enterprise_id),
        indicators=indicators if indicators is not None else indicator_map(),
        filer=filers(report.period.month, [report.enterprise_id])[report.enterprise_id],
    )


def period_figures(period: ReportingPeriod | None, enterprise_ids: list[int]) -> dict[int, Figures]:
    """The stored figures of these enterprises' reports of a period, by enterprise id."""
    out: dict[int, Figures] = {}
    if period is None or not enterprise_ids:
        return out
    values = ReportValue.objects.filter(report__period=period)
    if len(enterprise_ids) <= CHUNK:
        chunks = [values.filter(report__enterprise_id__in=enterprise_ids)]
    else:
        # Most of a period (an import): read it whole and keep the wanted ones, rather than
        # many long IN (...) lists.
        chunks = [values]
    wanted = set(enterprise_ids)
    for rows in chunks:
        for enterprise_id, code, *figures in rows.values_list(
            "report__enterprise_id", "indicator__code", *FIELDS
        ):
            if enterprise_id in wanted:
                out.setdefault(enterprise_id, {})[code] = dict(zip(FIELDS, figures, strict=True))
    return out


def _previous_of(period: ReportingPeriod, enterprise_ids: list[int]) -> dict[int, Figures]:
    """Each enterprise's figures of the month before in the same year (none for the year's
    first period, or 1—2月), against which year-to-date rules check."""
    if period.month == 1 or period.months_covered == 2:
        return {}
    before = ReportingPeriod.objects.filter(year=period.year, month=period.month - 1).first()
    return period_figures(before, enterprise_ids)
