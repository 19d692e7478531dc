"""Building the demo's investment pipeline from its data: officers and chain teams, each
project's path through the stages, arriving funds, events, targets, officers' leads and the
work log, every write through the investment services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from zoneops.core.models import Role, User
from zoneops.core.services import user_save
from zoneops.demo.clock import QUARTER_WORDS, add_months, quarter_of, quarter_start
from zoneops.demo.context import DEMO_PASSWORD, DemoContext
from zoneops.demo.investment.data import (
    LEADS_ONLY,
    NAMED,
    OFFICER_LEADS,
    OFFICERS,
    OTHERS,
    PARK_OF_CHAIN,
    TEAMS,
    WAN,
    WORK_LOG,
    YI,
    D,
    P,
    Spec,
)
from zoneops.enterprises.models import ChainNode, Industry
from zoneops.investment import services
from zoneops.investment.models import (
    EventKind,
    EventRole,
    Method,
    Project,
    Stage,
    TargetScope,
)

STORY_START, STORY_END = D(2024, 1, 1), D(2024, 3, 31)
SIGNING_DAY = D(2024, 2, 28)  # the signing ceremony


@dataclass(frozen=True)
class Story:
    """The story's dates on the demo's calendar: the story's quarter (2024 Q1) is ``today``'s
    quarter, its days spread over that quarter's days up to ``today`` (31 March is today);
    dates before or after it move by whole quarters, so they keep their place in the year's
    rhythm and stay before the quarter (or after today)."""

    today: dt.date

    @property
    def start(self) -> dt.date:
        return quarter_start(self.today)

    @property
    def year(self) -> int:
        return self.today.year

    @property
    def quarter(self) -> int:
        return quarter_of(self.today)

    @property
    def words(self) -> dict[str, str]:
        """What the story's texts name: the quarter, the ceremony's month, the quarter's end."""
        return {
            "q": QUARTER_WORDS[self.quarter],
            "signing": str(self.on(SIGNING_DAY).month),
            "end": str(self.start.month + 2),
        }

    def on(self, day: dt.date) -> dt.date:
        if STORY_START <= day <= STORY_END:
            elapsed = (self.today - self.start).days
            return self.start + dt.timedelta(
                days=(day - STORY_START).days * elapsed // (STORY_END - STORY_START).days
            )
        months = (self.start.year - STORY_START.year) * 12 + self.start.month - 1
        return add_months(day, months)

    def maybe(self, day: dt.date | None) -> dt.date | None:
        return None if day is None else self.on(day)


def _industry(code: str) -> Industry:
    found = Industry.objects.filter(code=code).first()
    return found or Industry.objects.get(code=code[:2])


def _officers(ctx: DemoContext) -> None:
    for username, name, title in OFFICERS:
        ctx.users[username] = user_save(
            actor=None,
            data={
                "username": username,
                "full_name": name,
                "title": title,
                "role": Role.DEPARTMENT_OFFICER,
                "department": ctx.departments["investment"],
            },
            password=DEMO_PASSWORD,
            check=False,
        )


def _project(ctx: DemoContext, story: Story, spec: Spec, officer: User) -> Project:
    chain = ctx.chains[spec.chain] if spec.chain else None
    node = ChainNode.objects.get(chain=chain, name=spec.node) if chain and spec.node else None
    park_key = spec.park or (PARK_OF_CHAIN[spec.chain] if spec.chain else None)
    investment = Decimal(spec.investment) * YI / 100
    project = services.project_create(
        actor=officer,
        data={
            "name": spec.name,
            "investor": spec.investor,
            "investor_region": spec.region,
            "origin": spec.origin,
            "chain": chain,
            "chain_node": node,
            "industry": _industry(spec.industry),
            "park": ctx.parks[park_key] if park_key else None,
            "content": spec.content,
            "total_investment": investment,
            "expected_output": Decimal(spec.output) * YI if spec.output else None,
            "expected_tax": Decimal(spec.tax) * WAN if spec.tax else None,
            "land_area": Decimal(spec.land) if spec.land else None,
            "building_area": Decimal(spec.land * 220) if spec.land else None,
            "annual_power": investment / 10 if spec.industry[:2] in ("31", "32", "39") else None,
            "financing_need": (investment * Decimal("0.4")).quantize(YI) if spec.land else None,
            "method": spec.method,
            "first_contact": officer,
            "follow_up": officer,
            "assigned_by": spec.assigned_by,
            "lead_on": story.on(spec.lead_on),
            "planned_start": story.maybe(spec.planned_start),
            "company_name": spec.company,
        },
        check=False,
    )
    for stage, on in (
        (Stage.NEGOTIATING, spec.negotiating),
        (Stage.SIGNED, spec.signed),
        (Stage.STARTED, spec.started),
        (Stage.PRODUCING, spec.producing),
    ):
        if on is not None:
            services.project_move(
                actor=officer, project=project, to_stage=stage, on=story.on(on), check=False
            )
    if spec.dropped:
        on, reason = spec.dropped
        services.project_move(
            actor=officer,
            project=project,
            to_stage=Stage.DROPPED,
            on=story.on(on),
            note=reason,
            check=False,
        )
    project.refresh_from_db()
    return project


