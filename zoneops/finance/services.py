"""Writes of 金融服务: one keyword-only function per action, atomic, checking the actor's
permission (``check=False`` for system jobs and the demo), validating with ``full_clean`` and
recording history. Pages, the API, the ledger import and the demo all call these."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.appeals.public import appeal_from_difficulty
from zoneops.core.history import record_save, snapshot, snapshot_stored
from zoneops.core.models import Bank, User
from zoneops.core.permissions import may, may_for_enterprise, require
from zoneops.enterprises.models import Enterprise
from zoneops.finance import workdays
from zoneops.finance.models import (
    PIPELINE,
    SKIPPABLE,
    Advisor,
    AdvisorProblem,
    Assignment,
    BankView,
    Breach,
    CaseStep,
    Criterion,
    Disbursement,
    Entry,
    Grant,
    LoanCase,
    LogEntry,
    Measure,
    Need,
    Product,
    Session,
    Signing,
    Stage,
    Visit,
    stage_index,
)
from zoneops.finance.models.listing import (
    STAGE_ORDER,
    GreenChannelIssue,
    ListingCompany,
    ListingStage,
    ListingTest,
    ListingTier,
    Milestone,
)
from zoneops.monitoring import public as monitoring
from zoneops.support import public as support

NEED_FIELDS = (
    "amount",
    "term_months",
    "purpose",
    "purpose_note",
    "acceptable_rate",
    "guarantees",
    "repayment_source",
    "credit_enhancement",
    "nature",
    "source",
    "open_to_all",
)


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


# The monthly ledger's indicators behind the need's figures (monitoring's reference codes).
FIGURE_CODES = ("revenue", "total_profit", "total_assets", "total_liabilities")


def monthly_figures(enterprise: Enterprise) -> dict[str, str]:
    """Revenue and total profit (year to date) and 资产负债率 (负债合计 ÷ 资产总计, at the month's
    end) from the enterprise's newest approved monthly report, as text (元, percent) for the
    need's JSON; empty when the enterprise reports no figures."""
    found = {
        f.indicator: f for f in monitoring.latest_monthly_figures(FIGURE_CODES, [enterprise.pk])
    }
    if not found:
        return {}
    out: dict[str, str] = {}
    revenue, profit = found.get("revenue"), found.get("total_profit")
    assets, debts = found.get("total_assets"), found.get("total_liabilities")
    first = revenue or profit or assets or debts
    if first is not None:
        out["period"] = first.period
    if revenue is not None and revenue.ytd is not None:
        out["revenue"] = str(revenue.ytd)
    if profit is not None and profit.ytd is not None:
        out["profit"] = str(profit.ytd)
    if assets is not None and debts is not None and assets.ytd and debts.ytd is not None:
        out["debt_ratio"] = str((debts.ytd * 100 / assets.ytd).quantize(Decimal("0.1")))
    return out


def known_figures(enterprise: Enterprise) -> dict[str, Any]:
    """What the platform already knows of an enterprise, for its need's form: the enterprise
    confirms these; it does not type them again."""
    return {
        "industry": enterprise.industry.name if enterprise.industry_id else "",
        "above_scale": enterprise.is_above_scale,
        "tags": [tag.name for tag in enterprise.tags.all()],
        "established_on": enterprise.established_on.isoformat()
        if enterprise.established_on
        else "",
        **monthly_figures(enterprise),
    }


def _may_bank(actor: User | None, bank_id: int, check: bool) -> None:
    if check:
        require(may(actor, "finance.bank") and getattr(actor, "bank_id", None) == bank_id)


@transaction.atomic
def need_create(
    *,
    actor: User | None,
    enterprise: Enterprise,
    data: dict[str, Any],
    published_on: dt.date | None = None,
    check: bool = True,
) -> Need:
    """Post a need for ``enterprise`` (its own user, or an officer after a visit), with the
    figures the platform knows, as confirmed."""
    if check:
        require(may_for_enterprise(actor, "finance.need", enterprise))
    need = Need(enterprise=enterprise, published_on=_today(published_on), created_by=actor)
    for name in NEED_FIELDS:
        if name in data:
            setattr(need, name, data[name])
    need.figures = known_figures(enterprise)
    need.full_clean()
    need.save()
    record_save(actor=actor, obj=need, before=None)
    return need


