"""The flow of an appeal through its services: intake, routing, steps, extensions, rating,
reminders and escalation, each recorded as an event and in history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zoneops.appeals import services
from zoneops.appeals.models import (
    Appeal,
    AppealEvent,
    Category,
    Channel,
    Escalation,
    Extension,
    Rating,
    RoutingRule,
    Status,
    Topic,
    Urgency,
)
from zoneops.appeals.tests.factories import department, make_appeal, window_department
from zoneops.core.models import ChangeRecord, Role
from zoneops.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def desk(world):
    """The window (企业服务中心) with one officer, and 项目办 with one officer and a rule."""
    window = window_department()
    projects = department("projects", "项目办")
    RoutingRule.objects.create(topic=Topic.LAND, department=projects, priority=10)
    RoutingRule.objects.create(
        topic=Topic.UTILITIES, keyword="停电", department=projects, priority=5
    )
    return {
        "window": window,
        "projects": projects,
        "clerk": UserFactory(username="t-window", role=Role.DEPARTMENT_OFFICER, department=window),
        "handler": UserFactory(
            username="t-projects", role=Role.DEPARTMENT_OFFICER, department=projects
        ),
    }


def test_enterprise_files_on_the_portal_and_waits_for_the_window(world, desk):
    appeal = services.appeal_create(
        world.ent_x_user,
        enterprise=world.enterprise_x,
        channel=Channel.PHONE,  # an enterprise always files through the portal
        category=Category.ENQUIRY,
        urgency=Urgency.NORMAL,
        topic=Topic.LAND,
        title="用地指标咨询",
        content="扩建项目用地指标如何申请？",
        received_on=D(2024, 3, 4),
    )
    assert appeal.number == "SQ2024030001"
    assert appeal.channel == Channel.PORTAL and appeal.status == Status.SUBMITTED
    assert appeal.department == desk["projects"]
    assert appeal.due_date == D(2024, 3, 7)  # Monday + 3 working days
    assert list(appeal.events.values_list("action", flat=True)) == [AppealEvent.Action.SUBMIT]
    assert ChangeRecord.objects.filter(model="appeals.appeal", action="create").count() == 1
    second = make_appeal(world.enterprise_x, received_on=D(2024, 3, 20))
    assert second.number == "SQ2024030002" and second.status == Status.ACCEPTED


def test_enterprise_cannot_file_for_another(world, desk):
    with pytest.raises(PermissionDenied):
        services.appeal_create(
            world.ent_x_user,
            enterprise=world.enterprise_y,
            channel=Channel.PORTAL,
            category=Category.HELP,
            urgency=Urgency.NORMAL,
            title="x",
            content="y",
        )
    assert not Appeal.objects.exists()


def test_routing_keyword_rule_wins_by_priority_and_unmatched_goes_to_the_window(desk):
    assert services.route(topic=Topic.UTILITIES, content="厂区频繁停电") == desk["projects"]
    assert services.route(topic=Topic.UTILITIES, content="水压不足") == desk["window"]
    assert services.route(topic=Topic.POLICY) == desk["window"]


def test_full_flow_send_back_redispatch_reply_close_follow_up_rate(world, desk):
    clerk, handler = desk["clerk"], desk["handler"]
    appeal = make_appeal(world.enterprise_x, topic=Topic.LAND, received_on=D(2024, 3, 4))
    services.appeal_act(clerk, appeal=appeal, action="dispatch", today=D(2024, 3, 4))
    # A department cannot answer what it does not own: it sends it back with a reason.
    with pytest.raises(ValidationError):
        services.appeal_act(handler, appeal=appeal, action="send_back", today=D(2024, 3, 4))
    services.appeal_act(
        handler, appeal=appeal, action="send_back", note="属供电企业事项", today=D(2024, 3, 4)
    )
    assert appeal.status == Status.ACCEPTED
    services.appeal_act(
        clerk, appeal=appeal, action="dispatch", department=desk["projects"], today=D(2024, 3, 5)
    )
    services.appeal_act(
        clerk,
        appeal=appeal,
        action="redispatch",
        note="改由服务中心协调",
        department=desk["window"],
        today=D(2024, 3, 5),
    )
    assert appeal.department == desk["window"]
    # 项目办 no longer owns it.
    with pytest.raises(PermissionDenied):
        services.appeal_act(handler, appeal=appeal, action="handle", today=D(2024, 3, 5))
    services.appeal_act(clerk, appeal=appeal, action="handle", today=D(2024, 3, 5))
    services.appeal_act(
        clerk, appeal=appeal, action="reply", note="已协调，3月8日送电", today=D(2024, 3, 6)
    )
    services.appeal_act(clerk, appeal=appeal, action="close", resolved=True, today=D(2024, 3, 6))
    assert appeal.closed_on == D(2024, 3, 6) and not appeal.is_overdue(D(2024, 3, 30))
    services.appeal_act(
        clerk, appeal=appeal, action="follow_up", note="企业确认已送电", today=D(2024, 3, 7)
    )
    services.appeal_rate(
        world.ent_x_user, appeal=appeal, rating=Rating.SATISFIED, today=D(2024, 3, 7)
    )
    assert appeal.status == Status.RATED
    actions = list(appeal.events.values_list("action", flat=True))
    assert actions == [
        "accept",
        "dispatch",
        "send_back",
        "dispatch",
        "redispatch",
        "handle",
        "reply",
        "close",
        "follow_up",
        "rate",
    ]
    # One history row per step after the intake, each with before and after.
    updates = ChangeRecord.objects.filter(model="appeals.appeal", action="update")
    assert updates.count() == 9
    assert all(u.before and u.after for u in updates)
    with pytest.raises(ValidationError):  # rated once only
        services.appeal_rate(world.ent_x_user, appeal=appeal, rating=Rating.UNSATISFIED)


def test_unsatisfied_rating_reopens_with_a_fresh_limit(world, desk):
    clerk = desk["clerk"]
    appeal = make_appeal(world.enterprise_x, topic=Topic.LAND, received_on=D(2024, 3, 4))
    for action, extra in (
        ("dispatch", {}),
        ("reply", {"note": "答复"}),
        ("close", {"resolved": False}),
    ):
        services.appeal_act(clerk, appeal=appeal, action=action, today=D(2024, 3, 5), **extra)
    with pytest.raises(PermissionDenied):
        services.appeal_rate(world.ent_y_user, appeal=appeal, rating=Rating.UNSATISFIED)
    services.appeal_rate(
        world.ent_x_user,
        appeal=appeal,
        rating=Rating.UNSATISFIED,
        comment="没有解决",
        today=D(2024, 3, 8),
    )
    appeal.refresh_from_db()
    assert appeal.status == Status.DISPATCHED and appeal.reopened == 1
    assert appeal.rating == Rating.UNSATISFIED
    assert appeal.due_date == D(2024, 3, 13)  # Friday 8 March + 3 working days
    assert appeal.events.filter(action=AppealEvent.Action.REOPEN).count() == 1


def test_extension_needs_approval_and_moves_the_limit_in_working_days(world, desk):
    clerk, handler = desk["clerk"], desk["handler"]
    appeal = make_appeal(world.enterprise_x, topic=Topic.LAND, received_on=D(2024, 2, 1))
    services.appeal_act(clerk, appeal=appeal, action="dispatch", today=D(2024, 2, 1))
    assert appeal.due_date == D(2024, 2, 5)
    ext = services.extension_request(
        handler, appeal=appeal, days=2, reason="需现场踏勘", today=D(2024, 2, 2)
    )
    with pytest.raises(ValidationError):
        services.extension_request(
            handler, appeal=appeal, days=1, reason="再延", today=D(2024, 2, 2)
        )
    with pytest.raises(PermissionDenied):  # the department cannot approve its own request
        services.extension_decide(handler, extension=ext, approve=True)
    services.extension_decide(clerk, extension=ext, approve=True, today=D(2024, 2, 2))
    appeal.refresh_from_db()
    # 5 Feb + 2 working days = 6, 7 Feb.
    assert appeal.due_date == D(2024, 2, 7) and appeal.extended_days == 2
    assert Extension.objects.get().decision == Extension.Decision.APPROVED


def test_reminder_then_department_head_then_leader(world, desk):
    appeal = make_appeal(world.enterprise_x, topic=Topic.LAND, received_on=D(2024, 3, 4))
    assert appeal.due_date == D(2024, 3, 7)
    assert services.deadline_check(appeal, today=D(2024, 3, 4)) is None
    assert services.deadline_check(appeal, today=D(2024, 3, 6)) == Escalation.REMINDED
    assert services.deadline_check(appeal, today=D(2024, 3, 6)) is None  # once only
    assert services.deadline_check(appeal, today=D(2024, 3, 8)) == Escalation.DEPARTMENT_HEAD
    assert services.deadline_check(appeal, today=D(2024, 3, 11)) is None  # 2 days over
    assert services.deadline_check(appeal, today=D(2024, 3, 12)) == Escalation.LEADER
    notes = list(appeal.events.filter(action="escalate").values_list("note", flat=True))
    assert notes == ["超期1个工作日，升级至部门负责人督办", "超期3个工作日，升级至管委会领导督办"]


def test_daily_command_escalates_open_appeals_only(world, desk):
    from io import StringIO

    from django.core.management import call_command

    late = make_appeal(world.enterprise_x, received_on=D(2024, 3, 4))
    done = make_appeal(world.enterprise_y, received_on=D(2024, 3, 4))
    services.appeal_act(desk["clerk"], appeal=done, action="dispatch", today=D(2024, 3, 4))
    services.appeal_act(desk["clerk"], appeal=done, action="reply", note="ok", today=D(2024, 3, 4))
    services.appeal_act(
        desk["clerk"], appeal=done, action="close", resolved=True, today=D(2024, 3, 4)
    )
    out = StringIO()
    call_command("appeals_deadlines", "--date", "2024-03-20", stdout=out)
    late.refresh_from_db()
    done.refresh_from_db()
    assert late.escalation == Escalation.LEADER and done.escalation == Escalation.NONE
    assert "1" in out.getvalue()


def test_time_limits_are_editable_and_urgent_is_same_day(world, desk):
    urgent = make_appeal(world.enterprise_x, urgency=Urgency.URGENT, received_on=D(2024, 3, 4))
    assert urgent.due_date == D(2024, 3, 4) and urgent.limit_days == 0
    services.time_limit_set(
        desk["clerk"], category=Category.HELP, urgency=Urgency.NORMAL, working_days=5
    )
    assert make_appeal(world.enterprise_x, received_on=D(2024, 3, 4)).due_date == D(2024, 3, 11)
    with pytest.raises(PermissionDenied):
        services.time_limit_set(
            desk["handler"], category=Category.HELP, urgency=Urgency.NORMAL, working_days=1
        )


def test_public_topic_codes_are_the_topics():
    """Other apps' schemas file appeals with appeals.public.TopicCode: the same values."""
    from typing import get_args

    from zoneops.appeals.models import Topic
    from zoneops.appeals.public import TopicCode

    assert set(get_args(TopicCode)) == set(Topic.values)
