"""Validation rules as data, applied to a report's figures on entry, on import and on review.

Each finding names the indicator and the figure it is about, with the rule's message (written
for an enterprise to understand). Errors stop a report from being submitted; warnings need an
explanation (情况说明) before it can be.

Whether a report is complete is a rule too (``required_figures``, ``not_empty``), checked only
where a report goes on as a whole: submitted, imported as submitted, approved, corrected. The
caller says so by naming the report's :class:`Filer`; a draft, or the grid's electricity for
one indicator, is checked without one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from zoneops.monitoring.models import (
    Indicator,
    IndicatorKind,
    ReportForm,
    RuleKind,
    Severity,
    ValidationRule,
)

FIELDS = ("month_value", "ytd_value", "last_ytd_value", "last_month_value")
FIELD_LABELS = {
    "month_value": _("本月"),
    "ytd_value": _("1—本月累计"),
    "last_ytd_value": _("上年同期累计"),
    "last_month_value": _("上年同期本月"),
}
STOCK_LABELS = {"ytd_value": _("期末数"), "last_ytd_value": _("上年同期")}
Figures = dict[str, dict[str, Decimal | None]]  # indicator code -> field -> value


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    indicator: str  # code, or "" for the report as a whole
    field: str
    message: str
    kind: str = ""  # the rule's kind (RuleKind)

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR


@dataclass(frozen=True)
class Filer:
    """Who a report is from, and for which month: what decides the forms it must carry in full.

    An above-size industrial enterprise (联网直报) files the output form (B204-1) every month
    and the financial form (B203) every month but January (the bureau takes January and
    February together, docs/domain.md#who-files-which-form). Other enterprises (a below-size one
    the zone follows) file
    no statistical form: their report need only hold something.
    """

    files_forms: bool
    month: int

    def files(self, form: str) -> bool:
        if not self.files_forms:
            return False
        if form == ReportForm.FINANCE:
            return self.month != 1
        return form == ReportForm.OUTPUT


def required_fields(indicator: Indicator) -> tuple[str, ...]:
    """The figures a form asks of an indicator: 本月 and 1—本月累计 of a flow, 期末数 of a stock."""
    return ("month_value", "ytd_value") if indicator.kind == IndicatorKind.FLOW else ("ytd_value",)


def _pct_change(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    if now is None or before is None or before <= 0:
        return None
    return (now / before - 1) * 100


def check(
    *,
    figures: Figures,
    previous: Figures | None,
    indicators: dict[str, Indicator],
    rules: list[ValidationRule] | None = None,
    filer: Filer | None = None,
) -> list[Finding]:
    """All findings for one report's figures; ``previous`` is the prior period of the same year.

    With ``filer`` the report is checked as a whole (it is to be submitted or approved): the
    completeness rules apply too.
    """
    active = rules if rules is not None else list(ValidationRule.objects.filter(is_active=True))
    findings: list[Finding] = []
    for rule in active:
        if rule.kind in WHOLE:
            if filer is not None:
                places = WHOLE[rule.kind](rule, figures, indicators, filer)
                findings += [
                    Finding(rule.code, rule.severity, c, f, rule.message, rule.kind)
                    for c, f in places
                ]
            continue
        findings.extend(_apply(rule, figures, previous or {}, indicators))
    return findings


def _targets(
    rule: ValidationRule, figures: Figures, indicators: dict[str, Indicator]
) -> list[Indicator]:
    """The report's indicators a per-indicator rule looks at (its own one, or all)."""
    found = [indicators[code] for code in figures if code in indicators]
    if rule.indicator_id:
        return [i for i in found if i.pk == rule.indicator_id]
    return found


ONE = Decimal(1)
ZERO = Decimal(0)
# A finding's place: (indicator code, field).
Places = list[tuple[str, str]]


def _no_negative(
    i: Indicator, values: dict[str, Any], before: dict[str, Any], t: Decimal
) -> Places:
    if i.allows_negative:
        return []
    return [(i.code, f) for f in FIELDS if (values.get(f) or 0) < 0]


def _ytd_not_below(
    i: Indicator, values: dict[str, Any], before: dict[str, Any], t: Decimal
) -> Places:
    if i.kind != IndicatorKind.FLOW or i.allows_negative:
        return []
    ytd, prev = values.get("ytd_value"), before.get("ytd_value")
    return [(i.code, "ytd_value")] if ytd is not None and prev is not None and ytd < prev else []


def _ytd_sum(i: Indicator, values: dict[str, Any], before: dict[str, Any], t: Decimal) -> Places:
    if i.kind != IndicatorKind.FLOW:
        return []
    ytd, month, prev = values.get("ytd_value"), values.get("month_value"), before.get("ytd_value")
    if ytd is None or month is None or prev is None:
        return []
    return (
        [(i.code, "ytd_value")] if abs(ytd - (prev + month)) > max(abs(ytd) * t / 100, ONE) else []
    )