@transaction.atomic
def need_close(
    *, actor: User | None, need: Need, status: str, note: str = "", check: bool = True
) -> Need:
    """Withdraw a need (the enterprise) or close it as unsolved, with a reason."""
    if check:
        require(may_for_enterprise(actor, "finance.need", need.enterprise))
    if status not in (Need.Status.WITHDRAWN, Need.Status.UNSOLVED):
        raise ValidationError(_("只能撤回需求或标记为未解决"))
    if status == Need.Status.UNSOLVED and not note.strip():
        raise ValidationError({"status_note": _("请说明未解决的原因")})
    before = snapshot_stored(need)
    need.status, need.status_note = status, note.strip()[:200]
    need.full_clean()
    need.save()
    record_save(actor=actor, obj=need, before=before)
    return need


@transaction.atomic
def grant_add(
    *,
    actor: User | None,
    need: Need,
    bank: Bank,
    valid_until: dt.date,
    valid_from: dt.date | None = None,
    check: bool = True,
) -> Grant:
    """The enterprise authorises one bank to see this need and its figures until a date."""
    if check:
        require(may_for_enterprise(actor, "finance.need", need.enterprise))
    start = _today(valid_from)
    if valid_until < start:
        raise ValidationError({"valid_until": _("授权截止日期不能早于起始日期")})
    grant = Grant(need=need, bank=bank, valid_from=start, valid_until=valid_until, granted_by=actor)
    grant.full_clean()
    grant.save()
    record_save(actor=actor, obj=grant, before=None)
    return grant


@transaction.atomic
def grant_revoke(*, actor: User | None, grant: Grant, check: bool = True) -> Grant:
    """Revoke a grant: from now on the bank's pages and API answer 404 for the need."""
    if check:
        require(may_for_enterprise(actor, "finance.need", grant.need.enterprise))
    if grant.revoked_at is not None:
        return grant
    before = snapshot_stored(grant)
    grant.revoked_at = timezone.now()
    grant.save()
    record_save(actor=actor, obj=grant, before=before)
    return grant


def _granted(need: Need, bank: Bank, on: dt.date) -> bool:
    return Grant.objects.in_force(on).filter(need=need, bank=bank).exists()


def _open_case(need: Need, bank: Bank, route: str, on: dt.date, actor: User | None) -> LoanCase:
    if need.status in (Need.Status.WITHDRAWN, Need.Status.UNSOLVED):
        raise ValidationError(_("该需求已关闭"))
    if not _granted(need, bank, on):
        raise ValidationError(_("企业尚未授权%(bank)s查看该需求") % {"bank": bank.name})
    if LoanCase.objects.filter(need=need, bank=bank).exists():
        raise ValidationError(_("%(bank)s已在对接该需求") % {"bank": bank.name})
    case = LoanCase(
        need=need,
        enterprise=need.enterprise,
        bank=bank,
        route=route,
        pushed_on=on,
        contact_due=workdays.due(on, workdays.contact_days()),
        decide_due=workdays.due(on, workdays.decision_days()),
    )
    case.full_clean()
    case.save()
    record_save(actor=actor, obj=case, before=None)
    return case


@transaction.atomic
def case_push(
    *,
    actor: User | None,
    need: Need,
    bank: Bank,
    on: dt.date | None = None,
    check: bool = True,
) -> LoanCase:
    """The finance officer puts a need on a bank's 推荐清单 (the enterprise must have
    authorised that bank); the bank's contact and decision time limits start."""
    if check:
        require(may(actor, "finance.route"))
    return _open_case(need, bank, LoanCase.Route.PUSHED, _today(on), actor)


@transaction.atomic
def case_claim(
    *, actor: User | None, need: Need, bank: Bank, on: dt.date | None = None, check: bool = True
) -> LoanCase:
    """A bank takes an open need (抢单) it has been authorised to see."""
    _may_bank(actor, bank.pk, check)
    if not need.open_to_all:
        raise ValidationError(_("该需求未开放抢单，请等待推荐"))
    return _open_case(need, bank, LoanCase.Route.CLAIMED, _today(on), actor)


def _step(
    case: LoanCase, stage: str, on: dt.date, opinion: str, actor: User | None, skipped: bool
) -> None:
    CaseStep.objects.create(
        case=case, stage=stage, on=on, opinion=opinion[:500], skipped=skipped, actor=actor
    )


