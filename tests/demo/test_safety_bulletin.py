"""The weekly safety bulletin on the demo: the demo's last week (30 November – 6 December
2026) has figures in every part — hazards found (重大 among them), inspections, drills meeting
and missing their frequency, an overdue 重大 hazard named — counted here from the records."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document as read_docx

from tests.demo.conftest import Demo
from zoneops.safety import bulletin
from zoneops.safety.models import Hazard, Inspection, SafetyProfile, Source

pytestmark = pytest.mark.django_db


def test_the_demo_week_makes_a_bulletin_with_figures(demo: Demo) -> None:
    user = demo.user("safety")
    start = bulletin.monday(demo.today)
    end = start + dt.timedelta(days=6)
    week = bulletin.Week(start=start, park=None)
    stats = bulletin.figures(user=user, week=week, today=demo.today)
    total = stats.total
    found = Hazard.objects.filter(found_on__gte=start, found_on__lte=end)
    assert total.found == found.count() > 0
    inspected = Inspection.objects.filter(inspected_on__gte=start, inspected_on__lte=end)
    assert total.inspections == inspected.exclude(source=Source.SELF).count() > 0
    assert total.drill_required == SafetyProfile.objects.count()
    assert 0 < total.drill_covered < total.drill_required
    late_major = [h for h in Hazard.objects.filter(level="major") if h.is_overdue(stats.as_of)]
    assert [h.pk for h in stats.overdue_major] == [h.pk for h in late_major] != []

    out = io.BytesIO()
    bulletin.document(stats, week).save(out)
    doc = read_docx(io.BytesIO(out.getvalue()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"排查发现隐患{total.found}项" in text and late_major[0].number in text
    assert [r.label for r in stats.rows] == [
        r[0].text for r in (row.cells for row in doc.tables[0].rows[1:-1])
    ]
