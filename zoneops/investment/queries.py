"""Reads of the investment module. Every list starts from ``visible_to(user)``."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from zoneops.core.models import User
from zoneops.core.navigation import module_allowed
from zoneops.enterprises import queries as registry
from zoneops.enterprises.models import Chain, ChainMembership, ChainRole, Segment
from zoneops.investment.models import (
    PIPELINE,
    ChainOfficer,
    Event,
    EventProject,
    FundArrival,
    Project,
    Review,
    Stage,
    WorkLog,
)
from zoneops.investment.periods import Period
from zoneops.projects import public as handover

ZERO = Decimal(0)
MONEY_FIELD: DecimalField[Decimal, Decimal] = DecimalField(max_digits=20, decimal_places=2)

SORTS: dict[str, tuple[Any, ...]] = {
    "updated": ("-updated_at", "-pk"),
    "name": ("name", "pk"),
    "investment": ("-total_investment", "pk"),
    "signed": (F("signed_on").desc(nulls_last=True), "-pk"),
    "stage": ("stage", "name"),
    "lead_on": ("-lead_on", "-pk"),
}


@dataclass(frozen=True)
class ProjectFilter:
    """The project list's filters, as a page or the API receives them."""

    q: str = ""
    stage: str = ""
    chain: int | None = None
    park: int | None = None
    method: str = ""
    officer: int | None = None  # the follow-up officer
    origin: str = ""
    signed_in: Period | None = None  # signed within a year or quarter
    industrial: bool = False
    assigned: bool = False  # 领导交办
    sort: str = "updated"


def arrived_subquery() -> Subquery:
    """A project's funds arrived so far (元), as an annotation."""
    return Subquery(
        FundArrival.objects.filter(project=OuterRef("pk"))
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total"),
        output_field=MONEY_FIELD,
    )


def project_list(*, user: User, filters: ProjectFilter | None = None) -> QuerySet[Project]:
    """The projects a user may see, filtered and sorted, with the funds arrived."""
    f = filters or ProjectFilter()
    qs = Project.objects.visible_to(user)
    if f.q:
        qs = qs.filter(
            Q(name__icontains=f.q) | Q(investor__icontains=f.q) | Q(company_name__icontains=f.q)
        )
    if f.stage == "active":
        qs = qs.exclude(stage=Stage.DROPPED)
    elif f.stage:
        qs = qs.filter(stage=f.stage)
    if f.chain:
        qs = qs.filter(chain_id=f.chain)
    if f.park:
        qs = qs.filter(park_id=f.park)
    if f.method:
        qs = qs.filter(method=f.method)
    if f.officer:
        qs = qs.filter(follow_up_id=f.officer)
    if f.origin:
        qs = qs.filter(origin=f.origin)
    if f.signed_in:
        qs = qs.signed_between(f.signed_in.start, f.signed_in.end)
    if f.industrial:
        qs = qs.industrial()
    if f.assigned:
        qs = qs.exclude(assigned_by="")
    return (
        qs.select_related(
            "chain",
            "chain_node",
            # is_industrial walks up to the 门类 (小类 → 中类 → 大类 → 门类): one join, not a
            # query per row and level.
            "industry__parent__parent__parent",
            "park",
            "follow_up",
            "first_contact",
            "enterprise",
        )
        .annotate(arrived=Coalesce(arrived_subquery(), Value(ZERO), output_field=MONEY_FIELD))
        .order_by(*SORTS.get(f.sort, SORTS["updated"]))
    )


def project_detail_queryset(*, user: User) -> QuerySet[Project]:
    return Project.objects.visible_to(user).select_related(
        "chain",
        "chain_node",
        "industry__parent",
        "park",
        "follow_up",
        "first_contact",
        "enterprise",
        "created_by",
    )


@dataclass
class Column:
    stage: Stage
    projects: list[Project]
    investment: Decimal
    signed: Decimal

    @property
    def next_stage(self) -> str:
        """The stage a card of this column moves to by default: the next one on."""
        if self.stage in PIPELINE and self.stage != Stage.PRODUCING:
            return PIPELINE[PIPELINE.index(self.stage) + 1].value
        return ""


