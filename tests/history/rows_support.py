"""History-table rows: support."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from tests.history.table import (
    CREATE,
    UPDATE,
    D,
    Service,
    Wrote,
    _officer,
    case,
    wrote,
)
from zoneops.core.models import User

# --- support ---------------------------------------------------------------------------


def _server() -> User:
    return _officer("service", "企业服务中心", "t-service")


@case("support", "policy_save")
def _policy_save(w: Any, fn: Service) -> Wrote:
    server = _server()
    policy = fn(
        actor=server,
        data={
            "title": "关于支持锂电池产业发展的若干措施",
            "body": "对新建项目给予研发补贴。",
            "issuer": "西宁市人民政府",
            "level": "city",
            "issued_on": D(2024, 1, 5),
        },
    )
    return wrote(policy, CREATE, server)


@case("support", "program_save")
def _program_save(w: Any, fn: Service) -> Wrote:
    from zoneops.support.tests.factories import program

    prog = program()
    server = _server()
    fn(actor=server, data={"name": "先进制造业专项（二批）"}, program=prog)
    return wrote(prog, UPDATE, server)


@case("support", "application_save")
def _application_save(w: Any, fn: Service) -> Wrote:
    from zoneops.support.tests.factories import program

    application = fn(
        actor=w.ent_x_user,
        enterprise=w.enterprise_x,
        program=program(),
        data={"amount_requested": Decimal("500000")},
    )
    return wrote(application, CREATE, w.ent_x_user)


@case("support", "application_transition")
def _application_transition(w: Any, fn: Service) -> Wrote:
    from zoneops.support.tests.factories import application, program

    a = application(w.enterprise_x, program())
    fn(actor=w.ent_x_user, application=a, status="submitted")
    return wrote(a, UPDATE, w.ent_x_user)


@case("support", "application_disburse")
def _application_disburse(w: Any, fn: Service) -> Wrote:
    from zoneops.support import services
    from zoneops.support.tests.factories import application, program

    server = _server()
    a = application(w.enterprise_x, program())
    services.application_transition(actor=None, application=a, status="submitted", check=False)
    services.application_transition(
        actor=None, application=a, status="approved", amount_approved=Decimal(400000), check=False
    )
    fn(actor=server, application=a, amount_disbursed=Decimal(200000))
    return wrote(a, UPDATE, server)


@case("support", "difficulty_save")
def _difficulty_save(w: Any, fn: Service) -> Wrote:
    server = _server()
    d = fn(
        actor=server,
        enterprise=w.enterprise_x,
        data={"title": "用地指标不足", "stage": "construction", "reported_on": D(2024, 3, 1)},
    )
    return wrote(d, CREATE, server)


@case("support", "membership_save")
def _membership_save(w: Any, fn: Service) -> Wrote:
    from zoneops.support.models import CultivationPool

    server = _server()
    m = fn(
        actor=server,
        pool=CultivationPool.objects.get(kind="above_scale"),
        enterprise=w.enterprise_x,
        data={"joined_on": timezone.localdate(), "plan": "一企一策"},
    )
    return wrote(m, CREATE, server)


@case("support", "difficulty_to_appeal")
def _difficulty_to_appeal(w: Any, fn: Service) -> Wrote:
    from zoneops.support.tests.factories import difficulty

    server = _server()
    d = difficulty(w.enterprise_x)
    fn(actor=server, difficulty=d, topic="land")
    return wrote(d, UPDATE, server)
