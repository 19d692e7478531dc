"""Every figure on the investment dashboard says whose it is (issue 12, item 15): the zone's
published targets and tallies beside the reader's own projects, never unlabelled."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from zoneops.investment.tests.factories import signed

pytestmark = pytest.mark.django_db


def _headings(html: str) -> dict[str, str]:
    """Each figure's heading (h2) by its text, with the scope badge it carries ('' if none)."""
    found = {}
    for block in re.findall(r"<h2[^>]*>(.*?)</h2>", html.split('id="zone-gauges"', 1)[1], re.S):
        label = re.sub(r'<span class="badge zo-scope.*?</span>', "", block, flags=re.S)
        text = re.sub(r"<[^>]+>", "", label).split("（")[0].strip()
        scope = re.search(r'data-scope="(\w+)"', block)
        found[text] = scope.group(1) if scope else ""
    return found


def test_an_officers_dashboard_labels_the_zones_figures_and_their_own(world, inv, login):
    signed(on=inv.project_a.lead_on, officer=inv.officer_a, name="已签约项目", park=world.park_a)
    page = login(inv.officer_a).get(reverse("investment:dashboard"))
    html = page.content.decode()
    headings = _headings(html)
    assert headings, html[:500]
    unlabelled = [text for text, scope in headings.items() if not scope]
    assert not unlabelled, unlabelled
    assert headings["签约项目成效"] == "own"
    assert headings["项目漏斗"] == "own"
    assert headings["全员招商 · 按人"] == "zone"
    # The note at the top says what "own" counts for this reader: their projects and chain.
    note = re.search(r'id="dashboard-scope">(.*?)</p>', html, re.S).group(1)
    assert "您登记、首谈或跟进的项目" in note and inv.chain_a.name in note


def test_a_leaders_dashboard_says_everything_is_the_zones(world, inv, login):
    html = login(world.leader).get(reverse("investment:dashboard")).content.decode()
    assert set(_headings(html).values()) == {"zone"}
    assert "本页所有数字计全区项目" in html
