"""Bounds at the edge, declared once, on the model.

A number is held to its model field's digits (``max_digits``/``decimal_places``) and to the range
its validators state (``MinValueValidator``/``MaxValueValidator``, an integer column's width); a
date to the span its model declares in ``date_spans`` (``{"lead_on": HAPPENED}``), any other date
to ``ANY_DATE``. Three doors read the same declaration:

- ``BoundedModel.clean_fields`` (so ``full_clean``: every ModelForm, every service that validates,
  every import) refuses a date outside its span; Django's own ``DecimalValidator`` refuses digits;
- ``field_type(Model, "name")`` gives an API schema the pydantic type with the same bounds, so
  the API answers 422 before anything is written, and the OpenAPI document says the range;
- ``form_field(Model, "name")`` gives a plain form the field with the same bounds.

Without this, one absurd figure (``1e300``) is stored, cannot be read back (SQLite keeps it as a
REAL that the Decimal converter refuses), and every page that lists it answers 500.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import AfterValidator, GetCoreSchemaHandler
from pydantic import Field as PydanticField

from zoneops.core.templatetags.zoneops import cn_date

# The widest integer every supported database stores (SQLite INTEGER, PostgreSQL bigint).
BIGINT_MAX = 2**63 - 1
INTEGER_RANGES = {
    "SmallIntegerField": (-(2**15), 2**15 - 1),
    "PositiveSmallIntegerField": (0, 2**15 - 1),
    "IntegerField": (-(2**31), 2**31 - 1),
    "PositiveIntegerField": (0, 2**31 - 1),
    "BigIntegerField": (-(2**63), BIGINT_MAX),
    "PositiveBigIntegerField": (0, BIGINT_MAX),
    "AutoField": (1, 2**31 - 1),
    "BigAutoField": (1, BIGINT_MAX),
}


@dataclass(frozen=True)
class DateSpan:
    """The dates the domain allows for a field: from ``earliest`` to ``days_ahead`` days after
    today (None: to ``LAST_DATE``). Today moves, so the latest day is computed when checked."""

    earliest: dt.date
    days_ahead: int | None = None
    # What the span means, for the message: a thing that happened cannot be after today.
    what: str = ""

    def latest(self) -> dt.date:
        if self.days_ahead is None:
            return LAST_DATE
        return timezone.localdate() + dt.timedelta(days=self.days_ahead)

    def problem(self, value: dt.date) -> str | None:
        """Why ``value`` is outside the span, in the user's language; None when it is inside."""
        if value < self.earliest:
            return _("日期不能早于%(day)s") % {"day": cn_date(self.earliest)}
        latest = self.latest()
        if value > latest:
            if self.days_ahead == 0:
                return _("日期不能晚于今天（%(day)s）") % {"day": cn_date(latest)}
            return _("日期不能晚于%(day)s") % {"day": cn_date(latest)}
        return None

    def validate(self, value: Any) -> None:
        """A Django validator: for forms and ``clean_fields``."""
        if isinstance(value, dt.date) and (message := self.problem(value)):
            raise ValidationError(message, code="date_span")

    def month_problem(self, year: int, month: int) -> str | None:
        """Why a month (a reporting period) is outside the span: its first day is checked
        against the earliest day, and it may not start after the latest day."""
        if not (self.earliest.year <= year <= self.latest().year and 1 <= month <= 12):
            return self._month_message()
        first = dt.date(year, month, 1)
        if first < self.earliest.replace(day=1) or first > self.latest():
            return self._month_message()
        return None

    def _month_message(self) -> str:
        latest = self.latest()
        return _("月份应在 %(first)s 至 %(last)s 之间") % {
            "first": f"{self.earliest.year}-{self.earliest.month:02d}",
            "last": f"{latest.year}-{latest.month:02d}",
        }

    def _pydantic(self, value: dt.date) -> dt.date:
        if message := self.problem(value):
            raise ValueError(message)
        return value


LAST_DATE = dt.date(2100, 12, 31)
# Any date at all: a figure of this zone's work is not from before 1900 nor after 2100.
ANY_DATE = DateSpan(dt.date(1900, 1, 1))
# A date of the zone's own work, past or to come (a statistics window, a filter).
ZONE_ERA = DateSpan(dt.date(1990, 1, 1))
# Something that has happened (a lead obtained, a contract signed, funds arrived, a stage
# reached): since the zone's era, and not after today.
HAPPENED = DateSpan(dt.date(1990, 1, 1), days_ahead=0)
# An enterprise's founding, a listing's date: it happened, possibly long ago.
ESTABLISHED = DateSpan(dt.date(1900, 1, 1), days_ahead=0)
# A plan's date (a planned start, a deadline, an event to come): not more than 15 years ahead.
PLANNED = DateSpan(dt.date(1990, 1, 1), days_ahead=15 * 366)
# A reporting month: the monthly ledgers start in 2000 and a month is reported once it began.
REPORTED_MONTH = DateSpan(dt.date(2000, 1, 1), days_ahead=0)


def money_field(
    label: Any, *, max_digits: int = 16, minimum: Decimal = Decimal(0), **kwargs: Any
) -> models.DecimalField[Any, Any]:
    """An amount in yuan, to the fen, never below ``minimum``: how a model declares money, so
    every app's amounts have the same bounds at the edge."""
    return models.DecimalField(
        label,
        max_digits=max_digits,
        decimal_places=2,
        validators=[MinValueValidator(minimum)],
        **kwargs,
    )


def date_span(model: type[models.Model], name: str) -> DateSpan:
    spans: dict[str, DateSpan] = getattr(model, "date_spans", {})
    return spans.get(name, ANY_DATE)


