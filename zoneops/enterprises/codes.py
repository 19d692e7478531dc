"""Making valid 统一社会信用代码 (for demo data and tests): GB 32100-2015 and GB 11714."""

from __future__ import annotations

from stdnum.cn import uscc

_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_check(body: str) -> str:
    """The check character of a 9-character organisation code (GB 11714-1997)."""
    total = sum(_ORG_ALPHABET.index(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def credit_code(number: int, *, division: str = "630100", kind: str = "91") -> str:
    """A valid code for enterprise ``number``: 91 (company) + division + organisation code."""
    body = f"{number % 10**8:08d}"
    base = kind + division + body + _org_check(body)
    code = base + uscc.calc_check_digit(base)
    uscc.validate(code)
    return code
