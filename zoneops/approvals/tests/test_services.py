import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from zoneops.approvals import queries, services
from zoneops.approvals.clocks import Calendar, item_clock
from zoneops.approvals.codes import project_code_problem
from zoneops.approvals.models import ApprovalItem, ItemStatus
from zoneops.approvals.tests.factories import accept, matrix
from zoneops.projects import public as projects


def _first(m, name):
    return m.items.get(name=name)


def test_item_clock_counts_working_days_across_spring_festival(world):
    # 2024: 10–17 February off, Sunday 4 and Sunday 18 February worked (调休).
    m = matrix(park=world.park_a)
    item = _first(m, "用地预审与选址意见书")
    item.limit_days = 10
    item.accepted_on = dt.date(2024, 2, 5)
    item.status = ItemStatus.ACCEPTED
    calendar = Calendar()
    on_due = item_clock(item, calendar, dt.date(2024, 2, 23))
    assert on_due.due_on == dt.date(2024, 2, 23)  # plain weekdays would say 19 February
    assert on_due.counted_days == 10
    assert not on_due.overdue
    late = item_clock(item, calendar, dt.date(2024, 2, 26))
    assert (late.counted_days, late.overdue, late.days_over) == (11, True, 1)


def test_excluded_days_are_not_counted(world):
    m = matrix(park=world.park_a)
    item = _first(m, "施工许可证")  # 3 working days
    item.status, item.accepted_on, item.excluded_days = "accepted", dt.date(2024, 3, 4), 2
    clock = item_clock(item, Calendar(), dt.date(2024, 3, 11))  # 5 working days gross
    assert (clock.gross_days, clock.counted_days, clock.overdue) == (5, 3, False)


def test_overdue_item_raises_its_warning_and_its_ledger_problem(world):
    m = matrix(park=world.park_a)
    item = _first(m, "建设用地规划许可证")  # 5 working days, 自然资源分局
    accept(item, dt.date(2024, 3, 4))
    view = queries.matrix_view(m, calendar=Calendar(), today=dt.date(2024, 3, 11))
    assert view.warnings == []
    today = dt.date(2024, 3, 13)  # 7 working days
    view = queries.matrix_view(m, calendar=Calendar(), today=today)
    assert [(w.kind, w.item_id) for w in view.warnings] == [("item_overdue", item.pk)]
    assert services.escalations_run(today=today) == {"checked": 1, "raised": 1}
    problems = list(projects.problem_list(user=world.admin).filter(project=m.key_project))
    assert len(problems) == 1
    assert problems[0].department.name == "自然资源分局"
    assert "建设用地规划许可证" in problems[0].description
    assert problems[0].deadline == dt.date(2024, 3, 20)
    # Raised once: the next day's run finds it already raised.
    assert services.escalations_run(today=today + dt.timedelta(days=1))["raised"] == 0
    assert projects.problem_list(user=world.admin).filter(project=m.key_project).count() == 1


def test_refused_item_becomes_a_ledger_problem_at_once(world):
    m = matrix(park=world.park_a)
    item = _first(m, "企业投资项目备案")
    accept(item, dt.date(2024, 3, 4))
    services.item_update(
        actor=None,
        item=item,
        data={"status": "refused", "concluded_on": dt.date(2024, 3, 5)},
        today=dt.date(2024, 3, 5),
        check=False,
    )
    item.refresh_from_db()
    assert item.problem_id is not None
    assert "不予许可" in projects.problem_list(user=world.admin).get(pk=item.problem_id).description


def test_flow_over_target_warns(world):
    m = matrix(park=world.park_a, template="LOW-RISK")  # target 20 working days
    accept(_first(m, "企业投资项目备案"), dt.date(2024, 3, 1))
    view = queries.matrix_view(m, calendar=Calendar(), today=dt.date(2024, 4, 15))
    assert "flow_over_target" in [w.kind for w in view.warnings]


def test_concluded_item_needs_its_document_number(world):
    m = matrix(park=world.park_a)
    item = _first(m, "企业投资项目备案")
    with pytest.raises(ValidationError) as caught:
        services.item_update(
            actor=None,
            item=item,
            data={
                "status": "concluded",
                "accepted_on": dt.date(2024, 3, 1),
                "concluded_on": dt.date(2024, 3, 1),
            },
            check=False,
        )
    assert "document_number" in caught.value.message_dict
    assert ApprovalItem.objects.get(pk=item.pk).status == "not_applied"


def test_statistics_average_days_and_land_ready(world):
    m = matrix(park=world.park_a, template="LAND-READY", name="拿地即开工项目")
    for item in m.items.filter(stage=1):
        accept(item, dt.date(2024, 3, 4))
        services.item_update(
            actor=None,
            item=item,
            data={
                "status": "concluded",
                "concluded_on": dt.date(2024, 3, 6),
                "document_number": "西经备〔2024〕1号",
            },
            check=False,
        )
    matrix(park=world.park_b, name="另一个项目")
    stats = queries.overview_figures(user=world.admin, today=dt.date(2024, 3, 8))
    assert stats.projects == 2
    assert stats.land_ready == 1
    assert stats.average_stage_days[1] == 2  # 4 → 6 March
    assert stats.average_total_days is None  # no project has finished every stage
    assert stats.by_stage["工程建设许可"] == 1
    assert stats.by_stage["立项用地规划许可"] == 1


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("2020-451421-88-03-016343", True),
        ("2020-330327-48-01-167360", True),
        ("2020-451421-88-03-01634", False),  # too short
        ("2020451421-88-03-016343", False),  # a hyphen missing
        ("2010-451421-88-03-016343", False),  # before the platform's codes
        ("2020-991421-88-03-016343", False),  # no province 99
        ("2020-451400-88-03-016343", False),  # a city, not a county
        ("2020-451421-00-03-016343", False),
        ("2020-451421-88-00-016343", False),
    ],
)
def test_project_code_is_checked_for_shape_year_region_and_codes(code, ok):
    assert (project_code_problem(code) is None) is ok


def test_matrix_refuses_a_bad_project_code(world):
    from zoneops.approvals.models import ApprovalTemplate
    from zoneops.approvals.tests.factories import import_templates, key_project

    import_templates()
    project = key_project(park=world.park_a)
    with pytest.raises(ValidationError):
        services.matrix_create(
            actor=None,
            key_project=project,
            template=ApprovalTemplate.objects.get(code="GOV"),
            project_code="2024-123",
            check=False,
        )
