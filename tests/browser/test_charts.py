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


# Tables at 1440 px: none wider than its card (a cut-off column), and no short label or date
# broken across lines inside a word (基础设施项/目). A break after 、 or ， is a word's end.
TABLE_PROBLEMS = """() => {
  const out = [];
  document.querySelectorAll('table.zo-table').forEach(t => {
    const box = t.closest('.table-responsive') || t.parentElement;
    if (t.scrollWidth > box.clientWidth + 1) out.push('cut off: ' + (t.id || t.className));
    const walker = document.createTreeWalker(t, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const text = node.textContent.trim();
      if (text.length < 2 || text.length > 14 || /[\\s、，,]/.test(text)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0)
        .map(r => Math.round(r.top)));
      if (lines.size > 1) out.push('broken: ' + text);
    }
  });
  return out;
}"""


def test_investment_dashboard_says_whose_each_figure_is(pipeline, page_for):  # noqa: F811
    officer, _chain, _lead = pipeline
    page = page_for(1440, 900)
    sign_in(page, officer.username)
    page.goto("/investment/")
    page.wait_for_selector("[data-testid=gauge-amount] canvas")
    headings = page.locator("main h2")
    unlabelled = [
        headings.nth(i).inner_text()
        for i in range(headings.count())
        if headings.nth(i).locator(".zo-scope").count() == 0
    ]
    assert not unlabelled, unlabelled
    assert page.locator("[data-testid=gauge-amount] [data-scope=zone]").is_visible()
    assert page.locator("h2:has-text('签约项目成效') [data-scope=own]").is_visible()
    assert "光伏制造产业链" in page.inner_text("#dashboard-scope")
    assert page.evaluate(TABLE_PROBLEMS) == []
    shot(page, "investment-dashboard-scope")
