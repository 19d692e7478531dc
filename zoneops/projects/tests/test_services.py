import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zoneops.core.models import ChangeRecord, Role
from zoneops.core.tests.factories import DepartmentFactory, UserFactory
from zoneops.projects import queries, services
from zoneops.projects.models import KeyProject, Status
from zoneops.projects.tests.factories import WAN, key_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    department = DepartmentFactory(code="projects", name="项目办")
    return UserFactory(username="t-projects", role=Role.DEPARTMENT_OFFICER, department=department)


def test_key_project_create_records_history_with_the_monthly_plan(world, office):
    project = services.key_project_create(
        office,
        name="电子级多晶硅项目",
        year=2024,
        category="industrial",
        level="province",
        park=world.park_a,
        owner_enterprise=world.enterprise_x,
        total_investment=Decimal(120_000) * WAN,
        planned_start=dt.date(2024, 4, 1),
        plan_months={4: Decimal(3000) * WAN, 5: Decimal(5000) * WAN},
        nature="new",
    )
    assert project.owner_name == world.enterprise_x.name
    record = ChangeRecord.objects.get(model="projects.keyproject", object_id=str(project.pk))
    assert record.action == "create"
    assert record.after["plan_months"] == {"4": "30000000.00", "5": "50000000.00"}
    annotated = queries.project_list(user=office).get(pk=project.pk)
    assert annotated.year_planned == Decimal(8000) * WAN


def test_key_project_create_refuses_unknown_fields_and_outsiders(world, office):
    with pytest.raises(TypeError):
        services.key_project_create(
            office,
            name="x",
            year=2024,
            category="industrial",
            level="zone",
            park=world.park_a,
            total_investment=Decimal(1),
            colour="red",
        )
    with pytest.raises(PermissionDenied):
        services.key_project_create(
            world.park_a_officer,
            name="x",
            year=2024,
            category="industrial",
            level="zone",
            park=world.park_a,
            total_investment=Decimal(1),
        )
    assert not KeyProject.objects.exists()


def test_completion_before_start_is_refused(world, office):
    with pytest.raises(ValidationError):
        services.key_project_create(
            office,
            name="x",
            year=2024,
            category="industrial",
            level="zone",
            park=world.park_a,
            total_investment=Decimal(1),
            planned_start=dt.date(2024, 5, 1),
            planned_completion=dt.date(2024, 4, 1),
        )


def test_ledger_update_changes_cumulative_and_completion(world):
    project = key_project(
        park=world.park_a, members=(world.task_force,), prior_investment=Decimal(500) * WAN
    )
    services.ledger_update_save(
        actor=world.task_force,
        project=project,
        month=dt.date(2024, 1, 15),
        investment=Decimal(150) * WAN,
        progress="场平完成",
    )
    services.ledger_update_save(
        actor=world.task_force,
        project=project,
        month=dt.date(2024, 2, 1),
        investment=Decimal(90) * WAN,
        progress="主体基础施工",
    )
    p = queries.project_list(user=world.leader).get(pk=project.pk)
    assert p.year_completed == Decimal(240) * WAN
    assert p.prior_investment + p.updates_total == Decimal(740) * WAN
    assert queries.completion_rate(p.year_completed, p.year_planned) == Decimal("20.0")
    # Correcting January replaces its figure, recorded as a change.
    services.ledger_update_save(
        actor=world.task_force,
        project=project,
        month=dt.date(2024, 1, 1),
        investment=Decimal(210) * WAN,
        progress="场平完成",
    )
    p = queries.project_list(user=world.leader).get(pk=project.pk)
    assert p.year_completed == Decimal(300) * WAN
    assert ChangeRecord.objects.filter(model="projects.ledgerupdate", action="update").count() == 1


def test_only_the_task_force_park_and_office_keep_the_ledger(world, office):
    project = key_project(park=world.park_a, members=(world.task_force,))
    for outsider in (world.park_b_officer, world.ent_x_user, world.leader, world.econ):
        with pytest.raises(PermissionDenied):
            services.ledger_update_save(
                actor=outsider,
                project=project,
                month=dt.date(2024, 1, 1),
                investment=Decimal(1),
                progress="x",
            )
    for keeper in (world.task_force, world.park_a_officer, office):
        services.ledger_update_save(
            actor=keeper,
            project=project,
            month=dt.date(2024, 1, 1),
            investment=Decimal(1),
            progress="x",
        )


