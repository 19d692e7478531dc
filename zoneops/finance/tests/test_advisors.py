"""金融顾问 and 一企一策: who sees an assignment (its park, the advisor's bank, the zone's
officers), the permission table on its writes, and overdue measures on the enterprise's page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zoneops.finance import services
from zoneops.finance.tests.factories import bank_b_user

pytestmark = pytest.mark.django_db

WAN = Decimal(10_000)


def _assignment(world, bank):
    advisor = services.advisor_save(
        actor=None, data={"name": "赵顾问", "kind": "bank", "bank": bank}, check=False
    )
    return services.assignment_create(
        actor=None,
        advisor=advisor,
        enterprise=world.enterprise_x,
        data={"goal": "降低融资成本", "target_amount": 5000 * WAN},
        check=False,
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_assignment_is_seen_by_its_park_and_its_advisors_bank_only(world):
    a = _assignment(world, world.bank_user.bank)
    page = reverse("finance:assignment", args=[a.pk])
    for user in (world.park_a_officer, world.bank_user, world.econ, world.leader):
        assert _client(user).get(page).status_code == 200, user
    other_bank = bank_b_user()
    for user in (world.park_b_officer, other_bank, world.ent_x_user, world.ent_y_user):
        assert _client(user).get(page).status_code == 404, user
    log = reverse("finance:log_add", args=[a.pk])
    data = {"on": timezone.localdate().isoformat(), "kind": "visit", "content": "走访了解需求"}
    assert _client(other_bank).post(log, data).status_code == 404
    assert _client(world.park_b_officer).post(log, data).status_code == 404
    # The leader reads and writes nothing: the table gives the leader no finance.advise.
    assert _client(world.leader).post(log, data).status_code == 403
    assert _client(world.bank_user).post(log, data).status_code == 302
    assert a.log.get().content == "走访了解需求"


def test_an_overdue_measure_shows_on_the_enterprise_page_until_it_is_done(world):
    a = _assignment(world, world.bank_user.bank)
    measure = services.measure_add(
        actor=world.park_a_officer,
        assignment=a,
        data={"content": "对接固定资产贷款", "due_on": timezone.localdate() - dt.timedelta(days=3)},
    )
    page = reverse("enterprises:detail", args=[world.enterprise_x.pk])
    text = _client(world.park_a_officer).get(page).content.decode()
    assert "逾期措施：对接固定资产贷款" in text
    # The enterprise sees its advisor (no link to the officers' page) and the late measure.
    own = _client(world.ent_x_user).get(page).content.decode()
    assert "赵顾问" in own and reverse("finance:assignment", args=[a.pk]) not in own
    response = _client(world.park_a_officer).post(
        reverse("finance:measure_done", args=[measure.pk]), {"result": "已签订贷款合同"}
    )
    assert response.status_code == 302
    assert "逾期措施" not in _client(world.park_a_officer).get(page).content.decode()


def test_a_bank_advisor_needs_its_bank_and_a_problem_needs_its_solution(world):
    with pytest.raises(ValidationError, match="请选择所属银行"):
        services.advisor_save(actor=None, data={"name": "钱顾问", "kind": "bank"}, check=False)
    a = _assignment(world, world.bank_user.bank)
    problem = services.problem_add(
        actor=world.bank_user,
        assignment=a,
        data={"content": "抵押物不足", "raised_on": timezone.localdate()},
    )
    with pytest.raises(ValidationError, match="请填写解决情况"):
        services.problem_solve(actor=world.bank_user, problem=problem, solution=" ")
    with pytest.raises(ValidationError):
        services.measure_add(
            actor=world.bank_user,
            assignment=a,
            data={"content": "x", "amount": Decimal("1e300"), "due_on": timezone.localdate()},
        )
