"""金融服务 as JSON under ``/api/finance/``. Thin: the same queries and services as the pages, the
same scope (a bank sees only needs granted to it, while the grant is in force; 404 otherwise).
Amounts are in 元."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from zoneops.core.bounds import ZONE_ERA, Bound, Id, date_in_span
from zoneops.core.models import Bank, Role, User
from zoneops.core.navigation import module_allowed
from zoneops.core.pagination import Pagination
from zoneops.core.schemas import ErrorOut, InputSchema
from zoneops.enterprises import queries as registry
from zoneops.finance import queries, services
from zoneops.finance.models import Disbursement, Entry, Grant, LoanCase, Need, Session, Visit

router = Router(tags=["finance"])


def _user(request: HttpRequest) -> User:
    if not module_allowed(request.user, "finance"):
        raise Http404
    return cast(User, request.user)


def _errors(exc: ValidationError) -> dict[str, Any]:
    if hasattr(exc, "error_dict"):
        return {
            "detail": "；".join(exc.messages),
            "errors": {k: [str(m) for m in v] for k, v in exc.message_dict.items()},
        }
    return {"detail": "；".join(exc.messages)}


class FinanceNeedOut(Schema):
    id: int
    enterprise_id: int
    enterprise: str = Field(..., alias="enterprise.name")
    amount: Decimal
    term_months: int
    purpose: str
    purpose_note: str
    acceptable_rate: Decimal | None
    guarantees: list[str]
    repayment_source: str
    credit_enhancement: str
    nature: str
    source: str
    open_to_all: bool
    status: str
    published_on: dt.date
    figures: dict[str, Any]


Guarantees = Literal["credit", "surety", "mortgage", "pledge", "guarantor"]


class FinanceNeedIn(InputSchema):
    enterprise_id: Id | None = None
    amount: Annotated[Decimal, Bound(Need, "amount")]
    term_months: Annotated[int, Bound(Need, "term_months")]
    purpose: Literal["working_capital", "equipment", "upgrade", "construction", "orders", "other"]
    purpose_note: str = Field("", max_length=200)
    acceptable_rate: Annotated[Decimal, Bound(Need, "acceptable_rate")] | None = None
    guarantees: list[Guarantees] = Field(default_factory=list, max_length=5)
    repayment_source: str = Field("", max_length=200)
    credit_enhancement: str = Field("", max_length=200)
    nature: Literal["new", "repay_then_borrow", "borrow_to_repay", "transfer"] = "new"
    open_to_all: bool = False


@router.get("/needs", response=list[FinanceNeedOut])
@paginate(Pagination)
def finance_need_list(request: HttpRequest, status: str = "") -> Any:
    return queries.need_list(user=_user(request), status=status[:20])


@router.post("/needs", response={201: FinanceNeedOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def finance_need_create(request: HttpRequest, body: FinanceNeedIn) -> Any:
    """Post a need: an enterprise user for their own enterprise, an officer for one they see."""
    user = _user(request)
    enterprise_id = body.enterprise_id or user.enterprise_id
    enterprise = get_object_or_404(registry.enterprise_detail_queryset(user=user), pk=enterprise_id)
    data = body.dict(exclude={"enterprise_id"})
    data["source"] = Need.Source.ENTERPRISE if user.role == Role.ENTERPRISE else Need.Source.VISIT
    try:
        need = services.need_create(actor=user, enterprise=enterprise, data=data)
    except PermissionDenied:
        return Status(403, {"detail": "无权为该企业发布融资需求"})
    except ValidationError as exc:
        return Status(422, _errors(exc))
    return Status(201, need)


def _need(request: HttpRequest, need_id: int) -> tuple[User, Need]:
    user = _user(request)
    return user, get_object_or_404(queries.need_detail_queryset(user=user), pk=need_id)


@router.get("/needs/{need_id}", response={200: FinanceNeedOut, 404: ErrorOut})
def finance_need_detail(request: HttpRequest, need_id: int) -> Any:
    user, need = _need(request, need_id)
    if user.role == Role.BANK:
        services.note_bank_view(viewer=user, need=need)
    return need


class FinanceGrantOut(Schema):
    id: int
    need_id: int
    bank_id: int
    bank: str = Field(..., alias="bank.name")
    valid_from: dt.date
    valid_until: dt.date
    revoked_at: dt.datetime | None


class FinanceGrantIn(InputSchema):
    bank_id: Id
    valid_until: Annotated[dt.date, Bound(Grant, "valid_until")]


@router.get("/needs/{need_id}/grants", response={200: list[FinanceGrantOut], 404: ErrorOut})
def finance_grant_list(request: HttpRequest, need_id: int) -> Any:
    user, need = _need(request, need_id)
    if user.role == Role.BANK:
        raise Http404
    return list(queries.grants_of(need, user=user))


@router.post(
    "/needs/{need_id}/grants",
    response={201: FinanceGrantOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def finance_grant_create(request: HttpRequest, need_id: int, body: FinanceGrantIn) -> Any:
    """The enterprise authorises a bank to see this need until a date."""
    user, need = _need(request, need_id)
    bank = Bank.objects.filter(pk=body.bank_id).first()
    if bank is None:
        return Status(422, {"detail": "银行不存在", "errors": {"bank_id": ["不存在"]}})
    try:
        grant = services.grant_add(actor=user, need=need, bank=bank, valid_until=body.valid_until)
    except PermissionDenied:
        return Status(403, {"detail": "无权授权"})
    except ValidationError as exc:
        return Status(422, _errors(exc))
    return Status(201, grant)


@router.post(
    "/grants/{grant_id}/revoke", response={200: FinanceGrantOut, 403: ErrorOut, 404: ErrorOut}
)
def finance_grant_revoke(request: HttpRequest, grant_id: int) -> Any:
    user = _user(request)
    grant = get_object_or_404(Grant.objects.visible_to(user), pk=grant_id)
    if user.role == Role.BANK:
        raise Http404
    try:
        return services.grant_revoke(actor=user, grant=grant)
    except PermissionDenied:
        return Status(403, {"detail": "无权撤销授权"})


class FinanceCaseOut(Schema):
    id: int
    need_id: int | None
    enterprise_id: int
    enterprise: str = Field(..., alias="enterprise.name")
    bank_id: int
    bank: str = Field(..., alias="bank.name")
    route: str
    stage: str
    refused_from: str
    refusal_reason: str
    pushed_on: dt.date
    contact_due: dt.date | None
    decide_due: dt.date | None
    credit_amount: Decimal | None
    credit_rate: Decimal | None
    credit_term: int | None
    credited_on: dt.date | None


class FinanceStepOut(Schema):
    stage: str
    on: dt.date
    opinion: str
    skipped: bool


class FinancePushIn(InputSchema):
    bank_id: Id


@router.post(
    "/needs/{need_id}/push",
    response={201: FinanceCaseOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def finance_push(request: HttpRequest, need_id: int, body: FinancePushIn) -> Any:
    """The finance officer pushes the need to an authorised bank (推荐清单)."""
    user, need = _need(request, need_id)
    bank = Bank.objects.filter(pk=body.bank_id).first()
    if bank is None:
        return Status(422, {"detail": "银行不存在", "errors": {"bank_id": ["不存在"]}})
    try:
        case = services.case_push(actor=user, need=need, bank=bank)
    except PermissionDenied:
        return Status(403, {"detail": "无权推送"})
    except ValidationError as exc:
        return Status(422, _errors(exc))
    return Status(201, case)


@router.post(
    "/needs/{need_id}/claim",
    response={201: FinanceCaseOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def finance_claim(request: HttpRequest, need_id: int) -> Any:
    """A bank takes an open need it is authorised to see (抢单)."""
    user, need = _need(request, need_id)
    if user.bank is None:
        return Status(403, {"detail": "仅银行用户可抢单"})
    try:
        case = services.case_claim(actor=user, need=need, bank=user.bank)
    except PermissionDenied:
        return Status(403, {"detail": "无权抢单"})
    except ValidationError as exc:
        return Status(422, _errors(exc))
    return Status(201, case)


@router.get("/cases", response=list[FinanceCaseOut])
@paginate(Pagination)
def finance_case_list(request: HttpRequest, stage: str = "") -> Any:
    return queries.case_list(user=_user(request), stage=stage[:20])


def _case(request: HttpRequest, case_id: int) -> tuple[User, LoanCase]:
    user = _user(request)
    return user, get_object_or_404(queries.case_detail_queryset(user=user), pk=case_id)


@router.get("/cases/{case_id}", response={200: FinanceCaseOut, 404: ErrorOut})
def finance_case_detail(request: HttpRequest, case_id: int) -> Any:
    return _case(request, case_id)[1]


@router.get("/cases/{case_id}/steps", response={200: list[FinanceStepOut], 404: ErrorOut})
def finance_case_steps(request: HttpRequest, case_id: int) -> Any:
    return list(queries.steps_of(_case(request, case_id)[1]))


class FinanceStepIn(InputSchema):
    stage: Literal["accepted", "first_review", "site_visit", "materials", "submitted", "credited"]
    on: Annotated[dt.date, Bound(LoanCase, "credited_on")] | None = None
    opinion: str = Field("", max_length=500)
    skip: list[Literal["site_visit", "materials"]] = Field(default_factory=list, max_length=2)
    credit_amount: Annotated[Decimal, Bound(LoanCase, "credit_amount")] | None = None
    credit_rate: Annotated[Decimal, Bound(LoanCase, "credit_rate")] | None = None
    credit_term: Annotated[int, Bound(LoanCase, "credit_term")] | None = None


@router.post(
    "/cases/{case_id}/steps",
    response={200: FinanceCaseOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def finance_case_step(request: HttpRequest, case_id: int, body: FinanceStepIn) -> Any:
    """The next step of the case, in order (a step out of order is 422)."""
    user, case = _case(request, case_id)
    data = body.dict()
    data["skip"] = tuple(data["skip"])
    try:
        return services.case_advance(actor=user, case=case, **data)
    except PermissionDenied:
        return Status(403, {"detail": "仅承办银行可登记"})
    except ValidationError as exc:
        return Status(422, _errors(exc))


class FinanceRefuseIn(InputSchema):
    reason: str = Field(..., min_length=1, max_length=200)


@router.post(
    "/cases/{case_id}/refuse",
    response={200: FinanceCaseOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def finance_case_refuse(request: HttpRequest, case_id: int, body: FinanceRefuseIn) -> Any:
    user, case = _case(request, case_id)
    try:
        return services.case_refuse(actor=user, case=case, reason=body.reason)
    except PermissionDenied:
        return Status(403, {"detail": "仅承办银行可登记"})
    except ValidationError as exc:
        return Status(422, _errors(exc))


class FinanceDisbursementOut(Schema):
    id: int
    case_id: int
    amount: Decimal
    on: dt.date
    maturity: dt.date | None
    rate: Decimal | None
    guarantee: str
    first_loan: bool | None


class FinanceDisbursementIn(InputSchema):
    amount: Annotated[Decimal, Bound(Disbursement, "amount")]
    on: Annotated[dt.date, Bound(Disbursement, "on")]
    maturity: Annotated[dt.date, Bound(Disbursement, "maturity")] | None = None
    rate: Annotated[Decimal, Bound(Disbursement, "rate")] | None = None
    guarantee: str = Field("", max_length=50)
    first_loan: bool | None = None


@router.get(
    "/cases/{case_id}/disbursements",
    response={200: list[FinanceDisbursementOut], 404: ErrorOut},
)
def finance_disbursement_list(request: HttpRequest, case_id: int) -> Any:
    return list(_case(request, case_id)[1].disbursements.all())


@router.post(
    "/cases/{case_id}/disbursements",
    response={201: FinanceDisbursementOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def finance_disbursement_create(
    request: HttpRequest, case_id: int, body: FinanceDisbursementIn
) -> Any:
    user, case = _case(request, case_id)
    try:
        payment = services.disbursement_add(actor=user, case=case, **body.dict())
    except PermissionDenied:
        return Status(403, {"detail": "仅承办银行可登记放款"})
    except ValidationError as exc:
        return Status(422, _errors(exc))
    return Status(201, payment)


class FinanceProductOut(Schema):
    id: int
    bank_id: int
    bank: str = Field(..., alias="bank.name")
    name: str
    kind: str
    target: str
    conditions: str
    materials: str
    amount_min: Decimal | None
    amount_max: Decimal | None
    term_min: int | None
    term_max: int | None
    rate_min: Decimal | None
    rate_max: Decimal | None
    guarantees: list[str]
    tags: list[str]
    online: bool
    review: str
    listed: bool


@router.get("/products", response=list[FinanceProductOut])
@paginate(Pagination)
def finance_product_list(request: HttpRequest) -> Any:
    return queries.product_list(user=_user(request))


class FinanceReasonOut(Schema):
    rule: str
    passed: bool
    actual: str


class FinanceProductMatchOut(Schema):
    need_id: int
    enterprise_id: int
    enterprise: str
    eligible: bool
    reasons: list[FinanceReasonOut]


@router.get(
    "/products/{product_id}/matches",
    response={200: list[FinanceProductMatchOut], 404: ErrorOut},
)
def finance_product_matches(request: HttpRequest, product_id: int) -> Any:
    """The open needs the user sees judged against the product's 准入条件 (the funding
    programs' rules engine), each with its reasons; matching ones first."""
    user = _user(request)
    if user.role == Role.ENTERPRISE:
        raise Http404
    product = get_object_or_404(queries.product_list(user=user), pk=product_id)
    return [
        {
            "need_id": need.pk,
            "enterprise_id": need.enterprise_id,
            "enterprise": need.enterprise.name,
            "eligible": match.eligible,
            "reasons": [
                {"rule": r.rule.label, "passed": r.passed, "actual": r.actual}
                for r in match.reasons
            ]
            + [{"rule": f.label, "passed": f.passed, "actual": f.actual} for f in match.fits],
        }
        for need, match in queries.product_matches(product, user=user)
    ]