def _last_step_on(case: LoanCase) -> dt.date | None:
    last = case.steps.order_by("-pk").first()
    return last.on if last else None


@transaction.atomic
def case_advance(
    *,
    actor: User | None,
    case: LoanCase,
    stage: str,
    on: dt.date | None = None,
    opinion: str = "",
    skip: tuple[str, ...] = (),
    credit_amount: Decimal | None = None,
    credit_rate: Decimal | None = None,
    credit_term: int | None = None,
    check: bool = True,
) -> LoanCase:
    """Record the next step of a case (受理 → 初审 → 现场调查 → 资料收集 → 上报 → 授信), with its
    date and opinion. ``skip`` names steps passed over on the way (only 现场调查 and 资料收集 may
    be: online credit loans have none); each skip is recorded. 授信 carries amount, rate and
    term. A step out of order is refused."""
    _may_bank(actor, case.bank_id, check)
    day = _today(on)
    before = snapshot_stored(case)
    target = Stage(stage)
    if case.closed or target in (Stage.DISBURSED, Stage.PUSHED, Stage.REFUSED, Stage.WITHDRAWN):
        raise ValidationError(_("该环节不能在此登记"))
    current = stage_index(case.stage)
    wanted = stage_index(target)
    between = PIPELINE[current + 1 : wanted]
    if wanted <= current or any(s not in skip or s not in SKIPPABLE for s in between):
        expected = case.next_stage()
        raise ValidationError(
            _("环节顺序不对：当前为“%(now)s”，下一步应为“%(next)s”")
            % {
                "now": case.get_stage_display(),
                "next": Stage(expected).label if expected else "—",
            }
        )
    last = _last_step_on(case)
    if last is not None and day < last:
        raise ValidationError({"on": _("日期不能早于上一环节（%(day)s）") % {"day": last}})
    for skipped in between:
        _step(case, skipped, day, _("线上产品，无此环节"), actor, True)
    if target == Stage.CREDITED:
        if credit_amount is None or credit_rate is None or credit_term is None:
            raise ValidationError(_("授信须填写授信金额、利率和期限"))
        case.credit_amount, case.credit_rate, case.credit_term = (
            credit_amount,
            credit_rate,
            credit_term,
        )
        case.credited_on = day
    case.stage = target
    case.full_clean()
    case.save()
    _step(case, target, day, opinion, actor, False)
    if case.need_id and case.need and case.need.status == Need.Status.PUBLISHED:
        case.need.status = Need.Status.MATCHING
        case.need.save(update_fields=["status"])
    record_save(actor=actor, obj=case, before=before)
    return case


@transaction.atomic
def case_refuse(
    *,
    actor: User | None,
    case: LoanCase,
    reason: str,
    on: dt.date | None = None,
    check: bool = True,
) -> LoanCase:
    """The bank refuses at whatever step the case has reached; a reason is required."""
    _may_bank(actor, case.bank_id, check)
    if case.closed or case.stage == Stage.DISBURSED:
        raise ValidationError(_("该对接已结束"))
    if not reason.strip():
        raise ValidationError({"refusal_reason": _("请填写未通过的原因")})
    before = snapshot_stored(case)
    case.refused_from, case.stage = case.stage, Stage.REFUSED
    case.refusal_reason = reason.strip()[:200]
    case.full_clean()
    case.save()
    _step(case, Stage.REFUSED, _today(on), case.refusal_reason, actor, False)
    record_save(actor=actor, obj=case, before=before)
    return case


