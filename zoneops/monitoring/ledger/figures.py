"""How the ledger shows a figure: in its indicator's display unit, with its places, and a growth
rate as a number or as words that say why there is none."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zoneops.core import units
from zoneops.monitoring.analysis.aggregates import growth
from zoneops.monitoring.models import Indicator

# The sub-columns of each indicator: (key, header). The header words are the staff layout's
# and the monthly import reads them back: the file keeps them exactly; the page translates them.
SUBCOLUMNS = (
    ("month", gettext_noop("本月")),
    ("ytd", gettext_noop("1—本月累计")),
    ("last", gettext_noop("上年同期累计")),
    ("growth", gettext_noop("同比%")),
)
SUBCOLUMN_KEYS = tuple(key for key, _label in SUBCOLUMNS)


def places_for(indicator: Indicator) -> int:
    return 0 if indicator.display_unit == "人" else 2


def shown(value: Decimal | None, indicator: Indicator) -> Decimal | None:
    """A stored value in the indicator's display unit (元 → 万元, kWh → 万千瓦时), rounded."""
    return units.to_display(value, indicator.display_unit, places_for(indicator))


def number_text(value: Decimal | None, indicator: Indicator) -> str:
    """A display-unit figure with thousands separators ("—" when there is none)."""
    if value is None:
        return "—"
    return f"{value:,.{places_for(indicator)}f}"


@dataclass(frozen=True)
class Growth:
    """A growth rate as the ledger shows it: a number, or words with the reason why not."""

    value: Decimal | None
    text: str
    note: str = ""

    @property
    def is_number(self) -> bool:
        return self.value is not None and not self.note

    @property
    def css(self) -> str:
        if self.value is None:
            return "text-muted"
        return "text-danger" if self.value < 0 else ""


def growth_of(now: Decimal | None, before: Decimal | None) -> Growth:
    """The profit rule (docs/domain.md#profit-growth): last year a loss (or nothing) → "—" with a
    note; a fall past
    −100 % means profit turned into loss (由盈转亏)."""
    if now is None or before is None:
        return Growth(None, "—")
    if before < 0:
        note = _("上年同期为亏损，不计算增速")
        if now > 0:
            note += _("（本期扭亏为盈）")
        return Growth(None, "—", note)
    if before == 0:
        return Growth(None, "—", _("上年同期为零，不计算增速"))
    rate = growth(now, before)
    assert rate is not None
    if rate < -100:
        return Growth(rate, _("由盈转亏"), _("上年同期盈利，本期亏损"))
    return Growth(rate, f"{rate:.1f}")
