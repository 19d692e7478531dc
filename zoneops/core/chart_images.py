"""Charts as PNG images for documents, drawn on the server from the same ECharts option the
page draws (``core.charts``, ``monitoring.analysis.charts``): one chart definition for the
screen and for Word.

What is drawn is the part of ECharts' option that the site's bar and line charts use: a
category axis (``xAxis`` for columns, ``yAxis`` for bars), value series of type ``bar`` or
``line`` (stacked by ``stack``; a transparent series is the invisible base of a waterfall),
per-point colours (``{"value": v, "itemStyle": {"color": …}}``) and the series' names as a
legend. Colours that name the site's palette (``var(--zo-chart-good)``) are read from the
stylesheet, the palette's one home.

Chinese labels need a CJK font on the server: :func:`cjk_font` finds one among the installed
fonts (Debian's ``fonts-noto-cjk``, installed by ``make``). Without one, :func:`png` raises
:class:`NoCJKFont`, and the document says the chart is missing and why, rather than printing
boxes where the characters belong.
"""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path
from typing import Any

from matplotlib import font_manager
from matplotlib.figure import Figure

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "zoneops" / "app.css"
# Families that carry Simplified Chinese, best first.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "AR PL UMing CN",
    "Droid Sans Fallback",
)
DEFAULT_SERIES = ["primary", "good", "warn", "light", "bad", "series-6", "compare"]


class NoCJKFont(RuntimeError):
    """No installed font can draw Chinese."""


@functools.cache
def palette() -> dict[str, str]:
    """The stylesheet's ``--zo-chart-*`` colours, each resolved to a colour matplotlib reads."""
    text = STYLESHEET.read_text(encoding="utf-8")
    found: dict[str, str] = {
        name: str(value) for name, value in re.findall(r"--zo-chart-([\w-]+):\s*([^;]+);", text)
    }
    resolved: dict[str, str] = {}

    def resolve(name: str, depth: int = 0) -> str:
        value = found[name].strip()
        reference = re.fullmatch(r"var\(--zo-chart-([\w-]+)\)", value)
        if reference and depth < 8:
            return resolve(reference.group(1), depth + 1)
        return value

    for name in found:
        resolved[name] = resolve(name)
    return resolved


def colour(value: Any, fallback: str = "#0b5cab") -> Any:
    """A matplotlib colour for an ECharts colour: a palette variable, ``transparent``, a CSS
    ``rgba()``, or a plain ``#rrggbb``."""
    if not isinstance(value, str) or not value:
        return fallback
    reference = re.fullmatch(r"var\(--zo-chart-([\w-]+)\)", value.strip())
    if reference:
        value = palette().get(reference.group(1), fallback)
    if value == "transparent":
        return (0, 0, 0, 0)
    rgba = re.fullmatch(r"rgba?\(([^)]*)\)", value.replace(" ", ""))
    if rgba:
        parts = [float(p) for p in rgba.group(1).split(",")]
        alpha = parts[3] if len(parts) > 3 else 1.0
        return (parts[0] / 255, parts[1] / 255, parts[2] / 255, alpha)
    return value


@functools.cache
def cjk_font() -> str | None:
    """The file of an installed font that draws Simplified Chinese, or None."""
    by_name = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in by_name:
            return str(by_name[family])
    for path in font_manager.findSystemFonts():
        if "CJK" in path or "wqy" in path.lower():
            return str(path)
    return None


def _number(point: Any) -> float | None:
    value = point.get("value") if isinstance(point, dict) else point
    return None if value is None else float(value)


def _point_colour(point: Any, series_colour: Any) -> Any:
    if isinstance(point, dict):
        style = point.get("itemStyle") or {}
        if "color" in style:
            return colour(style["color"])
    return series_colour


def _axis_of(option: dict[str, Any], key: str) -> dict[str, Any]:
    axis = option.get(key) or {}
    return axis[0] if isinstance(axis, list) else axis


