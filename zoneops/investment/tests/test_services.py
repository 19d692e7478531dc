"""Stage moves, funds arrived, events, registration and the key-project hand-over."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zoneops.core.models import ChangeRecord
from zoneops.enterprises.codes import credit_code
from zoneops.enterprises.models import ChainMembership
from zoneops.investment import services
from zoneops.investment.models import EventKind, Stage, StageChange
from zoneops.investment.tests.factories import YI, signed

pytestmark = pytest.mark.django_db
D = dt.date


def test_every_stage_change_is_dated_and_kept(inv):
    p = inv.project_a
    services.project_move(actor=inv.officer_a, project=p, to_stage="negotiating", on=D(2024, 1, 5))
    services.project_move(
        actor=inv.officer_a, project=p, to_stage="signed", on=D(2024, 2, 28), amount=58 * YI
    )
    services.project_move(actor=inv.officer_a, project=p, to_stage="started", on=D(2024, 3, 20))
    p.refresh_from_db()
    assert p.stage == Stage.STARTED
    assert (p.signed_on, p.signed_amount, p.started_on) == (D(2024, 2, 28), 58 * YI, D(2024, 3, 20))
    changes = list(StageChange.objects.filter(project=p).order_by("on", "pk"))
    assert [(c.from_stage, c.to_stage, c.on) for c in changes] == [
        ("", "lead", D(2023, 12, 1)),
        ("lead", "negotiating", D(2024, 1, 5)),
        ("negotiating", "signed", D(2024, 2, 28)),
        ("signed", "started", D(2024, 3, 20)),
    ]
    assert changes[2].actor == inv.officer_a and changes[2].amount == 58 * YI
    notes = ChangeRecord.objects.filter(model="investment.project", object_id=str(p.pk))
    assert notes.filter(note="阶段：开工").exists()


def test_a_lead_signed_at_once_gets_its_skipped_dates_and_its_investment_as_amount(inv):
    p = inv.project_b
    services.project_move(actor=inv.officer_b, project=p, to_stage="started", on=D(2024, 3, 1))
    p.refresh_from_db()
    assert p.signed_on == p.started_on == D(2024, 3, 1)
    assert p.signed_amount == 55 * YI


def test_dropping_needs_a_reason_and_moving_back_needs_one_too(inv):
    p = inv.project_a
    with pytest.raises(ValidationError) as caught:
        services.project_move(actor=inv.officer_a, project=p, to_stage="dropped", on=D(2024, 1, 2))
    assert "note" in caught.value.message_dict
    services.project_move(actor=inv.officer_a, project=p, to_stage="signed", on=D(2024, 1, 10))
    with pytest.raises(ValidationError):
        services.project_move(
            actor=inv.officer_a, project=p, to_stage="negotiating", on=D(2024, 1, 11)
        )
    services.project_move(
        actor=inv.officer_a, project=p, to_stage="negotiating", on=D(2024, 1, 11), note="合同重议"
    )
    p.refresh_from_db()
    assert p.signed_on is None and p.signed_amount is None


def test_a_dropped_project_revives_no_further_than_it_had_come(inv):
    p = inv.project_a
    services.project_move(actor=inv.officer_a, project=p, to_stage="negotiating", on=D(2024, 1, 2))
    services.project_move(
        actor=inv.officer_a, project=p, to_stage="dropped", on=D(2024, 1, 9), note="用地未落实"
    )
    p.refresh_from_db()
    assert (p.stage, p.dropped_on, p.drop_reason) == ("dropped", D(2024, 1, 9), "用地未落实")
    with pytest.raises(ValidationError):
        services.project_move(actor=inv.officer_a, project=p, to_stage="signed", on=D(2024, 2, 1))
    services.project_move(
        actor=inv.officer_a, project=p, to_stage="negotiating", on=D(2024, 2, 1), note="重启洽谈"
    )
    p.refresh_from_db()
    assert p.stage == "negotiating" and p.dropped_on is None and p.drop_reason == ""


def test_a_move_cannot_be_dated_before_the_last_one_or_in_the_future(inv):
    p = inv.project_a
    with pytest.raises(ValidationError):
        services.project_move(
            actor=inv.officer_a, project=p, to_stage="negotiating", on=D(2023, 1, 1)
        )
    with pytest.raises(ValidationError):
        services.project_move(
            actor=inv.officer_a, project=p, to_stage="negotiating", on=D(2999, 1, 1)
        )


def test_park_officers_read_but_do_not_move_projects(world, inv):
    with pytest.raises(PermissionDenied):
        services.project_move(
            actor=world.park_a_officer, project=inv.project_a, to_stage="negotiating"
        )


def test_funds_arrive_by_month_and_origin_after_signing(inv):
    p = signed(on=D(2024, 1, 16), officer=inv.officer_a, name="装备项目")
    with pytest.raises(ValidationError):
        services.arrival_save(
            actor=inv.officer_a,
            project=inv.project_a,
            month=D(2024, 2, 1),
            origin="outside_province",
            amount=Decimal(1),
        )
    with pytest.raises(ValidationError):  # before the month of signing
        services.arrival_save(
            actor=inv.officer_a,
            project=p,
            month=D(2023, 12, 1),
            origin="outside_province",
            amount=Decimal(1),
        )
    services.arrival_save(
        actor=inv.officer_a,
        project=p,
        month=D(2024, 2, 17),
        origin="outside_province",
        amount=Decimal(3_000_0000),
    )
    again = services.arrival_save(
        actor=inv.officer_a,
        project=p,
        month=D(2024, 2, 1),
        origin="outside_province",
        amount=Decimal(5_000_0000),
    )
    services.arrival_save(
        actor=inv.officer_a,
        project=p,
        month=D(2024, 2, 1),
        origin="outside_city",
        amount=Decimal(1_000_0000),
    )
    assert again.month == D(2024, 2, 1)
    assert sorted((a.origin, a.amount) for a in p.arrivals.all()) == [
        ("outside_city", Decimal(1_000_0000)),
        ("outside_province", Decimal(5_000_0000)),
    ]
    history = ChangeRecord.objects.filter(model="investment.fundarrival", object_id=str(again.pk))
    assert [r.action for r in history.order_by("pk")] == ["create", "update"]


def test_signing_at_a_ceremony_signs_the_project_on_the_event_date(inv):
    event = services.event_save(
        actor=inv.officer_a,
        data={
            "kind": EventKind.SIGNING,
            "title": "集中签约仪式",
            "on": D(2024, 2, 28),
            "place": "管委会",
        },
    )
    services.event_project_save(
        actor=inv.officer_a, event=event, project=inv.project_a, role="signed", amount=60 * YI
    )
    inv.project_a.refresh_from_db()
    assert inv.project_a.stage == "signed"
    assert inv.project_a.signed_on == D(2024, 2, 28)
    assert "集中签约仪式" in inv.project_a.stage_changes.get(to_stage="signed").note


def test_an_officer_cannot_link_a_project_outside_their_scope(inv):
    with pytest.raises(ValidationError):
        services.worklog_save(
            actor=inv.officer_a,
            data={"kind": "trip", "on": D(2024, 1, 8), "place": "苏州", "counterpart": "某公司"},
            projects=[inv.project_b],
        )


def test_registering_the_project_company_fills_the_registry_without_retyping(world, inv):
    p = inv.project_a
    services.project_move(actor=inv.officer_a, project=p, to_stage="signed", on=D(2024, 2, 28))
    p.refresh_from_db()
    seed = services.enterprise_seed(p)
    assert seed["park"] == world.park_a and seed["industry"] == p.industry
    enterprise = services.project_register_enterprise(
        actor=inv.officer_a,
        project=p,
        data={**seed, "credit_code": credit_code(424242), "name": "青海储能时代新能源有限公司"},
    )
    p.refresh_from_db()
    assert p.enterprise == enterprise and enterprise.park == world.park_a
    membership = ChainMembership.objects.get(enterprise=enterprise)
    assert (membership.chain, membership.node) == (inv.chain_a, inv.node_a)
    with pytest.raises(ValidationError):
        services.project_register_enterprise(actor=inv.officer_a, project=p, data=seed)


def test_the_key_project_seed_carries_the_signed_projects_figures(inv):
    with pytest.raises(ValidationError):
        services.key_project_seed(inv.project_a)
    p = signed(
        on=D(2024, 2, 28),
        officer=inv.officer_a,
        chain=inv.chain_a,
        name="储能基地",
        investment=60,
        planned_start=D(2024, 5, 31),
        content="储能电芯",
    )
    seed = services.key_project_seed(p)
    assert seed.name == "储能基地" and seed.owner == "储能基地投资方有限公司"
    assert seed.industry_code == "38" and seed.total_investment == 60 * YI
    assert seed.planned_start == D(2024, 5, 31) and seed.chain_id == inv.chain_a.pk
