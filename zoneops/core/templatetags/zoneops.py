"""Template filters for numbers, dates and history, as people in the zone read them."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import template
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import get_language

from zoneops.core import units

register = template.Library()


@register.filter
def cn_date(value: dt.date | None) -> str:
    """2024年3月5日 in Chinese, 2024-03-05 in English."""
    if not value:
        return "—"
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if (get_language() or "zh-hans").startswith("zh"):
        return f"{value.year}年{value.month}月{value.day}日"
    return value.isoformat()


@register.filter
def cn_datetime(value: dt.datetime | None) -> str:
    if not value:
        return "—"
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if (get_language() or "zh-hans").startswith("zh"):
        return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"


@register.filter
def yuan(value: Decimal | int | None, unit: str = "auto") -> str:
    """Money stored in 元, shown in 万元 or 亿元 as people read it."""
    if value in (None, ""):  # a missing figure (the template passes "" for an absent one)
        return "—"
    return units.format_money(value, unit)


@register.filter
def percent_of(part: int | None, whole: int | None) -> str:
    if not whole:
        return "—"
    return f"{(part or 0) * 100 / whole:.1f}%"


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for sorting and paging links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(list(params.lists()), doseq=True)


def _history_field(model_label: str, field: str) -> Any:
    """The field a history row names ("enterprises.enterprise", "name"), or None if gone."""
    from django.apps import apps

    try:
        return apps.get_model(model_label)._meta.get_field(field)
    except (LookupError, ValueError, Exception):
        return None


def _parts(context: Any, model_label: str) -> dict[str, tuple[str, str]]:
    """What a model's snapshots hold besides its fields ({key: (label, display unit)}, e.g. a
    report's figures by indicator), asked of the model once per page (``history_parts``)."""
    cache = context.render_context
    key = f"history_parts:{model_label}"
    if key not in cache:
        from django.apps import apps

        try:
            hook = getattr(apps.get_model(model_label), "history_parts", None)
        except (LookupError, ValueError):
            hook = None
        cache[key] = hook() if hook else {}
    parts: dict[str, tuple[str, str]] = cache[key]
    return parts


@register.simple_tag(takes_context=True)
def history_label(context: Any, model_label: str, field: str) -> str:
    """What a history row's field is called: the model field's verbose name, or the part's."""
    label = getattr(_history_field(model_label, field), "verbose_name", None)
    if label is None and field in (parts := _parts(context, model_label)):
        label = parts[field][0]
    return str(label) if label is not None else field


@register.simple_tag(takes_context=True)
def history_value(context: Any, model_label: str, field: str, value: Any) -> str:
    """A value in a history row as a reader knows it: a choice by its label (签约, not
    signed), dates and amounts as written (2023年12月20日, 25.00亿元), a report's figures in
    their indicator's display unit; anything else by :func:`show_value`."""
    found = _history_field(model_label, field)
    choices = getattr(found, "flatchoices", None) or []
    if choices and not isinstance(value, (list, dict)):
        labels = {str(key): label for key, label in choices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(value, str) and value:
        # Snapshots keep dates, times and amounts as text (2023-12-20, 2500000000.00).
        try:
            if isinstance(found, models.DateTimeField):
                return cn_datetime(dt.datetime.fromisoformat(value))
            if isinstance(found, models.DateField):
                return cn_date(dt.date.fromisoformat(value))
            if isinstance(found, models.DecimalField) and _is_money(found):
                return units.format_money(Decimal(value))
        except (ValueError, ArithmeticError):
            pass  # not what the field holds today: shown as stored
    if (
        isinstance(value, dict)
        and found is None
        and field in (parts := _parts(context, model_label))
    ):
        unit = parts[field][1]
        with contextlib.suppress(ValueError, ArithmeticError):  # else shown as stored
            value = {
                k: None if v is None else f"{in_unit(Decimal(v), unit)}{unit}"
                for k, v in value.items()
            }
    return show_value(value)


def _is_money(field: models.Field[Any, Any]) -> bool:
    """An amount in 元: its name says so, as every money field's label does (总投资（元）)."""
    with translation.override("zh-hans"):
        return str(field.verbose_name).endswith("（元）")


@register.filter
def show_value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if value is True:
        return "是" if (get_language() or "zh").startswith("zh") else "yes"
    if value is False:
        return "否" if (get_language() or "zh").startswith("zh") else "no"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        # A report's figures for one indicator: the labels staff know from the forms.
        labels = {
            "month_value": "本月",
            "ytd_value": "累计",
            "last_ytd_value": "上年同期累计",
            "last_month_value": "上年同期本月",
        }
        return (
            "，".join(f"{labels.get(k, k)} {v}" for k, v in value.items() if v is not None) or "—"
        )
    return str(value)


@register.filter
def add_class(bound_field: Any, css: str) -> Any:
    """Render a form field's widget with CSS classes (and aria-invalid when it has errors)."""
    attrs = {"class": css + (" is-invalid" if bound_field.errors else "")}
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def widget_kind(bound_field: Any) -> str:
    """How _form_fields.html lays a field out, by its widget: "choices" (a box or button per
    choice: tags, parks), "checkbox" (one box), "select" or "input"."""
    widget = bound_field.field.widget
    input_type = getattr(widget, "input_type", None)  # a Textarea has none
    multiple = getattr(widget, "allow_multiple_selected", False)
    if input_type == "radio" or (input_type == "checkbox" and multiple):
        return "choices"
    if input_type in ("checkbox", "select"):
        return str(input_type)
    return "input"


@register.filter
def in_unit(value: Decimal | None, unit: str) -> str:
    """A stored value shown in a display unit with thousands separators (万元, 万千瓦时, 人)."""
    if value in (None, ""):
        return "—"
    places = 0 if unit == "人" else 2
    shown = units.to_display(value, unit, places)
    return f"{shown:,}"


@register.filter
def pct(value: Decimal | float | None, places: int = 1) -> str:
    """A growth rate with its sign: +12.3% / −4.0%; "—" when it is not a number."""
    if value in (None, ""):
        return "—"
    number = float(value)
    text = f"{abs(number):.{places}f}%"
    return ("+" if number > 0 else "−" if number < 0 else "") + text


@register.filter
def growth_class(value: Decimal | float | None) -> str:
    if value in (None, ""):
        return "text-muted"
    return "text-success" if float(value) >= 0 else "text-danger"


@register.filter
def get_item(mapping: dict[str, Any] | None, key: str) -> Any:
    return (mapping or {}).get(key)


@register.filter
def points(value: Decimal | float | None, places: int = 2) -> str:
    """Percentage points (拉动): +3.27 / −0.55, without a % sign."""
    if value in (None, ""):
        return "—"
    number = float(value)
    return ("+" if number > 0 else "−" if number < 0 else "") + f"{abs(number):.{places}f}"