class FinanceSessionOut(Schema):
    id: int
    name: str
    theme: str
    held_on: dt.date
    place: str
    organiser: str
    signed: Decimal
    credited: Decimal
    disbursed: Decimal
    signings: int
    landed: int
    landing_rate: Decimal | None = Field(None, description="放款 ÷ 签约 × 100, by amount")


def _session_out(session: Session, user: User) -> dict[str, Any]:
    landing = queries.session_landing(session, user=user, today=timezone.localdate())
    return {
        "id": session.pk,
        "name": session.name,
        "theme": session.theme,
        "held_on": session.held_on,
        "place": session.place,
        "organiser": session.organiser,
        "signed": landing.signed,
        "credited": landing.credited,
        "disbursed": landing.disbursed,
        "signings": landing.count,
        "landed": landing.landed,
        "landing_rate": landing.rate,
    }


@router.get("/sessions", response=list[FinanceSessionOut])
def finance_session_list(request: HttpRequest) -> Any:
    user = _user(request)
    return [_session_out(s, user) for s in queries.session_list(user=user)[:100]]


@router.get("/sessions/{session_id}", response={200: FinanceSessionOut, 404: ErrorOut})
def finance_session_detail(request: HttpRequest, session_id: int) -> Any:
    user = _user(request)
    session = get_object_or_404(queries.session_list(user=user), pk=session_id)
    return _session_out(session, user)


