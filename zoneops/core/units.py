"""Units: each quantity has one stored unit and is converted only here, at the edges.

Money is stored in 元 (Decimal), electricity in kWh, people in persons. Imports convert from
千元, 万元, 亿元 and 万千瓦时; pages show 万元 or 亿元.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

MONEY_FACTORS = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10_000),
    "百万元": Decimal(1_000_000),
    "亿元": Decimal(100_000_000),
}
ENERGY_FACTORS = {
    "千瓦时": Decimal(1),
    "kwh": Decimal(1),
    "度": Decimal(1),
    "万千瓦时": Decimal(10_000),
    "万度": Decimal(10_000),
    "亿千瓦时": Decimal(100_000_000),
}


PERSON_FACTORS = {"人": Decimal(1)}


def factor(unit: str) -> Decimal:
    """How many stored units one of ``unit`` is (万元 → 10 000 元, 万千瓦时 → 10 000 kWh)."""
    key = unit.strip()
    for table in (MONEY_FACTORS, ENERGY_FACTORS, PERSON_FACTORS):
        if key in table:
            return table[key]
    if key.lower() == "kwh":
        return Decimal(1)
    raise ValueError(f"unknown unit: {unit}")


def to_display(value: Decimal | None, unit: str, places: int = 2) -> Decimal | None:
    """A stored value in a display unit, rounded (元 → 万元 …)."""
    if value is None:
        return None
    return (Decimal(value) / factor(unit)).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
    )


def plain(value: Decimal | int | float | None) -> str:
    """A number as people write it: 5000, 0.5, -12.25 (no exponent, no trailing zeros);
    "" for none. The one way a Decimal becomes text in a form, a page, a file or the API:
    ``str()`` and ``normalize()`` give 5E+3 for a round 5000."""
    if value is None:
        return ""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        return str(number)
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def to_input(value: Decimal | None, unit: str, places: int = 4) -> str:
    """A stored value as a form shows it for typing in ``unit`` (元 → "50" 万元)."""
    return plain(to_display(value, unit, places))


def to_stored(value: Decimal | int | float | str, unit: str) -> Decimal:
    """A figure in a named unit (千元, 万元, 万千瓦时 …) converted to the stored unit."""
    try:
        return Decimal(str(value)) * factor(unit)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc


def format_money(value: Decimal | int | None, unit: str = "auto", places: int = 2) -> str:
    """元 shown as 万元 or 亿元 ("auto": 亿元 from one hundred million up)."""
    if value is None:
        return "—"
    amount = Decimal(value)
    if unit == "auto":
        unit = "亿元" if abs(amount) >= MONEY_FACTORS["亿元"] else "万元"
    shown = (amount / MONEY_FACTORS[unit]).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
    )
    return f"{shown:,}{unit}"


# ---- figures as sentences write them (the briefing, the safety bulletin) --------------------

TENTH = Decimal("0.1")


def dec(text: Any) -> Decimal | None:
    return None if text is None or text == "" else Decimal(str(text))


def one(value: Any) -> Decimal | None:
    """A rate or growth to one decimal, half up."""
    number = dec(value)
    return None if number is None else number.quantize(TENTH, ROUND_HALF_UP)


def pct(value: Any) -> str:
    """A rate as a sentence or a table writes it: 85.7%; — for none."""
    number = one(value)
    return "—" if number is None else f"{number}%"