def _arrivals(ctx: DemoContext, project: Project) -> int:
    """Money arrives month by month once a project is signed, faster once it is building."""
    if project.signed_on is None or project.stage == Stage.DROPPED:
        return 0
    rng = ctx.stream(f"investment-arrivals:{project.name}")
    month = project.signed_on.replace(day=1)
    written = 0
    amount = project.signed_amount or Decimal(0)
    while month <= ctx.today:
        building = project.started_on and month >= project.started_on.replace(day=1)
        # Before construction money comes now and then (registration capital, land deposits).
        share = Decimal(
            str(round(rng.uniform(0.02, 0.06) if building else rng.uniform(0.005, 0.02), 4))
        )
        if building or rng.random() < 0.4:
            services.arrival_save(
                actor=project.follow_up or ctx.users["invest"],  # who follows it records it
                project=project,
                month=month,
                origin=project.origin,
                amount=(amount * share).quantize(WAN),
                check=False,
            )
            written += 1
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return written


def _events(ctx: DemoContext, story: Story, by_name: dict[str, Project]) -> None:
    admin = ctx.users["invest"]
    quarter = f"{story.year}年{story.words['q']}季度"
    release = services.event_save(
        actor=admin,
        data={
            "kind": EventKind.RELEASE,
            "title": f"西宁经济技术开发区{quarter}拟招商项目发布会",
            "on": story.on(D(2024, 1, 20)),
            "place": "西宁市会展中心",
            "participants": "开发区管委会领导、各园区及招商局负责人、60余家投资企业代表",
            "note": "发布光伏制造、锂电、新型显示、装备制造等领域拟招商项目",
        },
        check=False,
    )
    for name in (
        "10GW高效N型TOPCon电池片项目",
        "锂电铜箔项目",
        "电解液及六氟磷酸锂项目",
        "超声波电池检测设备组装基地项目",
        "光伏组件边框及支架项目",
        "镁基储氢材料项目",
        "工业机器人及智能产线项目",
        "硼酸及硼化物深加工项目",
    ):
        project = by_name[name]
        services.event_project_save(
            actor=admin,
            event=release,
            project=project,
            role=EventRole.RELEASED,
            amount=project.total_investment,
            check=False,
        )
    signing = services.event_save(
        actor=admin,
        data={
            "kind": EventKind.SIGNING,
            "title": f"西宁经济技术开发区{quarter}重大项目集中签约仪式",
            "on": story.on(SIGNING_DAY),
            "place": "开发区管委会",
            "participants": "市委、市政府主要领导，开发区管委会领导，签约企业代表",
            "note": "集中签约新型显示、新型储能、正极材料前驱体等重大项目",
        },
        check=False,
    )
    for name in (
        "新型显示模组及触控产业园项目",
        "新型储能研发及智能制造基地项目",
        "年产10万吨锂电正极材料前驱体项目",
    ):
        project = by_name[name]
        services.event_project_save(
            actor=admin,
            event=signing,
            project=project,
            role=EventRole.SIGNED,
            amount=project.signed_amount,
            check=False,
        )
    promotion = services.event_save(
        actor=admin,
        data={
            "kind": EventKind.PROMOTION,
            "title": "西宁经开区光伏制造产业链招商推介会（苏州）",
            "on": story.on(D(2024, 3, 15)),
            "place": "江苏省苏州市",
            "participants": "招商局、东川工业园，长三角光伏企业40余家",
        },
        check=False,
    )
    for name in ("逆变器及储能变流器项目", "钙钛矿叠层电池中试线项目"):
        services.event_project_save(
            actor=admin,
            event=promotion,
            project=by_name[name],
            role=EventRole.RELEASED,
            check=False,
        )