class FinanceTallyOut(Schema):
    label: str
    needs: int
    need_amount: Decimal
    cases: int
    response_rate: Decimal | None
    success_rate: Decimal | None
    credited: Decimal
    disbursed: Decimal
    new_money: Decimal
    rollover: Decimal
    first_loans: int
    first_loan_amount: Decimal
    average_days: Decimal | None


class FinanceStatsOut(Schema):
    start: dt.date
    end: dt.date
    zone: FinanceTallyOut
    banks: list[FinanceTallyOut]
    parks: list[FinanceTallyOut]


class FinanceStatsQuery(InputSchema):
    start: date_in_span(ZONE_ERA) = Field(..., alias="from")  # type: ignore[valid-type]
    end: date_in_span(ZONE_ERA) = Field(..., alias="to")  # type: ignore[valid-type]


@router.get("/stats", response={200: FinanceStatsOut, 404: ErrorOut})
def finance_stats(request: HttpRequest, period: Query[FinanceStatsQuery]) -> Any:
    """Needs published in the period and what followed, by bank and park (computed)."""
    user = _user(request)
    if user.role in (Role.BANK, Role.ENTERPRISE):
        raise Http404
    return queries.statistics(user=user, start=period.start, end=period.end)


# ---- 企业上市 -----------------------------------------------------------------------------