def test_problems_resolution_rate_and_owning_department(world):
    project = key_project(park=world.park_a, members=(world.task_force,))
    land = DepartmentFactory(code="land", name="自然资源分局")
    officer = UserFactory(username="t-land", role=Role.DEPARTMENT_OFFICER, department=land)
    assert not KeyProject.objects.visible_to(officer).exists()
    first = services.problem_raise(
        actor=world.task_force,
        project=project,
        data={
            "description": "用地指标未落实",
            "department": land,
            "deadline": dt.date(2024, 2, 1),
            "raised_on": dt.date(2024, 1, 10),
        },
    )
    services.problem_raise(
        actor=world.task_force,
        project=project,
        data={
            "description": "施工用电未接入",
            "department": land,
            "deadline": dt.date(2024, 5, 1),
            "raised_on": dt.date(2024, 1, 10),
        },
    )
    # The owning department now sees the project and may resolve its problem.
    assert KeyProject.objects.visible_to(officer).get() == project
    services.problem_resolve(actor=officer, problem=first, resolution="已调剂指标")
    assert queries.resolution_rate(list(project.problems.all())) == Decimal("50.0")
    with pytest.raises(ValidationError):
        services.problem_resolve(actor=officer, problem=project.problems.last(), resolution="")


def test_warnings_not_started_behind_overdue_and_missing_update(world, office):
    project = key_project(
        park=world.park_a, members=(world.task_force,), planned_start=dt.date(2024, 3, 1)
    )
    rules = services.warning_rules_save(
        actor=office, data={"lag_points": Decimal(10), "update_day": 10}
    )
    day = dt.date(2024, 4, 20)
    p = queries.project_list(user=world.leader).get(pk=project.pk)
    found = {w.kind for w in queries.warnings_for([p], rules=rules, day=day)[p.pk]}
    # Not started 50 days after its planned start (and so not "behind": it has not begun).
    assert found == {queries.NOT_STARTED}
    services.key_project_update(
        actor=office,
        project=project,
        data={"actual_start": dt.date(2024, 3, 5), "status": Status.BUILDING},
    )
    services.ledger_update_save(
        actor=world.task_force,
        project=project,
        month=dt.date(2024, 2, 1),
        investment=Decimal(380) * WAN,
        progress="开工准备",
    )
    services.problem_raise(
        actor=world.task_force,
        project=project,
        data={
            "description": "环评批复",
            "department": office.department,
            "deadline": dt.date(2024, 4, 1),
            "raised_on": dt.date(2024, 3, 1),
        },
    )
    p = queries.project_list(user=world.leader).get(pk=project.pk)
    found = {w.kind for w in queries.warnings_for([p], rules=rules, day=day)[p.pk]}
    # 380 of 1200 planned (31.7%) against 30.3% of the year: on time; March not updated.
    assert found == {queries.OVERDUE, queries.MISSING_UPDATE}
    # 100 of 1200 (8.3%) is 22 points behind the time schedule: more than the 10 allowed.
    services.ledger_update_save(
        actor=world.task_force,
        project=project,
        month=dt.date(2024, 2, 1),
        investment=Decimal(100) * WAN,
        progress="开工准备",
    )
    p = queries.project_list(user=world.leader).get(pk=project.pk)
    found = {w.kind for w in queries.warnings_for([p], rules=rules, day=day)[p.pk]}
    assert found == {queries.OVERDUE, queries.MISSING_UPDATE, queries.BEHIND}
    services.ledger_update_save(
        actor=world.task_force,
        project=project,
        month=dt.date(2024, 2, 1),
        investment=Decimal(380) * WAN,
        progress="开工准备",
    )
    p = queries.project_list(user=world.leader).get(pk=project.pk)
    rules = services.warning_rules_save(actor=office, data={"update_day": 25})
    found = {w.kind for w in queries.warnings_for([p], rules=rules, day=day)[p.pk]}
    assert found == {queries.OVERDUE}
