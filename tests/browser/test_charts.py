"""Charts in a real browser under the site's Content Security Policy: hovering a chart shows
ECharts' tooltip with its colour markers, and the browser reports no CSP violation."""

from __future__ import annotations

import pytest

from tests.browser.conftest import shot
from tests.browser.test_investment import pipeline  # noqa: F401  (a fixture)
from tests.browser.test_roles import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _csp_messages(page) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda m: found.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return found


def test_chart_tooltips_keep_their_markers_without_csp_errors(pipeline, page_for):  # noqa: F811
    officer, _chain, _lead = pipeline
    page = page_for(1440, 900)
    errors = _csp_messages(page)
    sign_in(page, officer.username)
    page.goto("/investment/")
    for chart in ("chain-chart", "funnel-chart", "arrivals-chart"):
        box = page.locator(f"[data-chart='{chart}']")
        box.locator("canvas").first.wait_for()
        bounds = box.bounding_box()
        assert bounds is not None
        # Sweep across the plot: an axis tooltip opens wherever the pointer is over the grid.
        for step in range(1, 10):
            page.mouse.move(
                bounds["x"] + bounds["width"] * step / 10, bounds["y"] + bounds["height"] * 0.55
            )
            page.wait_for_timeout(60)
    page.mouse.move(0, 0)
    box = page.locator("[data-chart='chain-chart']").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    tooltip = page.locator("[data-chart='chain-chart'] > div").filter(has_text="签约金额").last
    tooltip.wait_for(state="visible")
    # The series marker is a styled <span> ECharts writes into the tooltip's HTML: it must
    # keep its colour (a blocked style attribute leaves it without a background).
    marker_colour = page.evaluate(
        """() => {
          const spans = [...document.querySelectorAll("[data-chart='chain-chart'] div span")];
          const marker = spans.find(s => s.textContent === "");
          return marker ? getComputedStyle(marker).backgroundColor : null;
        }"""
    )
    shot(page, "chart-tooltip")
    assert marker_colour not in (None, "", "rgba(0, 0, 0, 0)")
    assert errors == [], errors[:3]
