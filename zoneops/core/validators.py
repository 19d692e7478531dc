"""Validators for values every app takes in the same shape (telephone numbers)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A mainland mobile number (11 digits, 13x to 19x), optionally after +86, grouped by spaces or
# hyphens as people write it (138 0971 1234, 138-0971-1234).
_MOBILE = re.compile(r"(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}")
# A landline with its area code (010, 02x, 0971 …: 0 and 2 or 3 digits, maybe in brackets),
# a 7- or 8-digit number that starts with 2–9, and an optional extension.
_LANDLINE = re.compile(
    r"(?:\+?86[\s-]?)?(?:0\d{2,3}|[(（]0\d{2,3}[)）])[\s-]?[2-9]\d{2,3}[\s-]?\d{4}"
    r"(?:\s*(?:转|分机|ext\.?|#|-)\s*\d{1,6})?",
    re.IGNORECASE,
)


def validate_cn_phone(value: str) -> None:
    """A Chinese telephone number: a mobile, or a landline with its area code."""
    text = value.strip()
    if not text or _MOBILE.fullmatch(text) or _LANDLINE.fullmatch(text):
        return
    raise ValidationError(
        _("请填写有效的电话号码：11位手机号，或带区号的固定电话（如 0971-8123456）"),
        code="phone",
    )