@transaction.atomic
def disbursement_add(
    *,
    actor: User | None,
    case: LoanCase,
    amount: Decimal,
    on: dt.date,
    maturity: dt.date | None = None,
    rate: Decimal | None = None,
    guarantee: str = "",
    first_loan: bool | None = None,
    ledger_key: str = "",
    check: bool = True,
) -> Disbursement:
    """放款: a drawing under the case's credit line. A case reported by the bank's ledger may
    be disbursed without steps on the platform (so may a row of a bank's ledger); any other
    must have reached 授信."""
    _may_bank(actor, case.bank_id, check)
    # The bank's own ledger is the source of truth: its rows are taken at whatever step.
    from_ledger = bool(ledger_key) or case.route == LoanCase.Route.REPORTED
    if case.closed or (not from_ledger and case.stage not in (Stage.CREDITED, Stage.DISBURSED)):
        raise ValidationError(_("授信之后才能登记放款"))
    payment = Disbursement(
        case=case,
        amount=amount,
        on=on,
        maturity=maturity,
        rate=rate,
        guarantee=guarantee[:50],
        first_loan=first_loan,
        ledger_key=ledger_key,
    )
    payment.full_clean()
    payment.save()
    record_save(actor=actor, obj=payment, before=None)
    if case.stage != Stage.DISBURSED:
        before = snapshot_stored(case)
        case.stage = Stage.DISBURSED
        case.save(update_fields=["stage"])
        _step(case, Stage.DISBURSED, on, "", actor, False)
        record_save(actor=actor, obj=case, before=before)
    if case.need_id and case.need and case.need.status != Need.Status.SOLVED:
        need_before = snapshot(case.need)
        case.need.status = Need.Status.SOLVED
        case.need.save(update_fields=["status"])
        record_save(actor=actor, obj=case.need, before=need_before)
    return payment


def reported_case(
    *, actor: User | None, enterprise: Enterprise, bank: Bank, on: dt.date
) -> LoanCase:
    """The open case of this bank and enterprise, or a new one marked "reported by the bank"
    (a loan the bank's ledger names that no need on the platform led to)."""
    found = (
        LoanCase.objects.filter(enterprise=enterprise, bank=bank)
        .exclude(stage__in=(Stage.REFUSED, Stage.WITHDRAWN))
        .order_by("-pushed_on", "-pk")
        .first()
    )
    if found is not None:
        return found
    case = LoanCase(
        enterprise=enterprise,
        bank=bank,
        route=LoanCase.Route.REPORTED,
        stage=Stage.CREDITED,
        pushed_on=on,
    )
    case.full_clean()
    case.save()
    record_save(actor=actor, obj=case, before=None)
    return case


def note_bank_view(*, viewer: User, need: Need) -> None:
    """A bank user opened the need: the enterprise sees who looked, and when."""
    if viewer.bank_id is None:
        return
    BankView.objects.get_or_create(
        need=need, viewer=viewer, on=timezone.localdate(), defaults={"bank_id": viewer.bank_id}
    )


@transaction.atomic
def product_save(
    *,
    actor: User | None,
    bank: Bank,
    data: dict[str, Any],
    product: Product | None = None,
    check: bool = True,
) -> Product:
    """A bank files or changes one of its products; every change goes back to review. Its
    准入条件 (``target_rules``) are rules of the funding programs' engine, checked the same way."""
    _may_bank(actor, bank.pk, check)
    if "target_rules" in data:
        problem = support.rules_problem(data["target_rules"])
        if problem:
            raise ValidationError({"target_rules": problem})
    before = snapshot_stored(product) if product is not None else None
    product = product or Product(bank=bank)
    for name, value in data.items():
        setattr(product, name, value)
    product.review, product.listed = Product.Review.PENDING, False
    product.full_clean()
    product.save()
    record_save(actor=actor, obj=product, before=before)
    return product


@transaction.atomic
def product_review(
    *,
    actor: User | None,
    product: Product,
    approve: bool,
    note: str = "",
    check: bool = True,
) -> Product:
    """The finance officer approves (and so lists) or rejects a product."""
    if check:
        require(may(actor, "finance.route"))
    if not approve and not note.strip():
        raise ValidationError({"review_note": _("请填写未通过的原因")})
    before = snapshot_stored(product)
    product.review = Product.Review.APPROVED if approve else Product.Review.REJECTED
    product.listed = approve
    product.reviewed_by, product.reviewed_at = actor, timezone.now()
    product.review_note = note.strip()[:200]
    product.save()
    record_save(actor=actor, obj=product, before=before)
    return product


@transaction.atomic
def session_create(
    *,
    actor: User | None,
    data: dict[str, Any],
    banks: list[Bank],
    check: bool = True,
) -> Session:
    if check:
        require(may(actor, "finance.route"))
    session = Session(**data)
    session.full_clean()
    session.save()
    session.banks.set(banks)
    record_save(actor=actor, obj=session, before=None)
    return session


