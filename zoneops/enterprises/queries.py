"""Reads of the registry. Every list starts from ``visible_to(user)``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from zoneops.core.models import User
from zoneops.enterprises.models import (
    Chain,
    ChainMembership,
    Enterprise,
    Industry,
    IndustryLevel,
)

SORTS = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "code": ("credit_code",),
    "-code": ("-credit_code",),
    "park": ("park__order", "park__division_code", "name"),
    "-park": ("-park__order", "-park__division_code", "name"),
    "industry": ("industry__code", "name"),
    "-industry": ("-industry__code", "name"),
    "since": ("above_scale_since", "name"),
    "-since": ("-above_scale_since", "name"),
    "updated": ("updated_at", "pk"),
    "-updated": ("-updated_at", "-pk"),
}


@dataclass(frozen=True)
class EnterpriseFilter:
    """The registry list's filters, as a page or the API receives them."""

    q: str = ""
    park: int | None = None
    industry: str = ""  # a code at any level: its descendants match too
    chain: int | None = None
    tag: str = ""
    scale: str = ""  # "above" | "below" | ""
    status: str = ""
    without_officer: bool = False  # 未落实包联干部
    sort: str = "name"


def industry_q(code: str) -> Q:
    """Enterprises in the GB/T 4754 class ``code`` or under it. Codes are hierarchical for
    大类 and below; a 门类 letter matches through the parents."""
    if code.isalpha():
        return (
            Q(industry__code=code)
            | Q(industry__parent__code=code)
            | Q(industry__parent__parent__code=code)
            | Q(industry__parent__parent__parent__code=code)
        )
    return Q(industry__code__startswith=code)


def enterprise_list(*, user: User, filters: EnterpriseFilter | None = None) -> QuerySet[Enterprise]:
    """The enterprises a user may see, filtered and sorted, ready for a page of rows."""
    f = filters or EnterpriseFilter()
    qs = Enterprise.objects.visible_to(user)
    if f.q:
        qs = qs.filter(Q(name__icontains=f.q) | Q(credit_code__icontains=f.q.upper()))
    if f.park:
        qs = qs.filter(park_id=f.park)
    if f.industry:
        qs = qs.filter(industry_q(f.industry))
    if f.chain:
        qs = qs.filter(
            pk__in=ChainMembership.objects.filter(chain_id=f.chain).values("enterprise_id")
        )
    if f.tag:
        qs = qs.filter(
            pk__in=Enterprise.tags.through.objects.filter(tag__code=f.tag).values("enterprise_id")
        )
    if f.scale == "above":
        qs = qs.filter(is_above_scale=True)
    elif f.scale == "below":
        qs = qs.filter(is_above_scale=False)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.without_officer:
        qs = qs.filter(service_officer__isnull=True)
    return (
        qs.select_related("park", "industry", "service_officer")
        .prefetch_related(
            "tags",
            Prefetch(
                "chain_memberships",
                queryset=ChainMembership.objects.select_related("chain", "node"),
            ),
        )
        .order_by(*SORTS.get(f.sort, SORTS["name"]))
    )


def enterprise_detail_queryset(*, user: User) -> QuerySet[Enterprise]:
    return (
        Enterprise.objects.visible_to(user)
        .select_related("park", "industry__parent__parent__parent", "service_officer")
        .prefetch_related(
            "tags", "contacts", "chain_memberships__chain", "chain_memberships__node", "users"
        )
    )


def industry_list(
    *, user: User, level: int | None = None, parent: str = "", q: str = ""
) -> QuerySet[Industry]:
    qs = Industry.objects.visible_to(user).select_related("parent")
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent__code=parent)
    if q:
        qs = qs.filter(Q(code__startswith=q) | Q(name__icontains=q))
    return qs.order_by("code")


def industry_counts(*, user: User) -> dict[int, int]:
    rows = Industry.objects.visible_to(user).values("level").annotate(n=Count("pk"))
    return {IndustryLevel(row["level"]): row["n"] for row in rows}


def chain_list(*, user: User) -> QuerySet[Chain]:
    return (
        Chain.objects.visible_to(user)
        .select_related("leader_user")
        .prefetch_related("nodes")
        .annotate(
            enterprise_count=Count("memberships", distinct=True),
            owner_count=Count("memberships", filter=Q(memberships__role="owner"), distinct=True),
        )
        .order_by("order", "name")
    )


def chain_members(*, user: User, chain: Chain) -> QuerySet[ChainMembership]:
    """A chain's enterprises, limited to those the user may see."""
    return (
        ChainMembership.objects.filter(
            chain=chain, enterprise__in=Enterprise.objects.visible_to(user)
        )
        .select_related("enterprise__park", "node")
        .order_by("node__order", "-role", "enterprise__name")
    )


@dataclass(frozen=True)
class RegistrySummary:
    total: int
    above_scale: int
    operating: int
    without_officer: int
    by_park: list[dict[str, Any]]
    by_section: list[dict[str, Any]]
    by_tag: list[dict[str, Any]]


def registry_summary(*, user: User) -> RegistrySummary:
    """Counts over the enterprises a user may see: totals, by park, by 门类 and by tag."""
    qs = Enterprise.objects.visible_to(user)
    totals = qs.aggregate(
        total=Count("pk"),
        above=Count("pk", filter=Q(is_above_scale=True)),
        operating=Count("pk", filter=Q(status="operating")),
        no_officer=Count("pk", filter=Q(service_officer__isnull=True)),
    )
    by_park = list(
        qs.values("park__name")
        .annotate(n=Count("pk"), above=Count("pk", filter=Q(is_above_scale=True)))
        .order_by("park__order", "park__division_code")
    )
    # An enterprise's industry may be a 大类, 中类 or 小类: its 大类 is the first two digits.
    divisions = {
        i.code: i
        for i in Industry.objects.filter(level=IndustryLevel.DIVISION).select_related("parent")
    }
    by_section_counts: dict[str, int] = {}
    for code, n in (
        qs.values_list("industry__code").annotate(n=Count("pk")).values_list("industry__code", "n")
    ):
        division = divisions.get(code[:2])
        label = str(division.parent) if division and division.parent else code
        by_section_counts[label] = by_section_counts.get(label, 0) + n
    by_section = [
        {"label": label, "n": n}
        for label, n in sorted(by_section_counts.items(), key=lambda kv: -kv[1])
    ]
    by_tag = list(
        Enterprise.tags.through.objects.filter(enterprise__in=qs)
        .values("tag__name", "tag__code")
        .annotate(n=Count("pk"))
        .order_by("tag__order")
    )
    return RegistrySummary(
        total=totals["total"],
        above_scale=totals["above"],
        operating=totals["operating"],
        without_officer=totals["no_officer"],
        by_park=by_park,
        by_section=by_section,
        by_tag=by_tag,
    )


# The derived classifications (a topic of the registry) read through their own module.
from zoneops.enterprises.classifications.queries import (  # noqa: E402
    classification_list as classification_list,
)
from zoneops.enterprises.classifications.queries import (  # noqa: E402
    for_enterprise as for_enterprise,
)
from zoneops.enterprises.classifications.queries import (  # noqa: E402
    membership as membership,
)
from zoneops.enterprises.classifications.queries import (  # noqa: E402
    review_queue as review_queue,
)
from zoneops.enterprises.classifications.queries import (  # noqa: E402
    top_groups as top_groups,
)
from zoneops.enterprises.classifications.queries import (  # noqa: E402
    tree as tree,
)
