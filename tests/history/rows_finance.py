"""History-table rows: finance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tests.history.table import CREATE, UPDATE, WAN, Service, Wrote, case, wrote
from zoneops.finance import services
from zoneops.finance.tests.factories import credited_case, finance_officer, need


def _today() -> dt.date:
    return timezone.localdate()


def _need(w: Any, **kwargs: Any) -> Any:
    return need(w.enterprise_x, **kwargs)


@case("finance", "need_create")
def _need_create(w: Any, fn: Service) -> Wrote:
    made = fn(
        actor=w.ent_x_user,
        enterprise=w.enterprise_x,
        data={
            "amount": 300 * WAN,
            "term_months": 12,
            "purpose": "working_capital",
            "nature": "new",
            "open_to_all": False,
        },
    )
    return wrote(made, CREATE, w.ent_x_user)


@case("finance", "need_close")
def _need_close(w: Any, fn: Service) -> Wrote:
    made = _need(w)
    fn(actor=w.ent_x_user, need=made, status="withdrawn")
    return wrote(made, UPDATE, w.ent_x_user)


@case("finance", "grant_add")
def _grant_add(w: Any, fn: Service) -> Wrote:
    made = _need(w)
    grant = fn(
        actor=w.ent_x_user,
        need=made,
        bank=w.bank_user.bank,
        valid_until=_today() + dt.timedelta(days=60),
    )
    return wrote(grant, CREATE, w.ent_x_user)


@case("finance", "grant_revoke")
def _grant_revoke(w: Any, fn: Service) -> Wrote:
    made = _need(w, banks=(w.bank_user.bank,))
    grant = made.grants.get()
    fn(actor=w.ent_x_user, grant=grant)
    return wrote(grant, UPDATE, w.ent_x_user)


@case("finance", "case_push")
def _case_push(w: Any, fn: Service) -> Wrote:
    officer = finance_officer()
    made = _need(w, banks=(w.bank_user.bank,))
    loan = fn(actor=officer, need=made, bank=w.bank_user.bank)
    return wrote(loan, CREATE, officer)


@case("finance", "case_claim")
def _case_claim(w: Any, fn: Service) -> Wrote:
    made = _need(w, open_to_all=True, banks=(w.bank_user.bank,))
    loan = fn(actor=w.bank_user, need=made, bank=w.bank_user.bank)
    return wrote(loan, CREATE, w.bank_user)


def _pushed(w: Any) -> Any:
    made = _need(w, banks=(w.bank_user.bank,))
    return services.case_push(actor=None, need=made, bank=w.bank_user.bank, check=False)


@case("finance", "case_advance")
def _case_advance(w: Any, fn: Service) -> Wrote:
    loan = _pushed(w)
    fn(actor=w.bank_user, case=loan, stage="accepted")
    return wrote(loan, UPDATE, w.bank_user)


@case("finance", "case_refuse")
def _case_refuse(w: Any, fn: Service) -> Wrote:
    loan = _pushed(w)
    fn(actor=w.bank_user, case=loan, reason="经营现金流不足")
    return wrote(loan, UPDATE, w.bank_user)


@case("finance", "disbursement_add")
def _disbursement_add(w: Any, fn: Service) -> Wrote:
    loan = credited_case(_need(w, banks=(w.bank_user.bank,)), w.bank_user.bank)
    paid = fn(actor=w.bank_user, case=loan, amount=200 * WAN, on=_today())
    return wrote(paid, CREATE, w.bank_user)


@case("finance", "reported_case")
def _reported_case(w: Any, fn: Service) -> Wrote:
    officer = finance_officer()
    loan = fn(actor=officer, enterprise=w.enterprise_x, bank=w.bank_user.bank, on=_today())
    return wrote(loan, CREATE, officer)


@case("finance", "product_save")
def _product_save(w: Any, fn: Service) -> Wrote:
    product = fn(actor=w.bank_user, bank=w.bank_user.bank, data={"name": "科技贷", "kind": "贷款"})
    return wrote(product, CREATE, w.bank_user)


@case("finance", "product_review")
def _product_review(w: Any, fn: Service) -> Wrote:
    officer = finance_officer()
    product = services.product_save(
        actor=None, bank=w.bank_user.bank, data={"name": "税易贷", "kind": "贷款"}, check=False
    )
    fn(actor=officer, product=product, approve=True)
    return wrote(product, UPDATE, officer)


def _session() -> Any:
    return services.session_create(
        actor=None,
        data={"name": "银企对接会", "theme": "general", "held_on": timezone.localdate()},
        banks=[],
        check=False,
    )


@case("finance", "session_create")
def _session_create(w: Any, fn: Service) -> Wrote:
    officer = finance_officer()
    session = fn(
        actor=officer,
        data={"name": "春季银企对接会", "theme": "general", "held_on": _today()},
        banks=[w.bank_user.bank],
    )
    return wrote(session, CREATE, officer)


@case("finance", "signing_add")
def _signing_add(w: Any, fn: Service) -> Wrote:
    officer = finance_officer()
    signing = fn(
        actor=officer,
        session=_session(),
        enterprise=w.enterprise_x,
        bank=w.bank_user.bank,
        kind="credit",
        amount=Decimal(500) * WAN,
    )
    return wrote(signing, CREATE, officer)


def _listing_tier() -> Any:
    return services.listing_tier_save(
        actor=None, data={"name": "历史库", "order": 1}, tests=[], check=False
    )


def _company(w: Any) -> Any:
    return services.listing_enrol(
        actor=None,
        enterprise=w.enterprise_x,
        data={"tier": _listing_tier(), "board": "bse"},
        check=False,
    )


@case("finance", "listing_tier_save")
def _listing_tier_save(w: Any, fn: Service) -> Wrote:
    officer = finance_officer()
    tier = fn(
        actor=officer,
        data={"name": "基础库", "order": 1, "min_years": 2},
        tests=[{"number": 1, "name": "上年盈利", "profitable_years": 1}],
    )
    return wrote(tier, CREATE, officer)


@case("finance", "listing_enrol")
def _listing_enrol(w: Any, fn: Service) -> Wrote:
    company = fn(
        actor=w.econ, enterprise=w.enterprise_x, data={"tier": _listing_tier(), "board": "star"}
    )
    return wrote(company, CREATE, w.econ)


@case("finance", "listing_update")
def _listing_update(w: Any, fn: Service) -> Wrote:
    company = _company(w)
    fn(actor=w.park_a_officer, company=company, data={"sponsor": "中信证券"})
    return wrote(company, UPDATE, w.park_a_officer)


@case("finance", "milestone_set")
def _milestone_set(w: Any, fn: Service) -> Wrote:
    milestone = fn(
        actor=w.econ,
        company=_company(w),
        stage="restructure",
        planned_on=_today(),
        reached_on=None,
    )
    return wrote(milestone, CREATE, w.econ)


@case("finance", "green_channel_add")
def _green_channel_add(w: Any, fn: Service) -> Wrote:
    issue = fn(
        actor=w.econ,
        company=_company(w),
        title="产权证明",
        content="补办厂房产权证。",
        topic="land",
    )
    return wrote(issue, CREATE, w.econ)


def _advisor() -> Any:
    return services.advisor_save(
        actor=None,
        data={"name": "历史顾问", "kind": "other", "organisation": "某证券"},
        check=False,
    )


def _assignment(w: Any) -> Any:
    return services.assignment_create(
        actor=None, advisor=_advisor(), enterprise=w.enterprise_x, data={}, check=False
    )


@case("finance", "advisor_save")
def _advisor_save(w: Any, fn: Service) -> Wrote:
    officer = finance_officer()
    advisor = fn(actor=officer, data={"name": "钱顾问", "kind": "bank", "bank": w.bank_user.bank})
    return wrote(advisor, CREATE, officer)


@case("finance", "assignment_create")
def _assignment_create(w: Any, fn: Service) -> Wrote:
    assignment = fn(actor=w.econ, advisor=_advisor(), enterprise=w.enterprise_x, data={})
    return wrote(assignment, CREATE, w.econ)


@case("finance", "measure_add")
def _measure_add(w: Any, fn: Service) -> Wrote:
    measure = fn(
        actor=w.park_a_officer,
        assignment=_assignment(w),
        data={"content": "续贷衔接", "due_on": _today()},
    )
    return wrote(measure, CREATE, w.park_a_officer)


@case("finance", "measure_done")
def _measure_done(w: Any, fn: Service) -> Wrote:
    measure = services.measure_add(
        actor=None,
        assignment=_assignment(w),
        data={"content": "续贷衔接", "due_on": _today()},
        check=False,
    )
    fn(actor=w.park_a_officer, measure=measure, result="已完成")
    return wrote(measure, UPDATE, w.park_a_officer)


@case("finance", "log_add")
def _log_add(w: Any, fn: Service) -> Wrote:
    entry = fn(
        actor=w.econ,
        assignment=_assignment(w),
        data={"on": _today(), "kind": "visit", "content": "走访"},
    )
    return wrote(entry, CREATE, w.econ)


@case("finance", "problem_add")
def _problem_add(w: Any, fn: Service) -> Wrote:
    problem = fn(
        actor=w.econ, assignment=_assignment(w), data={"content": "抵押不足", "raised_on": _today()}
    )
    return wrote(problem, CREATE, w.econ)


@case("finance", "problem_solve")
def _problem_solve(w: Any, fn: Service) -> Wrote:
    problem = services.problem_add(
        actor=None,
        assignment=_assignment(w),
        data={"content": "抵押不足", "raised_on": _today()},
        check=False,
    )
    fn(actor=w.econ, problem=problem, solution="引入担保")
    return wrote(problem, UPDATE, w.econ)


# ---- 融资协调工作机制 ----------------------------------------------------------------------

ALL_MET = {key: (True, "核实") for key in ("lawful", "premises", "genuine", "credit", "purpose")}


def _coord_visit(w: Any, officer: Any) -> Any:
    return services.visit_record(
        actor=officer,
        enterprise=w.enterprise_x,
        officer=officer,
        data={
            "visited_on": _today(),
            "findings": "走访发现流动资金需求",
            "need_found": True,
            "amount": 200 * WAN,
            "term_months": 12,
            "purpose": "working_capital",
            "consent": True,
        },
    )


@case("finance", "visit_record")
def _visit_record(w: Any, fn: Service) -> Wrote:
    visit = fn(
        actor=w.park_a_officer,
        enterprise=w.enterprise_x,
        officer=w.park_a_officer,
        data={"visited_on": _today(), "findings": "走访", "need_found": False},
    )
    return wrote(visit, CREATE, w.park_a_officer)


@case("finance", "entry_check")
def _entry_check(w: Any, fn: Service) -> Wrote:
    entry = _coord_visit(w, w.park_a_officer).entry
    fn(actor=w.park_a_officer, entry=entry, checks=ALL_MET)
    return wrote(entry, UPDATE, w.park_a_officer)


@case("finance", "entry_review")
def _entry_review(w: Any, fn: Service) -> Wrote:
    officer = finance_officer()
    entry = _coord_visit(w, w.park_a_officer).entry
    services.entry_check(actor=w.park_a_officer, entry=entry, checks=ALL_MET)
    fn(actor=officer, entry=entry, approve=True, opinion="同意推荐")
    return wrote(entry, UPDATE, officer)


@case("finance", "entry_push")
def _entry_push(w: Any, fn: Service) -> Wrote:
    officer = finance_officer()
    entry = _coord_visit(w, w.park_a_officer).entry
    services.entry_check(actor=w.park_a_officer, entry=entry, checks=ALL_MET)
    services.entry_review(actor=officer, entry=entry, approve=True, opinion="同意推荐")
    cases = fn(actor=officer, entry=entry, banks=[w.bank_user.bank])
    return wrote(cases[0], CREATE, officer)