@transaction.atomic
def signing_add(
    *,
    actor: User | None,
    session: Session,
    enterprise: Enterprise,
    bank: Bank,
    kind: str,
    amount: Decimal,
    case: LoanCase | None = None,
    check: bool = True,
) -> Signing:
    """A signing at a session, linked to the case that follows it to 授信 and 放款."""
    if check:
        require(may(actor, "finance.route"))
    if case is not None and (case.enterprise_id != enterprise.pk or case.bank_id != bank.pk):
        raise ValidationError({"case": _("所选贷款对接不属于该企业和银行")})
    signing = Signing(
        session=session, enterprise=enterprise, bank=bank, kind=kind, amount=amount, case=case
    )
    signing.full_clean()
    signing.save()
    record_save(actor=actor, obj=signing, before=None)
    return signing


def deadlines_run(*, today: dt.date | None = None) -> dict[str, int]:
    """The daily job: a bank that has not contacted the enterprise by the contact date, or
    not decided by the decision date, raises an alert for the finance officer (once)."""
    day = _today(today)
    counts = {"contact": 0, "decision": 0}
    late_contact = LoanCase.objects.filter(
        stage=Stage.PUSHED, contact_due__lt=day, route__in=("pushed", "claimed")
    ).exclude(breaches__kind=Breach.Kind.CONTACT)
    for case in late_contact:
        Breach.objects.create(
            case=case, kind=Breach.Kind.CONTACT, due=case.contact_due or day, raised_on=day
        )
        counts["contact"] += 1
    undecided = (
        LoanCase.objects.filter(decide_due__lt=day, route__in=("pushed", "claimed"))
        .exclude(stage__in=(Stage.CREDITED, Stage.DISBURSED, Stage.REFUSED, Stage.WITHDRAWN))
        .exclude(breaches__kind=Breach.Kind.DECISION)
    )
    for case in undecided:
        Breach.objects.create(
            case=case, kind=Breach.Kind.DECISION, due=case.decide_due or day, raised_on=day
        )
        counts["decision"] += 1
    return counts


# ---- 企业上市 -----------------------------------------------------------------------------


def _may_listing(actor: User | None, enterprise: Enterprise, check: bool) -> None:
    if check:
        require(may_for_enterprise(actor, "finance.listing", enterprise))


@transaction.atomic
def listing_tier_save(
    *,
    actor: User | None,
    data: dict[str, Any],
    tests: list[dict[str, Any]],
    tier: ListingTier | None = None,
    check: bool = True,
) -> ListingTier:
    """A tier of the reserve pool and its entry tests (the tests are replaced as a whole)."""
    if check:
        require(may(actor, "finance.route"))
    before = snapshot_stored(tier) if tier is not None else None
    tier = tier or ListingTier()
    for name, value in data.items():
        setattr(tier, name, value)
    tier.full_clean()
    tier.save()
    tier.tests.all().delete()
    for row in tests:
        test = ListingTest(tier=tier, **row)
        test.full_clean()
        test.save()
    record_save(actor=actor, obj=tier, before=before)
    return tier


LISTING_FIELDS = ("tier", "board", "sponsor", "law_firm", "accountant", "officer", "note")


@transaction.atomic
def listing_enrol(
    *,
    actor: User | None,
    enterprise: Enterprise,
    data: dict[str, Any],
    on: dt.date | None = None,
    check: bool = True,
) -> ListingCompany:
    """Put an enterprise in the reserve pool (an officer's decision: candidates are only
    flagged, never enrolled by the platform)."""
    _may_listing(actor, enterprise, check)
    if ListingCompany.objects.filter(enterprise=enterprise).exists():
        raise ValidationError({"enterprise": _("该企业已在上市后备库中")})
    company = ListingCompany(enterprise=enterprise, entered_on=_today(on))
    for name in LISTING_FIELDS:
        if name in data:
            setattr(company, name, data[name])
    company.full_clean()
    company.save()
    record_save(actor=actor, obj=company, before=None)
    return company


@transaction.atomic
def listing_update(
    *, actor: User | None, company: ListingCompany, data: dict[str, Any], check: bool = True
) -> ListingCompany:
    """Change a company's tier, board, intermediaries, officer or note."""
    _may_listing(actor, company.enterprise, check)
    before = snapshot_stored(company)
    for name in LISTING_FIELDS:
        if name in data:
            setattr(company, name, data[name])
    company.full_clean()
    company.save()
    record_save(actor=actor, obj=company, before=before)
    return company


