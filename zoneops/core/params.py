"""Query parameters, read one way.

Absent or empty means the filter is off (None). Anything else that is not what the parameter
takes is refused with 400 naming the parameter (``BadRequest``, rendered by
``core.views.errors.bad_request``) — never a ValueError or an OverflowError deep in a query. An
object a parameter names is then looked up by the caller among what the user may see
(``get_object_or_404(queries.…(user=…), pk=…)``): 404.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import BadRequest
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from zoneops.core.bounds import ANY_DATE, BIGINT_MAX, DateSpan

T = TypeVar("T")

# ASCII digits only: str.isdigit() and int() also take full-width and other scripts' digits.
WHOLE = re.compile(r"^[0-9]{1,19}$")
MONTH = re.compile(r"^([0-9]{4})-([0-9]{1,2})$")


def _text(request: HttpRequest | QueryDict, name: str) -> str:
    params = request if isinstance(request, QueryDict) else request.GET
    return (params.get(name) or "").strip()


def _refuse(name: str, expected: str) -> BadRequest:
    return BadRequest(
        _("参数 %(name)s 有误：应为%(expected)s") % {"name": name, "expected": expected}
    )


def query_int(
    request: HttpRequest | QueryDict, name: str, *, low: int = 1, high: int = BIGINT_MAX
) -> int | None:
    """A whole number from ``low`` to ``high`` (an id by default), or None when absent."""
    text = _text(request, name)
    if not text:
        return None
    if not WHOLE.match(text) or not low <= int(text) <= high:
        if (low, high) == (1, BIGINT_MAX):
            raise _refuse(name, _("编号（正整数）"))
        raise _refuse(name, _("%(low)d 至 %(high)d 之间的整数") % {"low": low, "high": high})
    return int(text)


def query_date(
    request: HttpRequest | QueryDict, name: str, *, span: DateSpan = ANY_DATE
) -> dt.date | None:
    """A day as 2024-03-05, within ``span``, or None when absent."""
    text = _text(request, name)
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        day = None
    if day is None or not text.isascii():
        raise _refuse(name, _("日期，如 2024-03-05"))
    if problem := span.problem(day):
        raise _refuse(name, problem)
    return day


def query_month(
    request: HttpRequest | QueryDict, name: str, *, span: DateSpan = ANY_DATE
) -> tuple[int, int] | None:
    """A month as 2024-03, within ``span``, or None when absent."""
    text = _text(request, name)
    if not text:
        return None
    match = MONTH.match(text)
    if not match:
        raise _refuse(name, _("月份，如 2024-03"))
    year, month = int(match.group(1)), int(match.group(2))
    if problem := span.month_problem(year, month):
        raise _refuse(name, problem)
    return year, month


def query_parsed(
    request: HttpRequest | QueryDict, name: str, parse: Callable[[str], T | None], expected: str
) -> T | None:
    """A value an app's own parser reads (a quarter, a code), or None when absent; 400 naming
    the parameter and ``expected`` when the parser cannot read what was sent."""
    text = _text(request, name)
    if not text:
        return None
    value = parse(text)
    if value is None:
        raise _refuse(name, expected)
    return value
