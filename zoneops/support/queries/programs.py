"""Reads of the policy library, the funding programs and the applications to them: search by
character bigrams, the programs' windows, the applications' lists and totals."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from zoneops.core.models import User
from zoneops.support.models import (
    Application,
    ApplicationStatus,
    FundingProgram,
    Policy,
)

_CJK = re.compile(r"[\u3400-\u9fff]+|[A-Za-z0-9]+")


def grams(text: str) -> list[str]:
    """Search tokens: character bigrams of each run of Chinese, lower-cased words otherwise.

    Chinese is written without spaces, so a word is not a token; bigrams of the stored text
    and of the query let "锂电池补贴" find "锂电池产业发展补贴" on any database.
    """
    out: list[str] = []
    for run in _CJK.findall(text or ""):
        if run.isascii():
            out.append(run.lower())
        elif len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return list(dict.fromkeys(out))


def policy_grams(policy: Policy) -> str:
    parts = (policy.title, policy.issuer, policy.document_number, policy.categories)
    text = " ".join((*parts, policy.tags, policy.summary, policy.body))
    # Delimited so that "|锂电|" never matches across two tokens.
    return "|" + "|".join(grams(text)) + "|"


def policy_search(*, user: User, q: str = "", level: str = "") -> QuerySet[Policy]:
    """Policies matching the query, best first. Short queries must match every token; from
    four tokens on, a third may be missing (the bigram that spans two words of "锂电池补贴"
    is not in "锂电池产业发展补贴"). Title hits rank first."""
    policies = Policy.objects.visible_to(user)
    if level:
        policies = policies.filter(level=level)
    tokens = grams(q)
    if not tokens:
        return policies
    hits = [Q(search_grams__contains=f"|{t}|") for t in tokens]
    score = sum(
        (Case(When(h, then=Value(1)), default=Value(0), output_field=IntegerField()) for h in hits),
        Value(0),
    )
    title = sum(
        (
            Case(
                When(title__icontains=t, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for t in tokens
        ),
        Value(0),
    )
    need = len(tokens) if len(tokens) < 4 else len(tokens) - len(tokens) // 3
    return (
        policies.annotate(score=score, title_score=title)
        .filter(score__gte=need)
        .order_by("-title_score", "-score", "-issued_on", "-pk")
    )


# ---------------------------------------------------------------- programs & windows


def program_list(
    *, user: User, q: str = "", state: str = "", today: dt.date | None = None
) -> QuerySet[FundingProgram]:
    today = today or timezone.localdate()
    programs = FundingProgram.objects.visible_to(user).select_related("department", "policy")
    if q:
        programs = programs.filter(Q(name__icontains=q) | Q(issuer__icontains=q))
    if state == "open":
        programs = programs.filter(opens_on__lte=today, closes_on__gte=today)
    elif state == "upcoming":
        programs = programs.filter(opens_on__gt=today)
    elif state == "closed":
        programs = programs.filter(closes_on__lt=today)
    return programs.annotate(
        n_applications=Count("applications", filter=Q(applications__in=application_list(user=user)))
    )


def window_state(program: FundingProgram, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    if today < program.opens_on:
        return "upcoming"
    if today > program.closes_on:
        return "closed"
    return "open"


@dataclass
class ApplicationFilter:
    program: int | None = None
    status: str = ""
    park: int | None = None
    q: str = ""


def application_list(
    *, user: User, filters: ApplicationFilter | None = None
) -> QuerySet[Application]:
    apps = Application.objects.visible_to(user).select_related(
        "enterprise", "enterprise__park", "program"
    )
    f = filters or ApplicationFilter()
    if f.program:
        apps = apps.filter(program_id=f.program)
    if f.status:
        apps = apps.filter(status=f.status)
    if f.park:
        apps = apps.filter(enterprise__park_id=f.park)
    if f.q:
        apps = apps.filter(Q(enterprise__name__icontains=f.q) | Q(program__name__icontains=f.q))
    return apps


TOTALS_BY = {
    "program": ("program_id", "program__name"),
    "park": ("enterprise__park_id", "enterprise__park__name"),
    "chain": (
        "enterprise__chain_memberships__chain_id",
        "enterprise__chain_memberships__chain__name",
    ),
}


def application_totals(*, user: User, by: str = "program") -> list[dict[str, Any]]:
    """Requested, approved and disbursed amounts per program, park or chain (an enterprise in
    two chains counts in both)."""
    key, label = TOTALS_BY[by]
    rows = (
        application_list(user=user)
        .order_by()
        .values(key, label)
        .annotate(
            n=Count("pk"),
            n_approved=Count("pk", filter=Q(status=ApplicationStatus.APPROVED)),
            requested=Sum("amount_requested"),
            approved=Sum("amount_approved"),
            disbursed=Sum("amount_disbursed"),
        )
        .order_by("-approved", label)
    )
    return [
        {
            "key": r[key],
            "label": r[label] or "—",
            "n": r["n"],
            "n_approved": r["n_approved"],
            "requested": r["requested"] or Decimal(0),
            "approved": r["approved"] or Decimal(0),
            "disbursed": r["disbursed"] or Decimal(0),
        }
        for r in rows
    ]