def _yoy(i: Indicator, values: dict[str, Any], before: dict[str, Any], t: Decimal) -> Places:
    if i.kind != IndicatorKind.FLOW or i.allows_negative:
        return []
    change = _pct_change(values.get("ytd_value"), values.get("last_ytd_value"))
    return [(i.code, "ytd_value")] if change is not None and abs(change) > t else []


def _sales_above_output(figures: Figures, t: Decimal) -> Places:
    output = figures.get("output_value", {}).get("ytd_value")
    sales = figures.get("sales_value", {}).get("ytd_value")
    if output and sales is not None and output > 0 and sales > output * (1 + t / 100):
        return [("sales_value", "ytd_value")]
    return []


def _diverge(figures: Figures, t: Decimal) -> Places:
    output, power = figures.get("output_value", {}), figures.get("electricity", {})
    out = _pct_change(output.get("ytd_value"), output.get("last_ytd_value"))
    used = _pct_change(power.get("ytd_value"), power.get("last_ytd_value"))
    if out is not None and used is not None and out * used < 0 and abs(out - used) > t:
        return [("electricity", "ytd_value")]
    return []


def _required(
    rule: ValidationRule, figures: Figures, indicators: dict[str, Indicator], filer: Filer
) -> Places:
    """Every figure the filer's forms ask for that the report leaves blank (the rule's own
    indicator only, when it names one)."""
    wanted = [i for i in indicators.values() if filer.files(i.form)]
    if rule.indicator_id:
        wanted = [i for i in wanted if i.pk == rule.indicator_id]
    places: Places = []
    for indicator in sorted(wanted, key=lambda i: (i.order, i.code)):
        values = figures.get(indicator.code, {})
        places += [(indicator.code, f) for f in required_fields(indicator) if values.get(f) is None]
    return places


def _not_empty(
    rule: ValidationRule, figures: Figures, indicators: dict[str, Indicator], filer: Filer
) -> Places:
    filled = any(v is not None for values in figures.values() for v in values.values())
    return [] if filled else [("", "")]


# Rules on the report as a whole (see :class:`Filer`).
WHOLE: dict[str, Callable[[ValidationRule, Figures, dict[str, Indicator], Filer], Places]] = {
    RuleKind.REQUIRED_FIGURES: _required,
    RuleKind.NOT_EMPTY: _not_empty,
}

# Rules checked indicator by indicator, and rules comparing two indicators of the report.
PER_INDICATOR: dict[str, Callable[[Indicator, dict[str, Any], dict[str, Any], Decimal], Places]] = {
    RuleKind.NO_NEGATIVE: _no_negative,
    RuleKind.YTD_NOT_BELOW_PREVIOUS: _ytd_not_below,
    RuleKind.YTD_EQUALS_SUM: _ytd_sum,
    RuleKind.YOY_NEEDS_EXPLANATION: _yoy,
}
ACROSS: dict[str, Callable[[Figures, Decimal], Places]] = {
    RuleKind.SALES_NOT_ABOVE_OUTPUT: _sales_above_output,
    RuleKind.ELECTRICITY_OUTPUT_DIVERGE: _diverge,
}


def _apply(
    rule: ValidationRule, figures: Figures, previous: Figures, indicators: dict[str, Indicator]
) -> list[Finding]:
    threshold = rule.threshold if rule.threshold is not None else ZERO
    places: Places = []
    per_indicator = PER_INDICATOR.get(rule.kind)
    if per_indicator is not None:
        for indicator in _targets(rule, figures, indicators):
            places += per_indicator(
                indicator, figures[indicator.code], previous.get(indicator.code, {}), threshold
            )
    elif rule.kind in ACROSS:
        places = ACROSS[rule.kind](figures, threshold)
    return [
        Finding(rule.code, rule.severity, code, f, rule.message, rule.kind) for code, f in places
    ]


def blocking(findings: list[Finding], *, explained: bool) -> list[Finding]:
    """The findings that stop a submission: every error, and warnings left unexplained."""
    return [f for f in findings if f.is_error or not explained]


def as_messages(findings: list[Finding], indicators: dict[str, Indicator]) -> list[dict[str, Any]]:
    """The findings for a person: one line per rule, naming every figure it is about
    (a report missing twenty figures reads as one line that lists them)."""
    lines: dict[tuple[str, str, str], dict[str, Any]] = {}
    for f in findings:
        line = lines.setdefault(
            (f.rule, f.severity, f.message),
            {"places": [], "field": f.field, "severity": f.severity, "message": f.message},
        )
        line["places"].append(place_label(f, indicators))
    return [
        {
            "indicator": "、".join(p for p in dict.fromkeys(line.pop("places")) if p),
            **line,
        }
        for line in lines.values()
    ]


def place_label(finding: Finding, indicators: dict[str, Indicator]) -> str:
    """工业总产值（本月）: the figure a finding is about, as the form names it."""
    indicator = indicators.get(finding.indicator)
    if indicator is None:
        return finding.indicator
    labels = STOCK_LABELS if indicator.kind == IndicatorKind.STOCK else FIELD_LABELS
    label = labels.get(finding.field)
    return f"{indicator.name}（{label}）" if label else indicator.name