def _listing_user(request: HttpRequest) -> User:
    user = _user(request)
    if user.role in (Role.BANK, Role.ENTERPRISE):
        raise Http404
    return user


class FinanceMilestoneOut(Schema):
    stage: str
    planned_on: dt.date | None
    reached_on: dt.date | None


class FinanceListingOut(Schema):
    id: int
    enterprise_id: int
    enterprise: str
    tier: str
    board: str
    entered_on: dt.date
    stage: str  # the last stage reached; "" before 股改
    next_stage: str
    overdue: bool
    sponsor: str
    law_firm: str
    accountant: str
    milestones: list[FinanceMilestoneOut]


def _listing_out(company: Any, today: dt.date) -> dict[str, Any]:
    road = queries.road_of(company, today=today)
    return {
        "id": company.pk,
        "enterprise_id": company.enterprise_id,
        "enterprise": company.enterprise.name,
        "tier": company.tier.name,
        "board": company.board,
        "entered_on": company.entered_on,
        "stage": road.column,
        "next_stage": road.next_stage,
        "overdue": road.overdue,
        "sponsor": company.sponsor,
        "law_firm": company.law_firm,
        "accountant": company.accountant,
        "milestones": list(company.milestones.all()),
    }


@router.get("/listing/companies", response=list[FinanceListingOut])
def finance_listing_list(request: HttpRequest) -> Any:
    """The reserve pool's companies the user sees, each with where it stands."""
    user, today = _listing_user(request), timezone.localdate()
    return [_listing_out(c, today) for c in queries.listing_company_list(user=user)]