def board(*, user: User, filters: ProjectFilter | None = None) -> list[Column]:
    """The pipeline board: one column per stage (dropped last), each with its totals."""
    projects = list(project_list(user=user, filters=filters or ProjectFilter()))
    columns = []
    for stage in (*PIPELINE, Stage.DROPPED):
        here = [p for p in projects if p.stage == stage]
        columns.append(
            Column(
                stage=stage,
                projects=here,
                investment=sum((p.total_investment for p in here), ZERO),
                signed=sum((p.signed_amount or ZERO for p in here), ZERO),
            )
        )
    return columns


def arrival_list(*, user: User, period: Period | None = None) -> QuerySet[FundArrival]:
    qs = FundArrival.objects.filter(project__in=Project.objects.visible_to(user))
    if period:
        qs = qs.filter(month__gte=period.start, month__lte=period.end)
    return qs.select_related("project__chain", "project__park").order_by("-month", "project__name")


def worklog_list(
    *, user: User, kind: str = "", period: Period | None = None, project: int | None = None
) -> QuerySet[WorkLog]:
    qs = WorkLog.objects.visible_to(user)
    if kind:
        qs = qs.filter(kind=kind)
    if period:
        qs = qs.filter(on__gte=period.start, on__lte=period.end)
    if project:
        qs = qs.filter(projects=project)
    visible = Project.objects.visible_to(user)
    return (
        qs.select_related("created_by")
        .prefetch_related("participants", Prefetch("projects", queryset=visible.order_by("name")))
        .order_by("-on", "-pk")
    )


def event_list(*, user: User, kind: str = "", period: Period | None = None) -> QuerySet[Event]:
    qs = Event.objects.visible_to(user)
    if kind:
        qs = qs.filter(kind=kind)
    if period:
        qs = qs.filter(on__gte=period.start, on__lte=period.end)
    return qs.prefetch_related(
        Prefetch("lines", queryset=event_lines(user=user), to_attr="visible_lines")
    ).order_by("-on", "-pk")


def event_lines(*, user: User) -> QuerySet[EventProject]:
    """Event lines whose project the user may see (an event shows only those)."""
    return (
        EventProject.objects.filter(project__in=Project.objects.visible_to(user))
        .select_related("project__chain")
        .order_by("role", "-amount", "pk")
    )


@dataclass
class Gap:
    node: Any
    kind: str  # "fill" 补链 | "strengthen" 强链 | "extend" 延链
    members: int
    projects: list[Project] = field(default_factory=list)


@dataclass
class ChainPage:
    chain: Chain
    owners: list[ChainMembership]
    team: list[ChainOfficer]
    columns: list[Column]
    signed_amount: Decimal
    signed_count: int
    arrived: Decimal
    gaps: list[Gap]
    segments: list[dict[str, Any]]