@transaction.atomic
def milestone_set(
    *,
    actor: User | None,
    company: ListingCompany,
    stage: str,
    planned_on: dt.date | None,
    reached_on: dt.date | None,
    check: bool = True,
) -> Milestone:
    """Plan a stage or record that it was reached. A stage is reached only after the stages
    before it: the road has an order."""
    _may_listing(actor, company.enterprise, check)
    if stage not in STAGE_ORDER:
        raise ValidationError({"stage": _("未知的上市阶段")})
    if reached_on is not None:
        earlier = STAGE_ORDER[: STAGE_ORDER.index(stage)]
        done = dict(
            company.milestones.filter(stage__in=earlier, reached_on__isnull=False).values_list(
                "stage", "reached_on"
            )
        )
        missing = [s for s in earlier if s not in done]
        if missing:
            raise ValidationError(
                {
                    "reached_on": _("请先登记“%(stage)s”的完成时间")
                    % {"stage": ListingStage(missing[0]).label}
                }
            )
        late = [s for s, day in done.items() if day is not None and day > reached_on]
        if late:
            raise ValidationError(
                {
                    "reached_on": _("完成时间早于“%(stage)s”的完成时间")
                    % {"stage": ListingStage(late[0]).label}
                }
            )
    milestone = Milestone.objects.filter(company=company, stage=stage).first()
    before = snapshot_stored(milestone) if milestone is not None else None
    milestone = milestone or Milestone(company=company, stage=stage)
    milestone.planned_on, milestone.reached_on = planned_on, reached_on
    milestone.full_clean()
    milestone.save()
    record_save(actor=actor, obj=milestone, before=before)
    return milestone


@transaction.atomic
def green_channel_add(
    *,
    actor: User,
    company: ListingCompany,
    title: str,
    content: str,
    topic: str,
    on: dt.date | None = None,
    check: bool = True,
) -> GreenChannelIssue:
    """A 绿色通道 problem, taken in through the appeals intake (numbered, routed by topic and
    timed like any appeal) and linked to the company."""
    _may_listing(actor, company.enterprise, check)
    appeal = appeal_from_difficulty(
        actor=actor,
        enterprise=company.enterprise,
        title=_("【上市绿色通道】%(title)s") % {"title": title.strip()},
        content=content,
        topic=topic,
        received_on=on,
    )
    issue = GreenChannelIssue(company=company, appeal=appeal)
    issue.save()
    record_save(actor=actor, obj=issue, before=None)
    return issue


# ---- 金融顾问 and 一企一策 ----------------------------------------------------------------


@transaction.atomic
def advisor_save(
    *, actor: User | None, data: dict[str, Any], advisor: Advisor | None = None, check: bool = True
) -> Advisor:
    if check:
        require(may(actor, "finance.route"))
    before = snapshot_stored(advisor) if advisor is not None else None
    advisor = advisor or Advisor()
    for name, value in data.items():
        setattr(advisor, name, value)
    if advisor.kind == Advisor.Kind.BANK and advisor.bank_id is None:
        raise ValidationError({"bank": _("银行的金融顾问请选择所属银行")})
    advisor.full_clean()
    advisor.save()
    record_save(actor=actor, obj=advisor, before=before)
    return advisor


@transaction.atomic
def assignment_create(
    *,
    actor: User | None,
    advisor: Advisor,
    enterprise: Enterprise,
    data: dict[str, Any],
    on: dt.date | None = None,
    check: bool = True,
) -> Assignment:
    """Assign an advisor to a key enterprise, with the plan's goal, target amount and term."""
    if check:
        require(may_for_enterprise(actor, "finance.route", enterprise))
    if Assignment.objects.filter(advisor=advisor, enterprise=enterprise, ended_on=None).exists():
        raise ValidationError({"advisor": _("该顾问已在服务这家企业")})
    assignment = Assignment(advisor=advisor, enterprise=enterprise, since=_today(on), **data)
    assignment.full_clean()
    assignment.save()
    record_save(actor=actor, obj=assignment, before=None)
    return assignment


