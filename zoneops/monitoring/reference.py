"""The catalogue the monitoring app ships with: the real form indicators, the default
validation rules and the default alert rules (docs/domain.md#the-monthly-forms,
#validation-rules, #alerts). Loaded by migration; loading again changes nothing, so tests that
flush the database can restore it."""

from __future__ import annotations

from typing import Any

# code, name, stored unit, display unit, kind, form, allows negative
INDICATORS: list[tuple[str, str, str, str, str, str, bool]] = [
    ("output_value", "工业总产值", "yuan", "万元", "flow", "B204-1", False),
    ("sales_value", "工业销售产值", "yuan", "万元", "flow", "B204-1", False),
    ("export_value", "出口交货值", "yuan", "万元", "flow", "B204-1", False),
    ("electricity", "企业用电量", "kwh", "万千瓦时", "flow", "B204-1", False),
    ("revenue", "营业收入", "yuan", "万元", "flow", "B203", False),
    ("main_revenue", "主营业务收入", "yuan", "万元", "flow", "B203", False),
    ("operating_cost", "营业成本", "yuan", "万元", "flow", "B203", False),
    ("total_profit", "利润总额", "yuan", "万元", "flow", "B203", True),
    ("vat_payable", "应交增值税", "yuan", "万元", "flow", "B203", True),
    ("taxes_surcharges", "税金及附加", "yuan", "万元", "flow", "B203", False),
    ("employees_avg", "平均用工人数", "person", "人", "stock", "B203", False),
    ("employees_end", "期末用工人数", "person", "人", "stock", "B203", False),
    ("total_assets", "资产总计", "yuan", "万元", "stock", "B203", False),
    ("total_liabilities", "负债合计", "yuan", "万元", "stock", "B203", False),
]

# code, kind, indicator code or None, threshold %, severity, message (an enterprise reads it)
RULES: list[tuple[str, str, str | None, str | None, str, str]] = [
    (
        "ytd-not-below-previous",
        "ytd_not_below_previous",
        None,
        None,
        "error",
        "“1—本月累计”不能小于上月报送的累计数，请核对是否漏报或填成了本月数。",
    ),
    (
        "ytd-equals-sum",
        "ytd_equals_sum",
        None,
        "0.5",
        "error",
        "“1—本月累计”应等于上月累计加本月数，请核对。",
    ),
    (
        "sales-not-above-output",
        "sales_not_above_output",
        None,
        "10",
        "warning",
        "工业销售产值明显高于工业总产值（产销率超过110%），如确属消化库存请在情况说明中写明。",
    ),
    (
        "yoy-needs-explanation",
        "yoy_needs_explanation",
        None,
        "50",
        "warning",
        "与上年同期相比变动超过50%，请在情况说明中写明原因（如新增产能、停产检修、价格变化）。",
    ),
    (
        "electricity-output-diverge",
        "electricity_output_diverge",
        None,
        "20",
        "warning",
        "用电量与工业总产值变动方向相反且相差较大，请核对数据或写明原因。",
    ),
    (
        "no-negative",
        "no_negative",
        None,
        None,
        "error",
        "该指标不能为负数（只有利润、应交增值税等可以为负）。",
    ),
    # Checked when a report is submitted, imported as submitted or approved (a draft may be
    # incomplete): every indicator of the forms the enterprise files, 本月 and 1—本月累计 of
    # a flow, 期末数 of a stock.
    (
        "required-figures",
        "required_figures",
        None,
        None,
        "error",
        "报表要求填报的指标不能空着：本月和1—本月累计都要填，当月没有发生的请填0。",
    ),
    (
        "not-empty",
        "not_empty",
        None,
        None,
        "error",
        "报表中没有任何数据，不能报送。",
    ),
]

# code, kind, indicator code, blue, orange, red (percent falls; report missing uses days late)
ALERT_RULES: list[tuple[str, str, str | None, str | None, str | None, str | None]] = [
    ("output-fall", "output_fall", "output_value", "0", "-10", "-20"),
    ("electricity-fall", "electricity_fall", "electricity", "0", "-10", "-20"),
    ("missing-report", "missing_report", None, "0", "3", "10"),
    ("divergence", "divergence", "electricity", "20", "30", "50"),
]


def load_reference_data(indicator_model: Any, rule_model: Any, alert_rule_model: Any) -> None:
    indicators = {}
    for order, (code, name, unit, shown, kind, form, negative) in enumerate(INDICATORS):
        indicator, _ = indicator_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "display_unit": shown,
                "kind": kind,
                "form": form,
                "allows_negative": negative,
                "order": order * 10,
            },
        )
        indicators[code] = indicator
    for code, kind, indicator, threshold, severity, message in RULES:
        rule_model.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "indicator": indicators.get(indicator or ""),
                "threshold": threshold,
                "severity": severity,
                "message": message,
            },
        )
    for code, kind, indicator, blue, orange, red in ALERT_RULES:
        alert_rule_model.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "indicator": indicators.get(indicator or ""),
                "blue_threshold": blue,
                "orange_threshold": orange,
                "red_threshold": red,
            },
        )
