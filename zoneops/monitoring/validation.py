"""Validation rules as data, applied to a report's figures on entry, on import and on review.

Each finding names the indicator and the figure it is about, with the rule's message (written
for an enterprise to understand). Errors stop a report from being submitted; warnings need an
explanation (情况说明) before it can be.
"""

from __future__ import annotations

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


# Rules checked indicator by indicator; the others compare two indicators of the report.
PER_INDICATOR = frozenset(
    {
        RuleKind.NO_NEGATIVE,
        RuleKind.YTD_NOT_BELOW_PREVIOUS,
        RuleKind.YTD_EQUALS_SUM,
        RuleKind.YOY_NEEDS_EXPLANATION,
    }
)


def _apply(
    rule: ValidationRule, figures: Figures, previous: Figures, indicators: dict[str, Indicator]
) -> list[Finding]:
    found: list[Finding] = []

    def add(indicator: str, field: str) -> None:
        found.append(Finding(rule.code, rule.severity, indicator, field, rule.message))

    threshold = rule.threshold if rule.threshold is not None else Decimal(0)
    targets = _targets(rule, figures, indicators) if rule.kind in PER_INDICATOR else []
    for indicator in targets:
        values = figures[indicator.code]
        before = previous.get(indicator.code, {})
        flow = indicator.kind == IndicatorKind.FLOW
        if rule.kind == RuleKind.NO_NEGATIVE and not indicator.allows_negative:
            for field in FIELDS:
                if (values.get(field) or 0) < 0:
                    add(indicator.code, field)
        elif (
            rule.kind == RuleKind.YTD_NOT_BELOW_PREVIOUS and flow and not indicator.allows_negative
        ):
            ytd, prev = values.get("ytd_value"), before.get("ytd_value")
            if ytd is not None and prev is not None and ytd < prev:
                add(indicator.code, "ytd_value")
        elif rule.kind == RuleKind.YTD_EQUALS_SUM and flow:
            ytd, month, prev = (
                values.get("ytd_value"),
                values.get("month_value"),
                before.get("ytd_value"),
            )
            if (
                ytd is not None
                and month is not None
                and prev is not None
                and abs(ytd - (prev + month)) > max(abs(ytd) * threshold / 100, Decimal("1"))
            ):
                add(indicator.code, "ytd_value")
        elif rule.kind == RuleKind.YOY_NEEDS_EXPLANATION and flow and not indicator.allows_negative:
            change = _pct_change(values.get("ytd_value"), values.get("last_ytd_value"))
            if change is not None and abs(change) > threshold:
                add(indicator.code, "ytd_value")
    if rule.kind == RuleKind.SALES_NOT_ABOVE_OUTPUT:
        output = figures.get("output_value", {}).get("ytd_value")
        sales = figures.get("sales_value", {}).get("ytd_value")
        if output and sales is not None and output > 0 and sales > output * (1 + threshold / 100):
            add("sales_value", "ytd_value")
    if rule.kind == RuleKind.ELECTRICITY_OUTPUT_DIVERGE:
        out = _pct_change(
            figures.get("output_value", {}).get("ytd_value"),
            figures.get("output_value", {}).get("last_ytd_value"),
        )
        power = _pct_change(
            figures.get("electricity", {}).get("ytd_value"),
            figures.get("electricity", {}).get("last_ytd_value"),
        )
        if (
            out is not None
            and power is not None
            and out * power < 0
            and abs(out - power) > threshold
        ):
            add("electricity", "ytd_value")
    return found


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
