"""金融服务: financing needs, the banks' authorisations, loan cases (need × bank) with their
steps and disbursements, bank products, and matchmaking sessions with their signings.

Money is stored in 元 (Decimal); rates in percent a year; terms in months. A bank sees a need,
and the case it works on that need, only while the enterprise's grant to that bank is in force
(:meth:`Grant.in_force`); revoking the grant hides both at once, because every read goes through
``visible_to``.
"""

from zoneops.finance.models.advisors import (
    Advisor,
    AdvisorProblem,
    Assignment,
    AssignmentQuerySet,
    LogEntry,
    Measure,
)
from zoneops.finance.models.cases import (
    CLOSED,
    PIPELINE,
    SKIPPABLE,
    Breach,
    CaseQuerySet,
    CaseStep,
    Disbursement,
    DisbursementQuerySet,
    LoanCase,
    Stage,
    stage_index,
)
from zoneops.finance.models.coordination import (
    Criterion,
    Entry,
    EntryQuerySet,
    Visit,
    VisitQuerySet,
)
from zoneops.finance.models.listing import (
    STAGE_ORDER,
    Board,
    GreenChannelIssue,
    ListingCompany,
    ListingStage,
    ListingTest,
    ListingTier,
    Milestone,
)
from zoneops.finance.models.needs import (
    POSITIVE,
    RATE,
    TERM,
    Grant,
    GrantQuerySet,
    Guarantee,
    Nature,
    Need,
    NeedQuerySet,
    Product,
    Purpose,
)
from zoneops.finance.models.sessions import (
    BankView,
    Session,
    SessionQuerySet,
    Signing,
    SigningQuerySet,
)

__all__ = [
    "CLOSED",
    "PIPELINE",
    "POSITIVE",
    "RATE",
    "SKIPPABLE",
    "STAGE_ORDER",
    "TERM",
    "Advisor",
    "AdvisorProblem",
    "Assignment",
    "AssignmentQuerySet",
    "BankView",
    "Board",
    "Breach",
    "CaseQuerySet",
    "CaseStep",
    "Criterion",
    "Disbursement",
    "DisbursementQuerySet",
    "Entry",
    "EntryQuerySet",
    "Grant",
    "GrantQuerySet",
    "GreenChannelIssue",
    "Guarantee",
    "ListingCompany",
    "ListingStage",
    "ListingTest",
    "ListingTier",
    "LoanCase",
    "LogEntry",
    "Measure",
    "Milestone",
    "Nature",
    "Need",
    "NeedQuerySet",
    "Product",
    "Purpose",
    "Session",
    "SessionQuerySet",
    "Signing",
    "SigningQuerySet",
    "Stage",
    "Visit",
    "VisitQuerySet",
    "stage_index",
]
