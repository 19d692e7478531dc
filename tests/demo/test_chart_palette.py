"""One palette for every chart (issue 12, item 15): walk the demo's pages as the zone leader and
read every chart's option. Each colour it names is one of the stylesheet's --zo-chart-*
variables (app.js resolves them), never a colour of its own, and every category axis shows all
of its labels."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

CSS = Path(settings.BASE_DIR) / "zoneops" / "static" / "zoneops" / "app.css"
CHART = re.compile(r'data-chart="([^"]+)"')
HREF = re.compile(r'href="(/[^"#?]*)"')
SKIP = ("/logout", "/i18n/", "/api/", "/static/", "/admin/")
MAX_PAGES = 160


def _colours(option: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(option, dict):
        for key, value in option.items():
            if key in ("color", "borderColor", "shadowColor"):
                values = value if isinstance(value, list) else [value]
                for v in values:
                    # Gauge bands are [stop, colour] pairs.
                    v = v[1] if isinstance(v, list) else v
                    if isinstance(v, str):
                        yield f"{path}.{key}", v
            yield from _colours(value, f"{path}.{key}")
    elif isinstance(option, list):
        for n, value in enumerate(option):
            yield from _colours(value, f"{path}[{n}]")


def _category_axes(option: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for key in ("xAxis", "yAxis"):
        axes = option.get(key) or []
        for axis in axes if isinstance(axes, list) else [axes]:
            # Names (pools, parks, departments), not months or dates, which ECharts thins
            # out evenly and a reader can count on.
            labels = [str(v) for v in axis.get("data") or []]
            named = [v for v in labels if not re.search(r"^\d|月$|季度$|年$", v)]
            if axis.get("type") == "category" and key == "xAxis" and len(named) > 2:
                yield axis


def test_every_chart_of_the_site_speaks_the_stylesheets_palette(demo):
    defined = set(re.findall(r"(--zo-chart-[a-z0-9-]+)\s*:", CSS.read_text()))
    client = demo.client("leader")
    queue, seen, charts = ["/"], set(), 0
    problems: list[str] = []
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        for chart_id in set(CHART.findall(html)):
            found = re.search(
                rf'<script id="{re.escape(chart_id)}" type="application/json">(.*?)</script>',
                html,
                re.S,
            )
            assert found, f"{url}: chart {chart_id} has no data"
            option = json.loads(found.group(1))
            charts += 1
            for where, colour in _colours(option):
                name = re.fullmatch(r"var\((--zo-chart-[a-z0-9-]+)\)", colour)
                if colour != "transparent" and (name is None or name.group(1) not in defined):
                    problems.append(f"{url} {chart_id}{where}: {colour}")
            for axis in _category_axes(option):
                if (axis.get("axisLabel") or {}).get("interval") != 0:
                    problems.append(f"{url} {chart_id}: category labels may be hidden")
        for link in HREF.findall(html):
            path = urlsplit(link).path
            if path not in seen and not path.startswith(SKIP) and not path.endswith(".xlsx"):
                # One page of each kind is enough: skip the 2nd… object of a list.
                queue.append(path)
    assert charts >= 10, (charts, len(seen))
    assert not problems, problems[:20]
