"""History-table rows: appeals."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.history.table import (
    CREATE,
    UPDATE,
    D,
    Service,
    Wrote,
    _department,
    _officer,
    case,
    find,
    gone,
    mark,
    wrote,
)

# --- appeals ---------------------------------------------------------------------------


def _desk() -> dict[str, Any]:
    return {
        "window": _department("service", "企业服务中心"),
        "projects": _department("projects", "项目办"),
        "clerk": _officer("service", "企业服务中心", "t-window"),
        "handler": _officer("projects", "项目办", "t-projects"),
    }


def _appeal(w: Any) -> Any:
    from zoneops.appeals import services

    return services.appeal_create(
        None,
        enterprise=w.enterprise_x,
        channel="phone",
        category="help",
        urgency="normal",
        topic="other",
        title="用电报装进度咨询",
        content="新厂房用电报装已提交两周。",
        received_on=D(2024, 3, 4),
        check=False,
    )


def _dispatched(w: Any, desk: dict[str, Any]) -> Any:
    from zoneops.appeals import services

    appeal = _appeal(w)
    services.appeal_act(
        None,
        appeal=appeal,
        action="dispatch",
        department=desk["projects"],
        today=D(2024, 3, 4),
        check=False,
    )
    return appeal


@case("appeals", "appeal_create")
def _appeal_create(w: Any, fn: Service) -> Wrote:
    _desk()
    appeal = fn(
        actor=w.ent_x_user,
        enterprise=w.enterprise_x,
        channel="portal",
        category="enquiry",
        urgency="normal",
        title="用地指标咨询",
        content="扩建项目用地指标如何申请？",
    )
    return wrote(appeal, CREATE, w.ent_x_user)


@case("appeals", "attachment_add")
def _appeal_attachment_add(w: Any, fn: Service) -> Wrote:
    desk = _desk()
    appeal = _appeal(w)
    [attachment] = fn(
        actor=desk["clerk"],
        appeal=appeal,
        uploads=[SimpleUploadedFile("情况说明.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")],
    )
    return wrote(attachment, CREATE, desk["clerk"])


@case("appeals", "appeal_from_difficulty", coming=True)
def _appeal_from_difficulty(w: Any, fn: Service) -> Wrote:
    _desk()
    server = _officer("service", "企业服务中心", "t-server")
    appeal = fn(
        actor=server,
        enterprise=w.enterprise_x,
        title="用地指标不足",
        content="扩建项目的用地指标尚未落实。",
        topic="land",
    )
    return wrote(appeal, CREATE, server)


@case("appeals", "appeal_act")
def _appeal_act(w: Any, fn: Service) -> Wrote:
    desk = _desk()
    appeal = _appeal(w)
    fn(actor=desk["clerk"], appeal=appeal, action="dispatch", today=D(2024, 3, 4))
    return wrote(appeal, UPDATE, desk["clerk"])


@case("appeals", "appeal_rate")
def _appeal_rate(w: Any, fn: Service) -> Wrote:
    from zoneops.appeals import services

    desk = _desk()
    appeal = _appeal(w)
    for action, extra in (
        ("dispatch", {}),
        ("reply", {"note": "已协调"}),
        ("close", {"resolved": True}),
    ):
        services.appeal_act(
            desk["clerk"], appeal=appeal, action=action, today=D(2024, 3, 5), check=False, **extra
        )
    fn(actor=w.ent_x_user, appeal=appeal, rating="satisfied", today=D(2024, 3, 6))
    return wrote(appeal, UPDATE, w.ent_x_user)


@case("appeals", "extension_request")
def _extension_request(w: Any, fn: Service) -> Wrote:
    desk = _desk()
    appeal = _dispatched(w, desk)
    ext = fn(actor=desk["handler"], appeal=appeal, days=2, reason="需现场踏勘", today=D(2024, 3, 5))
    return wrote(ext, CREATE, desk["handler"])


@case("appeals", "extension_decide")
def _extension_decide(w: Any, fn: Service) -> Wrote:
    from zoneops.appeals import services

    desk = _desk()
    appeal = _dispatched(w, desk)
    ext = services.extension_request(
        desk["handler"], appeal=appeal, days=2, reason="需现场踏勘", today=D(2024, 3, 5)
    )
    fn(actor=desk["clerk"], extension=ext, approve=True, today=D(2024, 3, 5))
    return wrote(appeal, UPDATE, desk["clerk"])


@case("appeals", "deadline_check")
def _deadline_check(w: Any, fn: Service) -> Wrote:
    appeal = _dispatched(w, _desk())
    since = mark()
    assert fn(appeal, today=D(2024, 3, 12)) is not None
    return wrote(appeal, UPDATE, None, since)  # the system's escalation, no person


@case("appeals", "deadlines_run")
def _deadlines_run(w: Any, fn: Service) -> Wrote:
    appeal = _dispatched(w, _desk())
    since = mark()
    fn(today=D(2024, 3, 12))
    return wrote(appeal, UPDATE, None, since)


def _rule() -> Any:
    from zoneops.appeals import services

    return services.routing_rule_save(
        None,
        data={"topic": "land", "department": _department("projects", "项目办"), "priority": 10},
        check=False,
    )


@case("appeals", "routing_rule_save")
def _routing_rule_save(w: Any, fn: Service) -> Wrote:
    rule = _rule()
    fn(actor=w.admin, data={"keyword": "停电"}, rule=rule)
    return wrote(rule, UPDATE, w.admin)


@case("appeals", "routing_rule_delete")
def _routing_rule_delete(w: Any, fn: Service) -> Wrote:
    rule = _rule()
    expected = gone(rule)
    fn(actor=w.admin, rule=rule)
    return expected(w.admin)


@case("appeals", "time_limit_set")
def _time_limit_set(w: Any, fn: Service) -> Wrote:
    limit = fn(actor=w.admin, category="help", urgency="normal", working_days=4)
    return wrote(limit, CREATE, w.admin)  # the defaults are code, not rows, until one is set


@case("calendar", "calendar_day_set")
def _calendar_day_set(w: Any, fn: Service) -> Wrote:
    day, _changed = fn(actor=w.admin, date=D(2031, 10, 1), kind="holiday", name="国庆节")
    return wrote(day, CREATE, w.admin)


@case("calendar", "calendar_day_delete")
def _calendar_day_delete(w: Any, fn: Service) -> Wrote:
    day, _changed = find("calendar", "calendar_day_set")(
        actor=None, date=D(2031, 10, 1), kind="holiday", name="国庆节", check=False
    )
    expected = gone(day)
    fn(actor=w.admin, day=day)
    return expected(w.admin)


@case("core", "store")
def _core_store(w: Any, fn: Service) -> Wrote:
    """core.uploads.store, the one way an app stores checked uploads (an appeal's here)."""
    from zoneops.appeals.models import Attachment

    appeal = _appeal(w)
    upload = SimpleUploadedFile("现场.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    [attachment] = fn(Attachment, [upload], ["application/pdf"], actor=w.admin, appeal=appeal)
    return wrote(attachment, CREATE, w.admin)