@router.get("/listing/companies/{company_id}", response={200: FinanceListingOut, 404: ErrorOut})
def finance_listing_detail(request: HttpRequest, company_id: int) -> Any:
    user = _listing_user(request)
    company = get_object_or_404(queries.listing_company_list(user=user), pk=company_id)
    return _listing_out(company, timezone.localdate())


class FinanceCandidateOut(Schema):
    tier: str
    enterprise_id: int
    enterprise: str
    reason: str
    in_pool: bool


class FinanceCandidatesOut(Schema):
    last_year: int | None
    candidates: list[FinanceCandidateOut]


@router.get("/listing/candidates", response=FinanceCandidatesOut)
def finance_listing_candidates(request: HttpRequest) -> Any:
    """Enterprises whose figures pass a tier's test and that are not in that tier yet, with
    the reason (computed on each call)."""
    found = queries.listing_candidates(user=_listing_user(request))
    return {
        "last_year": found.last_year,
        "candidates": [
            {
                "tier": tier.name,
                "enterprise_id": c.enterprise.pk,
                "enterprise": c.enterprise.name,
                "reason": c.judgement.reason,
                "in_pool": c.company is not None,
            }
            for tier, rows in found.tiers
            for c in rows
        ],
    }


# ---- 融资协调工作机制 ----------------------------------------------------------------------