def chain_page(*, user: User, chain: Chain) -> ChainPage:
    """A chain's investment picture: leader, 链主 enterprises, team, projects by stage, the
    amount signed, and its gaps: empty nodes to fill (补链) or, downstream, to extend the chain
    (延链); nodes resting on a single enterprise to strengthen (强链)."""
    members = list(registry.chain_members(user=user, chain=chain))
    by_node: dict[int | None, list[ChainMembership]] = {}
    for member in members:
        by_node.setdefault(member.node_id, []).append(member)
    columns = board(user=user, filters=ProjectFilter(chain=chain.pk, sort="investment"))
    projects = [p for column in columns for p in column.projects]
    open_by_node: dict[int, list[Project]] = {}
    for project in projects:
        if project.chain_node_id and project.stage != Stage.DROPPED:
            open_by_node.setdefault(project.chain_node_id, []).append(project)
    # Gaps are about the chain itself, not the reader's park: count every member enterprise.
    counts = dict(
        ChainMembership.objects.filter(chain=chain)
        .values_list("node_id")
        .annotate(n=Count("pk"))
        .values_list("node_id", "n")
    )
    gaps = []
    segments = []
    for value, label in Segment.choices:
        nodes = []
        for node in chain.nodes.all():
            if node.segment != value:
                continue
            n = counts.get(node.pk, 0)
            kind = ""
            if n == 0:
                kind = "extend" if value == Segment.DOWNSTREAM else "fill"
            elif n == 1:
                kind = "strengthen"
            if kind:
                gaps.append(Gap(node, kind, n, open_by_node.get(node.pk, [])))
            nodes.append(
                {
                    "node": node,
                    "members": by_node.get(node.pk, []),
                    "count": n,
                    "gap": kind,
                    "projects": open_by_node.get(node.pk, []),
                }
            )
        segments.append({"label": label, "nodes": nodes})
    signed = [p for p in projects if p.signed_on and p.stage != Stage.DROPPED]
    return ChainPage(
        chain=chain,
        owners=[m for m in members if m.role == ChainRole.OWNER],
        team=list(chain.investment_officers.select_related("officer")),
        columns=columns,
        signed_amount=sum((p.signed_amount or ZERO for p in signed), ZERO),
        signed_count=len(signed),
        arrived=sum((p.arrived for p in projects), ZERO),  # type: ignore[attr-defined]
        gaps=gaps,
        segments=segments,
    )


def chain_overview(*, user: User) -> list[dict[str, Any]]:
    """Every chain the user may see with its pipeline counts and signed amount."""
    chains = list(registry.chain_list(user=user).prefetch_related("investment_officers__officer"))
    rows = (
        Project.objects.visible_to(user)
        .filter(chain__in=chains)
        .values("chain_id", "stage")
        .annotate(n=Count("pk"), signed=Sum("signed_amount"))
    )
    by_chain: dict[int, dict[str, Any]] = {}
    for row in rows:
        entry = by_chain.setdefault(row["chain_id"], {"stages": {}, "signed": ZERO})
        entry["stages"][row["stage"]] = row["n"]
        if row["stage"] != Stage.DROPPED:
            entry["signed"] += row["signed"] or ZERO
    empty = dict(
        Chain.objects.filter(pk__in=[c.pk for c in chains])
        .annotate(empty=Count("nodes", filter=Q(nodes__memberships__isnull=True), distinct=True))
        .values_list("pk", "empty")
    )
    return [
        {
            "chain": chain,
            "stages": [by_chain.get(chain.pk, {}).get("stages", {}).get(s, 0) for s in PIPELINE],
            "dropped": by_chain.get(chain.pk, {}).get("stages", {}).get(Stage.DROPPED, 0),
            "signed": by_chain.get(chain.pk, {}).get("signed", ZERO),
            "empty_nodes": empty.get(chain.pk, 0),
            "team": list(chain.investment_officers.all()),
        }
        for chain in chains
    ]


def leads_sourced_by(*, user: User) -> QuerySet[Project]:
    """全员招商: the leads this officer brought in, newest first, however far they got."""
    return (
        Project.objects.visible_to(user)
        .filter(source=user)
        .select_related("chain", "park", "follow_up", "reviewed_by")
        .order_by("-lead_on", "-pk")
    )


def leads_to_review(*, user: User) -> QuerySet[Project]:
    """The leads officers registered that wait for the bureau's 研判, oldest first."""
    return (
        Project.objects.visible_to(user)
        .filter(review=Review.PENDING)
        .select_related("chain", "park", "source__department", "source__enterprise")
        .prefetch_related("source__parks")
        .order_by("lead_on", "pk")
    )


def key_project_origin(user: User, key_project_id: int) -> handover.Origin | None:
    """The investment project a key project came from (its origin source, registered with the
    projects app in ``apps.py``); the link is offered only to a reader who may open it."""
    project = Project.objects.filter(key_project_id=key_project_id).only("pk", "name").first()
    if project is None:
        return None
    visible = (
        module_allowed(user, "investment")
        and Project.objects.visible_to(user).filter(pk=project.pk).exists()
    )
    return handover.Origin(
        label=_("来源招商项目"),
        name=project.name,
        url=reverse("investment:project", args=[project.pk]) if visible else None,
    )