def png(option: dict[str, Any], *, width_cm: float = 15.0, height_cm: float = 7.5) -> bytes:
    """The chart of an ECharts ``option`` as a PNG (200 dpi)."""
    font = cjk_font()
    if font is None:
        raise NoCJKFont("no CJK font installed (Debian: fonts-noto-cjk)")
    text = font_manager.FontProperties(fname=font, size=8)
    small = font_manager.FontProperties(fname=font, size=7)
    x_axis, y_axis = _axis_of(option, "xAxis"), _axis_of(option, "yAxis")
    horizontal = y_axis.get("type") == "category"
    categories = [str(c) for c in ((y_axis if horizontal else x_axis).get("data") or [])]
    value_axis = x_axis if horizontal else y_axis
    # A Figure of its own, not pyplot: no global state shared between requests.
    figure = Figure(figsize=(width_cm / 2.54, height_cm / 2.54), dpi=200)
    axes = figure.subplots()
    _draw(axes, option, categories, horizontal=horizontal, font=small)
    unit = value_axis.get("name")
    if unit:
        (axes.set_xlabel if horizontal else axes.set_ylabel)(str(unit), fontproperties=text)
    if value_axis.get("min") is not None:
        (axes.set_xlim if horizontal else axes.set_ylim)(float(value_axis["min"]), None)
    for label in [*axes.get_xticklabels(), *axes.get_yticklabels()]:
        label.set_fontproperties(text)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis="x" if horizontal else "y", color="#e9ecef", linewidth=0.6)
    axes.set_axisbelow(True)
    figure.tight_layout()
    out = io.BytesIO()
    # No timestamp in the file: the same chart gives the same bytes.
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def _draw(
    axes: Any, option: dict[str, Any], categories: list[str], *, horizontal: bool, font: Any
) -> None:
    series = [s for s in option.get("series") or [] if s.get("type") in ("bar", "line")]
    positions = list(range(len(categories)))
    bars = [s for s in series if s.get("type") == "bar"]
    # Bars side by side unless stacked: each unstacked bar series (or stack) takes a slot.
    slots: list[str] = []
    for s in bars:
        slot = str(s.get("stack") or id(s))
        if slot not in slots:
            slots.append(slot)
    width = 0.7 / max(len(slots), 1)
    stacked: dict[str, list[float]] = {}
    named = False
    for index, s in enumerate(series):
        data = list(s.get("data") or [])[: len(positions)]
        values = [_number(p) for p in data]
        style = s.get("itemStyle") or {}
        default = colour(
            style.get("color") or f"var(--zo-chart-{DEFAULT_SERIES[index % len(DEFAULT_SERIES)]})"
        )
        label = s.get("name") or None
        if label and default != (0, 0, 0, 0):
            named = True
        if s.get("type") == "line":
            points = [(p, v) for p, v in zip(positions, values, strict=False) if v is not None]
            if not points:
                continue
            xs, ys = zip(*points, strict=True)
            if horizontal:
                axes.plot(ys, xs, marker="o", markersize=2.5, color=default, label=label)
            else:
                axes.plot(xs, ys, marker="o", markersize=2.5, color=default, label=label)
            continue
        slot = str(s.get("stack") or id(s))
        offset = (slots.index(slot) - (len(slots) - 1) / 2) * width
        base = stacked.setdefault(slot, [0.0] * len(positions))
        heights = [v or 0.0 for v in values] + [0.0] * (len(positions) - len(values))
        colours = [_point_colour(p, default) for p in data] + [default] * (
            len(positions) - len(data)
        )
        where = [p + offset for p in positions]
        if horizontal:
            axes.barh(where, heights, height=width, left=base, color=colours, label=label)
        else:
            axes.bar(where, heights, width=width, bottom=base, color=colours, label=label)
        if s.get("stack"):
            stacked[slot] = [b + h for b, h in zip(base, heights, strict=True)]
        shown = (s.get("label") or {}).get("show")
        if shown and not s.get("stack"):
            for p, v in zip(where, values, strict=False):
                if v is None:
                    continue
                text, out = f"{v:g}", 2 if v >= 0 else -2  # outside the bar's end
                if horizontal:
                    axes.annotate(
                        text,
                        (v, p),
                        xytext=(out, 0),
                        textcoords="offset points",
                        va="center",
                        ha="left" if v >= 0 else "right",
                        fontproperties=font,
                    )
                else:
                    axes.annotate(
                        text,
                        (p, v),
                        xytext=(0, out),
                        textcoords="offset points",
                        ha="center",
                        va="bottom" if v >= 0 else "top",
                        fontproperties=font,
                    )
    if horizontal:
        axes.set_yticks(positions, categories)
        axes.axvline(0, color="#556677", linewidth=0.6)
    else:
        crowded = sum(map(len, categories)) > 30  # as core.charts slants them on the page
        axes.set_xticks(
            positions,
            categories,
            rotation=30 if crowded else 0,
            ha="right" if crowded else "center",
        )
        axes.axhline(0, color="#556677", linewidth=0.6)
    if named:
        axes.legend(frameon=False, prop=font)