class BoundedModel:
    """Mixed into a model: ``full_clean`` refuses a date outside its field's span.

    A model names its spans in ``date_spans``; every other date field is held to ``ANY_DATE``.
    (A plain class attribute, so no migration: the bound is the domain's, not the column's.)
    """

    date_spans: dict[str, DateSpan] = {}

    def clean_fields(self, exclude: Any = None) -> None:
        errors: dict[str, Any] = {}
        try:
            super().clean_fields(exclude=exclude)  # type: ignore[misc]
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in self._meta.concrete_fields:  # type: ignore[attr-defined]
            if not isinstance(field, models.DateField) or field.name in errors:
                continue
            if exclude and field.name in exclude:
                continue
            value = getattr(self, field.attname)
            if isinstance(value, dt.date):
                message = date_span(type(self), field.name).problem(_as_date(value))  # type: ignore[arg-type]
                if message:
                    errors[field.name] = [message]
        if errors:
            raise ValidationError(errors)


def _as_date(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def number_range(field: models.Field) -> tuple[Any, Any]:  # type: ignore[type-arg]
    """(lowest, highest) the field's validators and column allow; None where open."""
    low: Any
    high: Any
    low, high = INTEGER_RANGES.get(field.get_internal_type(), (None, None))
    for validator in field.validators:
        limit = getattr(validator, "limit_value", None)
        if limit is None or callable(limit):
            continue
        if isinstance(validator, MinValueValidator):
            low = limit if low is None else max(low, limit)
        elif isinstance(validator, MaxValueValidator):
            high = limit if high is None else min(high, limit)
    if isinstance(field, models.DecimalField) and field.max_digits is not None:
        places = field.decimal_places or 0
        widest = Decimal(10) ** (field.max_digits - places) - Decimal(10) ** -places
        high = widest if high is None else min(Decimal(high), widest)
        low = -widest if low is None else max(Decimal(low), -widest)
    return low, high


def number_problem(model: type[models.Model], name: str, value: Any) -> str | None:
    """Why ``value`` does not fit the model field ``name`` (its digits or its range), in the
    user's language; None when it fits. Decimals beyond the field's places are rounded as the
    column stores them. For services that write many figures without ``full_clean``."""
    field: models.Field[Any, Any] = model._meta.get_field(name)  # type: ignore[assignment]
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except ArithmeticError:
        return _("应为数字")
    if not number.is_finite():
        return _("应为数字")
    low, high = number_range(field)
    if high is not None and number > high:
        return _("数值过大：不能超过 %(limit)s") % {"limit": _plain(high)}
    if low is not None and number < low:
        return _("数值过小：不能小于 %(limit)s") % {"limit": _plain(low)}
    return None


def _plain(limit: Any) -> str:
    """A limit as people write it (9999999999999999.99, never 1E+16)."""
    return f"{Decimal(limit):f}"


class Bound:
    """An API schema field bounded as a model field is: ``Annotated[Decimal, Bound(Project,
    "total_investment")]`` (``| None`` outside the ``Annotated`` for an optional one; ``extra``:
    a narrower ``ge``/``le``). Pydantic then refuses what the model would refuse (digits, range,
    date span) with 422, and the OpenAPI document states the bounds."""

    def __init__(self, model: type[models.Model], name: str, **extra: Any) -> None:
        self.model, self.name, self.extra = model, name, extra

    def metadata(self) -> list[Any]:
        field = self.model._meta.get_field(self.name)
        if isinstance(field, models.DateField):
            span = date_span(self.model, self.name)
            return [AfterValidator(span._pydantic), PydanticField(description=_span_text(span))]
        if isinstance(field, models.ForeignKey):
            return [PydanticField(ge=1, le=BIGINT_MAX)]
        low, high = number_range(field)  # type: ignore[arg-type]
        constraints: dict[str, Any] = {}
        if low is not None:
            constraints["ge"] = low
        if high is not None:
            constraints["le"] = high
        if isinstance(field, models.DecimalField):
            constraints["max_digits"] = field.max_digits
            constraints["decimal_places"] = field.decimal_places
        elif not isinstance(field, models.IntegerField):
            raise TypeError(f"Bound does not bound {type(field).__name__}: {self.name}")
        constraints.update(self.extra)
        return [PydanticField(**constraints)]

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return handler.generate_schema(Annotated[source, *self.metadata()])


def _span_text(span: DateSpan) -> str:
    if span.days_ahead == 0:
        return f"{span.earliest.isoformat()} .. today"
    if span.days_ahead is None:
        return f"{span.earliest.isoformat()} .. {LAST_DATE.isoformat()}"
    return f"{span.earliest.isoformat()} .. today + {span.days_ahead} days"


def form_field(model: type[models.Model], name: str, **kwargs: Any) -> forms.Field:
    """The form field of a model field for a plain form, bounded as the model is: digits and
    range for numbers, the span for dates (``kwargs`` as for ``Field.formfield``)."""
    field: models.Field[Any, Any] = model._meta.get_field(name)  # type: ignore[assignment]
    if isinstance(field, models.DecimalField | models.IntegerField):
        low, high = number_range(field)
        kwargs.setdefault("min_value", low)
        kwargs.setdefault("max_value", high)
    formfield = field.formfield(**kwargs)
    assert formfield is not None
    if isinstance(field, models.DateField):
        formfield.validators.append(date_span(model, name).validate)
    return formfield


def date_in_span(span: DateSpan) -> Any:
    """A date type for a schema field that no model holds (a filter, an action's date)."""
    return Annotated[dt.date, AfterValidator(span._pydantic)]


# An object's id as the API takes it in a path, a query or a body: positive, and no wider than
# the column, so a huge number is a 422 rather than an OverflowError in the database driver.
Id = Annotated[int, PydanticField(ge=1, le=BIGINT_MAX)]