def _targets(ctx: DemoContext, story: Story) -> int:
    leader = ctx.users["leader"]
    rows: list[tuple[str, object, int, int, int | None]] = [
        (TargetScope.ZONE, None, 10, 500, 1),
        (TargetScope.ZONE, None, 35, 1500, None),
        (TargetScope.CHAIN, "lithium", 3, 150, 1),
        (TargetScope.CHAIN, "pv", 3, 200, 1),
        (TargetScope.CHAIN, "alloys", 1, 20, 1),
        (TargetScope.CHAIN, "salt", 1, 30, 1),
        (TargetScope.CHAIN, "biomed", 1, 5, 1),
        (TargetScope.CHAIN, "equipment", 2, 20, 1),
        (TargetScope.OFFICER, "invest", 4, 250, 1),
        (TargetScope.OFFICER, "invest-2", 2, 80, 1),
        (TargetScope.OFFICER, "invest-3", 2, 100, 1),
        (TargetScope.OFFICER, "invest-4", 2, 60, 1),
    ]
    for scope, who, count, yi, quarter in rows:
        services.target_save(
            actor=leader,
            year=story.year,
            quarter=story.quarter if quarter else None,
            scope=scope,
            chain=ctx.chains[who] if scope == TargetScope.CHAIN else None,  # type: ignore[index]
            officer=ctx.users[who] if scope == TargetScope.OFFICER else None,  # type: ignore[index]
            project_count=count,
            amount=Decimal(yi) * YI,
            check=False,
        )
    return len(rows)


def _officer_leads(ctx: DemoContext) -> int:
    """Officers' leads go through the same services an officer's form calls."""
    for (
        source,
        name,
        investor,
        region,
        chain,
        park,
        amount,
        days,
        content,
        decision,
    ) in OFFICER_LEADS:
        lead_on = ctx.today - dt.timedelta(days=days)
        lead = services.lead_register(
            actor=ctx.users[source],
            data={
                "name": name,
                "investor": investor,
                "investor_region": region,
                "chain": ctx.chains[chain] if chain else None,
                "park": ctx.parks[park],
                "total_investment": amount * YI,
                "method": Method.VIA_INVESTOR,
                "lead_on": lead_on,
                "content": content,
            },
            check=False,
        )
        if decision is None:
            continue
        verdict, detail = decision
        services.lead_review(
            actor=ctx.users["invest"],
            project=lead,
            accept=verdict == "accept",
            follow_up=ctx.users[detail] if verdict == "accept" else None,
            note="" if verdict == "accept" else detail,
            today=min(ctx.today, lead_on + dt.timedelta(days=3)),
            check=False,
        )
    return len(OFFICER_LEADS)


def build_investment(ctx: DemoContext) -> None:
    """Officers and chain teams, some fifty projects along their stages, funds arrived,
    the work log, three events and this year's and this quarter's targets."""
    story = Story(ctx.today)
    _officers(ctx)
    for key, team in TEAMS.items():
        for index, username in enumerate(team):
            services.chain_officer_set(
                actor=ctx.users["leader"],
                chain=ctx.chains[key],
                officer=ctx.users[username],
                is_head=index == 0,
                check=False,
            )
    head = {key: ctx.users[team[0]] for key, team in TEAMS.items()}
    specs = [*NAMED, *OTHERS] + [
        Spec(name, investor, region, P, chain, node, code, amount, method, lead_on)
        for name, investor, region, chain, node, code, amount, method, lead_on in LEADS_ONLY
    ]
    by_name: dict[str, Project] = {}
    for spec in specs:
        officer = head[spec.chain] if spec.chain else ctx.users["invest"]
        by_name[spec.name] = _project(ctx, story, spec, officer)
    arrivals = sum(_arrivals(ctx, p) for p in by_name.values())
    users = ctx.users
    for kind, on, until, place, people, counterpart, outcome, names in WORK_LOG:
        services.worklog_save(
            actor=users[people[0]],
            data={
                "kind": kind,
                "on": story.on(on),
                "until": story.maybe(until),
                "place": place,
                "counterpart": counterpart,
                "outcome": outcome.format(**story.words),
            },
            participants=[users[p] for p in people],
            projects=[by_name[n] for n in names],
            check=False,
        )
    _events(ctx, story, by_name)
    targets = _targets(ctx, story)
    leads = _officer_leads(ctx)
    ctx.counts["investment_projects"] = len(by_name) + leads
    ctx.say(
        f"  {len(by_name)} investment projects, {arrivals} monthly arrivals of funds, "
        f"{len(WORK_LOG)} work-log entries, 3 events, {targets} targets, "
        f"{leads} leads brought in by other officers"
    )
