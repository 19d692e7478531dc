"""Innovation's titles meet support's funding rules: a rule on 高企 matches exactly the
enterprises whose title is in force (two apps together, so it lives outside both)."""

import datetime as dt

from django.utils import timezone

from zoneops.innovation import queries, services
from zoneops.innovation.tests.test_innovation import _title
from zoneops.support import queries as support
from zoneops.support.tests.factories import program


def test_funding_rule_on_high_tech_in_validity_changes_who_matches(world):
    prog = program([("tag", "in", "high_tech")])
    today = timezone.localdate()

    def eligible() -> list[int]:
        return [
            r.profile.id
            for r in support.program_matches(user=world.admin, program=prog)
            if r.eligible
        ]

    assert eligible() == []
    _title(world.enterprise_x, issued=today - dt.timedelta(days=400))
    _title(world.enterprise_y, issued=today - dt.timedelta(days=3 * 366))  # lapsed
    services.renewals_run(today=today)
    assert eligible() == [world.enterprise_x.pk]
    assert queries.holding([world.enterprise_x.pk, world.enterprise_y.pk], "high_tech", today) == {
        world.enterprise_x.pk
    }
