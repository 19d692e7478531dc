"""History-table rows: investment."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tests.history.rows_core import _chain
from tests.history.table import (
    CREATE,
    UPDATE,
    YI,
    D,
    Service,
    Wrote,
    _officer,
    case,
    gone,
    wrote,
)
from zoneops.core.models import User
from zoneops.enterprises.codes import credit_code
from zoneops.enterprises.tests.factories import industry

# --- investment ------------------------------------------------------------------------


def _lead(w: Any, officer: User | None = None, **extra: Any) -> Any:
    from zoneops.investment.tests.factories import project

    return project(officer=officer, park=w.park_a, **extra)


def _investor() -> User:
    return _officer("investment", "招商局", "t-invest")


@case("investment", "project_create")
def _project_create(w: Any, fn: Service) -> Wrote:
    officer = _investor()
    p = fn(
        actor=officer,
        data={
            "name": "新型储能项目",
            "investor": "储能投资有限公司",
            "investor_region": "江苏省苏州市",
            "park": w.park_a,
            "industry": industry("3841"),
            "total_investment": 10 * YI,
            "method": "chain",
            "follow_up": officer,
            "first_contact": officer,
            "lead_on": D(2023, 12, 1),
        },
    )
    return wrote(p, CREATE, officer)


@case("investment", "lead_register")
def _lead_register(w: Any, fn: Service) -> Wrote:
    _investor()
    p = fn(
        actor=w.econ,
        data={
            "name": "锂电回收项目",
            "investor": "回收科技有限公司",
            "investor_region": "广东省深圳市",
            "industry": industry("3841"),
            "total_investment": 6 * YI,
            "method": "via_investor",
            "lead_on": timezone.localdate(),
        },
    )
    return wrote(p, CREATE, w.econ)


@case("investment", "lead_review")
def _lead_review(w: Any, fn: Service) -> Wrote:
    from zoneops.investment import services

    officer = _investor()
    p = services.lead_register(
        actor=None,
        data={
            "name": "锂电回收项目",
            "investor": "回收科技有限公司",
            "investor_region": "广东省深圳市",
            "industry": industry("3841"),
            "total_investment": 6 * YI,
            "method": "via_investor",
            "lead_on": timezone.localdate(),
        },
        check=False,
    )
    fn(actor=officer, project=p, accept=False, note="投资方资金不实")
    return wrote(p, UPDATE, officer)


@case("investment", "project_update")
def _project_update(w: Any, fn: Service) -> Wrote:
    officer = _investor()
    p = _lead(w, officer)
    fn(actor=officer, project=p, data={"investor_region": "浙江省杭州市"})
    return wrote(p, UPDATE, officer)


@case("investment", "project_move")
def _project_move(w: Any, fn: Service) -> Wrote:
    officer = _investor()
    p = _lead(w, officer)
    fn(actor=officer, project=p, to_stage="signed", on=D(2024, 1, 10))
    return wrote(p, UPDATE, officer)


def _signed(w: Any, officer: User | None) -> Any:
    from zoneops.investment import services

    p = _lead(w, officer)
    services.project_move(actor=None, project=p, to_stage="signed", on=D(2024, 1, 10), check=False)
    p.refresh_from_db()
    return p


@case("investment", "arrival_save")
def _arrival_save(w: Any, fn: Service) -> Wrote:
    officer = _investor()
    p = _signed(w, officer)
    a = fn(actor=officer, project=p, month=D(2024, 2, 1), origin="outside_province", amount=2 * YI)
    return wrote(a, CREATE, officer)


@case("investment", "arrival_delete")
def _arrival_delete(w: Any, fn: Service) -> Wrote:
    from zoneops.investment import services

    officer = _investor()
    p = _signed(w, officer)
    a = services.arrival_save(
        actor=None,
        project=p,
        month=D(2024, 2, 1),
        origin="outside_province",
        amount=2 * YI,
        check=False,
    )
    expected = gone(a)
    fn(actor=officer, arrival=a)
    return expected(officer)


@case("investment", "project_register_enterprise")
def _project_register_enterprise(w: Any, fn: Service) -> Wrote:
    from zoneops.investment import services

    officer = _investor()
    p = _signed(w, officer)
    seed = services.enterprise_seed(p)
    e = fn(
        actor=officer,
        project=p,
        data={**seed, "credit_code": credit_code(424242), "name": "青海储能时代新能源有限公司"},
    )
    assert p.enterprise == e
    return wrote(p, UPDATE, officer)


@case("investment", "project_link_enterprise")
def _project_link_enterprise(w: Any, fn: Service) -> Wrote:
    officer = _investor()
    p = _signed(w, officer)
    fn(actor=officer, project=p, enterprise=w.enterprise_x)
    p.refresh_from_db()
    assert p.enterprise == w.enterprise_x
    return wrote(p, UPDATE, officer)


@case("investment", "worklog_save")
def _worklog_save(w: Any, fn: Service) -> Wrote:
    officer = _investor()
    p = _lead(w, officer)
    entry = fn(
        actor=officer,
        data={"kind": "trip", "on": D(2024, 1, 8), "place": "苏州", "counterpart": "天合光能"},
        projects=[p],
    )
    return wrote(entry, CREATE, officer)


def _event() -> Any:
    from zoneops.investment import services

    return services.event_save(
        actor=None,
        data={"kind": "signing", "title": "签约仪式", "on": D(2024, 2, 28), "place": "管委会"},
        check=False,
    )


@case("investment", "event_save")
def _event_save(w: Any, fn: Service) -> Wrote:
    officer = _investor()
    event = fn(
        actor=officer,
        data={"kind": "signing", "title": "集中签约", "on": D(2024, 2, 28), "place": "管委会"},
    )
    return wrote(event, CREATE, officer)


@case("investment", "event_project_save")
def _event_project_save(w: Any, fn: Service) -> Wrote:
    officer = _investor()
    p = _lead(w, officer)
    line = fn(actor=officer, event=_event(), project=p, role="signed")
    return wrote(line, CREATE, officer)


@case("investment", "event_project_remove")
def _event_project_remove(w: Any, fn: Service) -> Wrote:
    from zoneops.investment import services

    officer = _investor()
    p = _lead(w, officer)
    line = services.event_project_save(
        actor=None, event=_event(), project=p, role="released", check=False
    )
    expected = gone(line)
    fn(actor=officer, line=line)
    return expected(officer)


@case("investment", "target_save")
def _investment_target_save(w: Any, fn: Service) -> Wrote:
    target = fn(
        actor=w.leader, year=2024, quarter=1, scope="zone", project_count=10, amount=500 * YI
    )
    return wrote(target, CREATE, w.leader)


@case("investment", "chain_officer_set")
def _chain_officer_set(w: Any, fn: Service) -> Wrote:
    chain, _node = _chain()
    link = fn(actor=w.admin, chain=chain, officer=_investor())
    return wrote(link, CREATE, w.admin)


@case("investment", "chain_officer_remove")
def _chain_officer_remove(w: Any, fn: Service) -> Wrote:
    from zoneops.investment import services

    chain, _node = _chain()
    link = services.chain_officer_set(actor=None, chain=chain, officer=_investor(), check=False)
    expected = gone(link)
    fn(actor=w.admin, link=link)
    return expected(w.admin)