def _coord_officer(request: HttpRequest) -> User:
    user = _user(request)
    if user.role in (Role.BANK, Role.ENTERPRISE):
        raise Http404
    return user


class FinanceVisitOut(Schema):
    id: int
    enterprise_id: int
    enterprise: str = Field(..., alias="enterprise.name")
    visited_on: dt.date
    officer_id: int
    findings: str
    need_found: bool
    amount: Decimal | None
    term_months: int | None
    purpose: str
    consent: bool


Purposes = Literal["working_capital", "equipment", "upgrade", "construction", "orders", "other"]


class FinanceVisitIn(InputSchema):
    enterprise_id: Id
    visited_on: Annotated[dt.date, Bound(Visit, "visited_on")]
    findings: str = Field(..., min_length=1, max_length=2000)
    need_found: bool = False
    amount: Annotated[Decimal, Bound(Visit, "amount")] | None = None
    term_months: Annotated[int, Bound(Visit, "term_months")] | None = None
    purpose: Purposes | Literal[""] = ""
    consent: bool = False


@router.get("/coordination/visits", response=list[FinanceVisitOut])
@paginate(Pagination)
def finance_coord_visit_list(request: HttpRequest) -> Any:
    return queries.visit_list(user=_coord_officer(request))


@router.post(
    "/coordination/visits",
    response={201: FinanceVisitOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def finance_coord_visit_create(request: HttpRequest, body: FinanceVisitIn) -> Any:
    """Log a visit by the signed-in officer; one that found a need starts a 申报清单 entry."""
    user = _user(request)
    enterprise = get_object_or_404(
        registry.enterprise_detail_queryset(user=user), pk=body.enterprise_id
    )
    try:
        visit = services.visit_record(
            actor=user,
            enterprise=enterprise,
            officer=user,
            data=body.dict(exclude={"enterprise_id"}),
        )
    except PermissionDenied:
        return Status(403, {"detail": gettext("无权登记走访")})
    except ValidationError as exc:
        return Status(422, _errors(exc))
    return Status(201, visit)


class FinanceCheckOut(Schema):
    criterion: str
    label: str
    met: bool
    evidence: str


class FinanceEntryOut(Schema):
    id: int
    visit_id: int
    enterprise_id: int
    enterprise: str = Field(..., alias="enterprise.name")
    status: str
    checklist: list[FinanceCheckOut]
    reviewed_on: dt.date | None
    opinion: str
    need_id: int | None

    @staticmethod
    def resolve_checklist(obj: Entry) -> list[dict[str, Any]]:
        return [
            {"criterion": c.value, "label": str(c.label), "met": met, "evidence": evidence}
            for c, met, evidence in obj.rows
        ]


@router.get("/coordination/entries", response=list[FinanceEntryOut])
@paginate(Pagination)
def finance_coord_entry_list(request: HttpRequest, status: str = "") -> Any:
    """The 申报清单 and 推荐清单 (a bank: the entries pushed to it)."""
    user = _user(request)
    if user.role == Role.ENTERPRISE:
        raise Http404
    return queries.entry_list(user=user, status=status[:20])


def _entry(request: HttpRequest, entry_id: int) -> tuple[User, Entry]:
    user = _user(request)
    if user.role == Role.ENTERPRISE:
        raise Http404
    return user, get_object_or_404(queries.entry_list(user=user), pk=entry_id)


@router.get("/coordination/entries/{entry_id}", response={200: FinanceEntryOut, 404: ErrorOut})
def finance_coord_entry_detail(request: HttpRequest, entry_id: int) -> Any:
    return _entry(request, entry_id)[1]


class FinanceCheckIn(InputSchema):
    criterion: Literal["lawful", "premises", "genuine", "credit", "purpose"]
    met: bool
    evidence: str = Field("", max_length=300)


class FinanceChecklistIn(InputSchema):
    checks: list[FinanceCheckIn] = Field(..., min_length=1, max_length=5)


@router.post(
    "/coordination/entries/{entry_id}/checklist",
    response={200: FinanceEntryOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def finance_coord_entry_check(request: HttpRequest, entry_id: int, body: FinanceChecklistIn) -> Any:
    """Tick the five criteria, each with its evidence (a tick without evidence is 422)."""
    user, entry = _entry(request, entry_id)
    checks: dict[str, tuple[bool, str]] = {c.criterion: (c.met, c.evidence) for c in body.checks}
    try:
        return services.entry_check(actor=user, entry=entry, checks=checks)
    except PermissionDenied:
        return Status(403, {"detail": gettext("无权核查申报清单")})
    except ValidationError as exc:
        return Status(422, _errors(exc))


class FinanceEntryReviewIn(InputSchema):
    approve: bool
    opinion: str = Field(..., min_length=1, max_length=500)


@router.post(
    "/coordination/entries/{entry_id}/review",
    response={200: FinanceEntryOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def finance_coord_entry_review(
    request: HttpRequest, entry_id: int, body: FinanceEntryReviewIn
) -> Any:
    """The task force's review: an entry failing a criterion cannot be recommended (422)."""
    user, entry = _entry(request, entry_id)
    try:
        return services.entry_review(
            actor=user, entry=entry, approve=body.approve, opinion=body.opinion
        )
    except PermissionDenied:
        return Status(403, {"detail": gettext("无权审核申报清单")})
    except ValidationError as exc:
        return Status(422, _errors(exc))


class FinanceEntryPushIn(InputSchema):
    bank_ids: list[Id] = Field(..., min_length=1, max_length=20)


@router.post(
    "/coordination/entries/{entry_id}/push",
    response={201: list[FinanceCaseOut], 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def finance_coord_entry_push(request: HttpRequest, entry_id: int, body: FinanceEntryPushIn) -> Any:
    """Push a 推荐清单 entry to banks: its need's cases, as any push."""
    user, entry = _entry(request, entry_id)
    banks = list(Bank.objects.filter(pk__in=body.bank_ids))
    if len(banks) != len(set(body.bank_ids)):
        return Status(422, {"detail": gettext("银行不存在"), "errors": {"bank_ids": ["?"]}})
    try:
        return Status(201, services.entry_push(actor=user, entry=entry, banks=banks))
    except PermissionDenied:
        return Status(403, {"detail": gettext("无权推送")})
    except ValidationError as exc:
        return Status(422, _errors(exc))


class FinanceRankRowOut(Schema):
    rank: int
    label: str
    visited: int | None
    listed: int | None
    recommended: int
    contacted: int
    credited: Decimal
    disbursed: Decimal


class FinanceRankingOut(Schema):
    start: dt.date
    end: dt.date
    total: FinanceRankRowOut
    parks: list[FinanceRankRowOut]
    officers: list[FinanceRankRowOut]
    banks: list[FinanceRankRowOut]


@router.get("/coordination/ranking", response={200: FinanceRankingOut, 404: ErrorOut})
def finance_coord_ranking(request: HttpRequest, period: Query[FinanceStatsQuery]) -> Any:
    """Progress of the visits made in the period, by park, officer and bank (computed)."""
    user = _coord_officer(request)
    return queries.coordination_ranking(user=user, start=period.start, end=period.end)
