"""The charts' colours, by what they mean. The colours themselves live in ONE place, the
stylesheet (``--zo-chart-*`` in ``static/zoneops/app.css``); an option names them as CSS
variables and ``app.js`` resolves them when it draws, so every chart of the site, and the badges
and board columns that the same CSS colours, speak one palette."""

from __future__ import annotations

from typing import Any


def colour(name: str) -> str:
    """A palette colour by its name (``primary``, ``compare``, ``series-3`` …)."""
    return f"var(--zo-chart-{name})"


PRIMARY = colour("primary")  # this period, the figure itself
LIGHT = colour("light")  # a lighter shade of the same, for a second series of one kind
COMPARE = colour("compare")  # last year, the reference, what is dropped
GOOD = colour("good")  # growth, done, started
DEEP = colour("deep")  # the furthest stage (producing)
BAD = colour("bad")  # fall, overdue, stopped
WARN = colour("warn")  # attention, a partial stop
TRACK = colour("track")  # the empty part of a gauge
TEXT = colour("text")
MUTED = colour("muted")
HATCH = colour("hatch")  # the stripes over a figure that is still coming in
# The order series take when a chart names no colour (ECharts' option.color).
SERIES = [colour(f"series-{n}") for n in range(1, 9)]


def category_axis(labels: list[str], *, width: int = 88) -> dict[str, Any]:
    """A category axis that shows every label, wrapped onto lines of ``width`` px, instead of
    ECharts' default of hiding the ones that would overlap."""
    return {
        "type": "category",
        "data": labels,
        "axisLabel": {"interval": 0, "width": width, "overflow": "break", "lineHeight": 14},
    }