def _may_advise(actor: User | None, assignment: Assignment, check: bool) -> None:
    """The action from the table, on an assignment the actor sees (its park, its bank)."""
    if not check:
        return
    require(may(actor, "finance.advise"))
    require(Assignment.objects.visible_to(actor).filter(pk=assignment.pk).exists())  # type: ignore[arg-type]


@transaction.atomic
def measure_add(
    *, actor: User | None, assignment: Assignment, data: dict[str, Any], check: bool = True
) -> Measure:
    _may_advise(actor, assignment, check)
    measure = Measure(assignment=assignment, **data)
    measure.full_clean()
    measure.save()
    record_save(actor=actor, obj=measure, before=None)
    return measure


@transaction.atomic
def measure_done(
    *,
    actor: User | None,
    measure: Measure,
    on: dt.date | None = None,
    result: str = "",
    check: bool = True,
) -> Measure:
    _may_advise(actor, measure.assignment, check)
    before = snapshot_stored(measure)
    measure.done_on, measure.result = _today(on), result.strip()[:300]
    measure.full_clean()
    measure.save()
    record_save(actor=actor, obj=measure, before=before)
    return measure


@transaction.atomic
def log_add(
    *, actor: User | None, assignment: Assignment, data: dict[str, Any], check: bool = True
) -> LogEntry:
    _may_advise(actor, assignment, check)
    entry = LogEntry(assignment=assignment, by=actor, **data)
    entry.full_clean()
    entry.save()
    record_save(actor=actor, obj=entry, before=None)
    return entry


@transaction.atomic
def problem_add(
    *, actor: User | None, assignment: Assignment, data: dict[str, Any], check: bool = True
) -> AdvisorProblem:
    _may_advise(actor, assignment, check)
    problem = AdvisorProblem(assignment=assignment, **data)
    problem.full_clean()
    problem.save()
    record_save(actor=actor, obj=problem, before=None)
    return problem


@transaction.atomic
def problem_solve(
    *,
    actor: User | None,
    problem: AdvisorProblem,
    solution: str,
    on: dt.date | None = None,
    check: bool = True,
) -> AdvisorProblem:
    _may_advise(actor, problem.assignment, check)
    if not solution.strip():
        raise ValidationError({"solution": _("请填写解决情况")})
    before = snapshot_stored(problem)
    problem.solved_on, problem.solution = _today(on), solution.strip()[:300]
    problem.full_clean()
    problem.save()
    record_save(actor=actor, obj=problem, before=before)
    return problem


# ---- 融资协调工作机制: 走访 → 申报清单 → 推荐清单 ------------------------------------------

VISIT_FIELDS = (
    "visited_on",
    "findings",
    "need_found",
    "amount",
    "term_months",
    "purpose",
    "consent",
)
# How long the enterprise's consent given at the visit lets a recommended bank see the need.
RECOMMEND_GRANT_DAYS = 180


@transaction.atomic
def visit_record(
    *,
    actor: User | None,
    enterprise: Enterprise,
    officer: User,
    data: dict[str, Any],
    check: bool = True,
) -> Visit:
    """Log a visit (走访). A visit that found a financing need puts the firm on the 申报清单
    (an entry with its five criteria still to be checked); it must name the amount, term and
    purpose the firm asked for."""
    if check:
        require(may_for_enterprise(actor, "finance.coordinate", enterprise))
    visit = Visit(enterprise=enterprise, officer=officer)
    for name in VISIT_FIELDS:
        if name in data:
            setattr(visit, name, data[name])
    if visit.need_found:
        missing = {
            name: _("发现融资需求时请填写%(what)s") % {"what": label}
            for name, label in (
                ("amount", _("需求金额")),
                ("term_months", _("期限")),
                ("purpose", _("资金用途")),
            )
            if not getattr(visit, name)
        }
        if missing:
            raise ValidationError(missing)
    visit.full_clean()
    visit.save()
    record_save(actor=actor, obj=visit, before=None)
    if visit.need_found:
        entry = Entry(visit=visit, enterprise=enterprise)
        entry.full_clean()
        entry.save()
        record_save(actor=actor, obj=entry, before=None)
    return visit


