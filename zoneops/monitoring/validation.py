"""Validation rules as data, applied to a report's figures on entry, on import and on review.

Each finding names the indicator and the figure it is about, with the rule's message (written
for an enterprise to understand). Errors stop a report from being submitted; warnings need an
explanation (情况说明) before it can be.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from zoneops.monitoring.models import (
    Indicator,
    IndicatorKind,
    RuleKind,
    Severity,
    ValidationRule,
)

FIELDS = ("month_value", "ytd_value", "last_ytd_value", "last_month_value")
Figures = dict[str, dict[str, Decimal | None]]  # indicator code -> field -> value


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    indicator: str  # code, or "" for the report as a whole
    field: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR


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
) -> list[Finding]:
    """All findings for one report's figures; ``previous`` is the prior period of the same year."""
    active = rules if rules is not None else list(ValidationRule.objects.filter(is_active=True))
    findings: list[Finding] = []
    for rule in active:
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
    return [Finding(rule.code, rule.severity, code, f, rule.message) for code, f in places]


def blocking(findings: list[Finding], *, explained: bool) -> list[Finding]:
    """The findings that stop a submission: every error, and warnings left unexplained."""
    return [f for f in findings if f.is_error or not explained]


def as_messages(findings: list[Finding], indicators: dict[str, Indicator]) -> list[dict[str, Any]]:
    names = {code: i.name for code, i in indicators.items()}
    return [
        {
            "indicator": names.get(f.indicator, f.indicator),
            "field": f.field,
            "severity": f.severity,
            "message": f.message,
        }
        for f in findings
    ]
