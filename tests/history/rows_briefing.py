"""History-table rows: the monthly briefing (draft, edit, regenerate, issue)."""

from __future__ import annotations

from typing import Any

from tests.history.table import CREATE, UPDATE, Service, Wrote, case, mark, wrote
from zoneops.briefing.models import Briefing
from zoneops.monitoring.tests.factories import approved_report


def _draft(**extra: Any) -> Briefing:
    return Briefing.objects.create(year=2024, month=1, number=1, **extra)


@case("briefing", "briefing_create")
def _briefing_create(w: Any, fn: Service) -> Wrote:
    approved_report(w.enterprise_x, 2024, 1, output_value=(70, 70, 100))
    briefing = fn(actor=w.econ, year=2024, month=1)
    return wrote(briefing, CREATE, w.econ)


@case("briefing", "briefing_edit")
def _briefing_edit(w: Any, fn: Service) -> Wrote:
    briefing = _draft()
    since = mark()
    fn(
        actor=w.econ,
        briefing=briefing,
        texts={"problems": "另有部分企业反映用工紧张。"},
        next_steps="一是抓好稳产。",
        generated={"problems": ""},
    )
    return wrote(briefing, UPDATE, w.econ, since)


@case("briefing", "briefing_regenerate")
def _briefing_regenerate(w: Any, fn: Service) -> Wrote:
    briefing = _draft(texts={"problems": "人工修改"})
    since = mark()
    fn(actor=w.econ, briefing=briefing)
    return wrote(briefing, UPDATE, w.econ, since)


@case("briefing", "briefing_issue")
def _briefing_issue(w: Any, fn: Service) -> Wrote:
    briefing = _draft(next_steps="一是抓好稳产。")
    version = fn(actor=w.econ, briefing=briefing)
    return wrote(version, CREATE, w.econ)
