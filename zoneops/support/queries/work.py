"""Reads of the desk's daily work: difficulties, notices, the summary and the home panel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from zoneops.core.models import User
from zoneops.enterprises.models import Enterprise
from zoneops.support.models import (
    Difficulty,
    FundingProgram,
    MembershipStatus,
    Notice,
)
from zoneops.support.queries.cultivation import membership_list
from zoneops.support.queries.eligibility import enterprise_matches
from zoneops.support.queries.programs import application_list


def difficulty_list(
    *, user: User, status: str = "", stage: str = "", department: int | None = None, q: str = ""
) -> QuerySet[Difficulty]:
    items = Difficulty.objects.visible_to(user).select_related(
        "enterprise", "enterprise__park", "department"
    )
    if status:
        items = items.filter(status=status)
    if stage:
        items = items.filter(stage=stage)
    if department:
        items = items.filter(department_id=department)
    if q:
        items = items.filter(Q(title__icontains=q) | Q(enterprise__name__icontains=q))
    return items


def notices_for(*, user: User) -> QuerySet[Notice]:
    return Notice.objects.visible_to(user)


def support_summary(*, user: User, today: dt.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    programs = FundingProgram.objects.visible_to(user)
    apps = application_list(user=user)
    money = apps.aggregate(
        approved=Sum("amount_approved"),
        disbursed=Sum("amount_disbursed"),
        requested=Sum("amount_requested"),
    )
    return {
        "open_programs": programs.filter(opens_on__lte=today, closes_on__gte=today).count(),
        "closing_soon": programs.filter(
            closes_on__gte=today, closes_on__lte=today + dt.timedelta(days=7), opens_on__lte=today
        ).count(),
        "applications": apps.count(),
        "approved": money["approved"] or Decimal(0),
        "disbursed": money["disbursed"] or Decimal(0),
        "requested": money["requested"] or Decimal(0),
        "open_difficulties": difficulty_list(user=user).exclude(status="resolved").count(),
        "cultivating": membership_list(user=user, status=MembershipStatus.CULTIVATING).count(),
        "achieved_this_year": membership_list(user=user, status=MembershipStatus.ACHIEVED)
        .filter(ended_on__year=today.year)
        .count(),
    }


def home_panel(*, user: User, today: dt.date | None = None) -> dict[str, Any]:
    """What the home page shows of enterprise services: unread notices for everyone; for an
    enterprise user, the open windows it qualifies for (applied or not) and other open ones."""
    today = today or timezone.localdate()
    panel: dict[str, Any] = {
        "notices": list(notices_for(user=user).filter(read_at__isnull=True)[:5])
    }
    enterprise_id = getattr(user, "enterprise_id", None)
    if enterprise_id and getattr(user, "role", "") == "enterprise":
        enterprise = Enterprise.objects.visible_to(user).filter(pk=enterprise_id).first()
        if enterprise is not None:
            matches = enterprise_matches(user=user, enterprise=enterprise, today=today)
            panel["enterprise_id"] = enterprise.pk
            panel["matches"] = [m for m in matches if m.eligible and m.state != "closed"]
            panel["open_other"] = [m for m in matches if not m.eligible and m.state == "open"][:5]
    return panel
