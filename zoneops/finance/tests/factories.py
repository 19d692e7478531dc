"""What the finance tests share: a second bank with its user, the finance officer, and a need
of enterprise X authorised to one bank."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from zoneops.core.models import Bank, Role, User
from zoneops.core.tests.factories import BankFactory, DepartmentFactory, UserFactory
from zoneops.enterprises.models import Enterprise
from zoneops.finance import services
from zoneops.finance.models import LoanCase, Need

WAN = Decimal(10000)


def finance_officer() -> User:
    department = DepartmentFactory(code="service", name="企业服务中心")
    return UserFactory(username="t-finance", role=Role.DEPARTMENT_OFFICER, department=department)


def bank_b_user() -> User:
    return UserFactory(
        username="t-bank-b", role=Role.BANK, bank=BankFactory(name="测试农商银行B支行")
    )


def need(
    enterprise: Enterprise,
    *,
    banks: tuple[Bank, ...] = (),
    amount_wan: int = 500,
    nature: str = "new",
    open_to_all: bool = False,
    published_on: dt.date | None = None,
    **data: Any,
) -> Need:
    made = services.need_create(
        actor=None,
        enterprise=enterprise,
        data={
            "amount": Decimal(amount_wan) * WAN,
            "term_months": 12,
            "purpose": "working_capital",
            "nature": nature,
            "open_to_all": open_to_all,
            **data,
        },
        published_on=published_on,
        check=False,
    )
    for bank in banks:
        services.grant_add(
            actor=None,
            need=made,
            bank=bank,
            valid_from=published_on,
            valid_until=timezone.localdate() + dt.timedelta(days=90),
            check=False,
        )
    return made


def credited_case(
    made: Need, bank: Bank, *, amount_wan: int = 400, on: dt.date | None = None
) -> LoanCase:
    day = on or timezone.localdate()
    case = services.case_push(actor=None, need=made, bank=bank, on=day, check=False)
    for stage in ("accepted", "first_review", "site_visit", "materials", "submitted"):
        services.case_advance(actor=None, case=case, stage=stage, on=day, check=False)
    return services.case_advance(
        actor=None,
        case=case,
        stage="credited",
        on=day,
        credit_amount=Decimal(amount_wan) * WAN,
        credit_rate=Decimal("3.45"),
        credit_term=12,
        check=False,
    )


def _advised(advisor: Any, enterprise: Enterprise) -> dict[str, Any]:
    """An advisor of another bank serving the enterprise, with a measure and a problem."""
    assignment = services.assignment_create(
        actor=None, advisor=advisor, enterprise=enterprise, data={}, check=False
    )
    today = timezone.localdate()
    return {
        "finance_assignment": assignment,
        "finance_measure": services.measure_add(
            actor=None,
            assignment=assignment,
            data={"content": "走查", "due_on": today},
            check=False,
        ),
        "finance_problem": services.problem_add(
            actor=None,
            assignment=assignment,
            data={"content": "走查", "raised_on": today},
            check=False,
        ),
    }


def _pushed_entry(enterprise: Enterprise, bank: Bank) -> Any:
    """A 申报清单 entry on the 推荐清单, pushed to ``bank``."""
    officer = UserFactory(role=Role.ADMIN)
    visit = services.visit_record(
        actor=None,
        enterprise=enterprise,
        officer=officer,
        data={
            "visited_on": timezone.localdate(),
            "findings": "走查",
            "need_found": True,
            "amount": 100 * WAN,
            "term_months": 12,
            "purpose": "working_capital",
            "consent": True,
        },
        check=False,
    )
    entry = services.entry_check(
        actor=None,
        entry=visit.entry,
        checks={
            key: (True, "走查") for key in ("lawful", "premises", "genuine", "credit", "purpose")
        },
        check=False,
    )
    entry = services.entry_review(
        actor=None, entry=entry, approve=True, opinion="走查", check=False
    )
    services.entry_push(actor=None, entry=entry, banks=[bank], check=False)
    return entry


def finance_outsiders(world: Any) -> tuple[dict[str, Any], dict[str, Any], Any]:
    """For the scope walk: per enterprise (X in park A, Y in park B) a need granted to a bank
    that is not the bank persona's, its grant, that bank's case, a product still in review,
    that bank's advisor serving it (with a measure and a problem) and the enterprise's place in
    the listing pool;
    and a session of that bank alone, which neither the bank persona nor an enterprise sees."""
    other = BankFactory(name="走查银行")
    tier = services.listing_tier_save(
        actor=None, data={"name": "走查库", "order": 1}, tests=[], check=False
    )
    advisor = services.advisor_save(
        actor=None, data={"name": "走查顾问", "kind": "bank", "bank": other}, check=False
    )
    found = []
    for enterprise in (world.enterprise_x, world.enterprise_y):
        made = need(enterprise, banks=(other,))
        case = services.case_push(actor=None, need=made, bank=other, check=False)
        product = services.product_save(
            actor=None,
            bank=other,
            data={"name": f"走查产品{enterprise.pk}", "kind": "贷款"},
            check=False,
        )
        found.append(
            {
                "finance_entry": _pushed_entry(enterprise, other),
                "finance_need": made,
                "finance_grant": made.grants.get(),
                "finance_case": case,
                "finance_product": product,
                **_advised(advisor, enterprise),
                "finance_listing": services.listing_enrol(
                    actor=None,
                    enterprise=enterprise,
                    data={"tier": tier, "board": "bse"},
                    check=False,
                ),
            }
        )
    session = services.session_create(
        actor=None,
        data={"name": "走查对接会", "theme": "general", "held_on": timezone.localdate()},
        banks=[other],
        check=False,
    )
    return found[0], found[1], session