@transaction.atomic
def entry_check(
    *,
    actor: User | None,
    entry: Entry,
    checks: dict[str, tuple[bool, str]],
    check: bool = True,
) -> Entry:
    """Record the checklist of a 申报清单 entry: each criterion met or not, with its evidence
    (a tick without evidence is refused). Only an entry not yet reviewed may change."""
    if check:
        require(may_for_enterprise(actor, "finance.coordinate", entry.enterprise))
    if entry.status != Entry.Status.LISTED:
        raise ValidationError(_("已审核的申报清单不能再修改核查结果"))
    errors = {}
    checklist = dict(entry.checklist)
    for criterion in Criterion:
        if criterion.value not in checks:
            continue
        met, evidence = checks[criterion.value]
        evidence = evidence.strip()[:300]
        if met and not evidence:
            errors[criterion.value] = _("“%(criterion)s”已勾选，请填写依据") % {
                "criterion": criterion.label
            }
        checklist[criterion.value] = {"met": bool(met), "evidence": evidence}
    if errors:
        raise ValidationError(errors)
    before = snapshot_stored(entry)
    entry.checklist = checklist
    entry.full_clean()
    entry.save()
    record_save(actor=actor, obj=entry, before=before)
    return entry


@transaction.atomic
def entry_review(
    *,
    actor: User | None,
    entry: Entry,
    approve: bool,
    opinion: str,
    on: dt.date | None = None,
    check: bool = True,
) -> Entry:
    """The task force reviews an entry: with all five criteria met it goes on the 推荐清单;
    otherwise it is refused. An opinion is required either way; an entry failing a criterion
    cannot be recommended."""
    if check:
        require(may(actor, "finance.route"))
    if entry.status != Entry.Status.LISTED:
        raise ValidationError(_("该申报清单已审核"))
    if not opinion.strip():
        raise ValidationError({"opinion": _("请填写审核意见")})
    unmet = entry.unmet()
    if approve and unmet:
        raise ValidationError(
            _("未满足“%(criteria)s”，不能列入推荐清单")
            % {"criteria": "、".join(str(c.label) for c in unmet)}
        )
    before = snapshot_stored(entry)
    entry.status = Entry.Status.RECOMMENDED if approve else Entry.Status.REJECTED
    entry.reviewer, entry.reviewed_on = actor, _today(on)
    entry.opinion = opinion.strip()[:500]
    entry.full_clean()
    entry.save()
    record_save(actor=actor, obj=entry, before=before)
    return entry


@transaction.atomic
def entry_push(
    *,
    actor: User | None,
    entry: Entry,
    banks: list[Bank],
    on: dt.date | None = None,
    check: bool = True,
) -> list[LoanCase]:
    """Push a 推荐清单 entry to the chosen banks: the entry's need (posted now from the visit,
    source 走访, if it has none yet) is pushed to each bank by :func:`case_push`, the one
    routing path, with its contact and decision limits. A bank must be authorised by the
    enterprise: the consent it gave at the visit authorises the chosen banks for
    ``RECOMMEND_GRANT_DAYS``; without it, only banks it already authorised."""
    if check:
        require(may(actor, "finance.route"))
    if entry.status != Entry.Status.RECOMMENDED:
        raise ValidationError(_("只有审核通过、列入推荐清单的企业才能推送银行"))
    if not banks:
        raise ValidationError({"banks": _("请选择至少一家银行")})
    day = _today(on)
    visit = entry.visit
    if entry.need is None:
        before = snapshot_stored(entry)
        entry.need = need_create(
            actor=actor,
            enterprise=entry.enterprise,
            data={
                "amount": visit.amount,
                "term_months": visit.term_months,
                "purpose": visit.purpose,
                "purpose_note": visit.findings[:200],
                "source": Need.Source.VISIT,
            },
            published_on=day,
            check=check,
        )
        entry.save(update_fields=["need"])
        record_save(actor=actor, obj=entry, before=before)
    need = entry.need
    cases = []
    for bank in banks:
        if not _granted(need, bank, day):
            if not visit.consent:
                raise ValidationError(
                    _("企业未同意推送，%(bank)s尚未获得授权") % {"bank": bank.name}
                )
            grant_add(
                actor=actor,
                need=need,
                bank=bank,
                valid_from=day,
                valid_until=day + dt.timedelta(days=RECOMMEND_GRANT_DAYS),
                check=check,
            )
        cases.append(case_push(actor=actor, need=need, bank=bank, on=day, check=check))
    return cases
