"""Demo appeals (有诉必应): routing rules, the holiday calendars of the demo's years, and a
year of appeals up to the demo's today (``ctx.today``) across channels, categories,
departments and states — most
answered in time, some late, some still open and overdue (escalated), most rated, one
reopened after an unsatisfied rating. Everything goes through zoneops.appeals.services.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import chinese_calendar

from zoneops.appeals import services
from zoneops.appeals.models import (
    Appeal,
    Category,
    Channel,
    Rating,
    Status,
    Topic,
    Urgency,
)
from zoneops.core import services as core_services
from zoneops.core.models import CalendarDay, User
from zoneops.core.workdays import Calendar
from zoneops.demo.context import DemoContext
from zoneops.enterprises.models import Enterprise

# A year of appeals up to the demo's today (an appeal's time left is counted from the real
# today, so the demo is built on the day it is shown).
DAYS = 365
COUNT = 240

# (topic, keyword, department code, priority)
RULES = (
    (Topic.UTILITIES, "停电", "economy", 10),
    (Topic.UTILITIES, "", "economy", 100),
    (Topic.POLICY, "", "economy", 100),
    (Topic.FUNDING, "", "finance", 100),
    (Topic.LAND, "", "projects", 100),
    (Topic.INVESTMENT, "", "investment", 100),
    (Topic.TRAFFIC, "", "projects", 100),
    (Topic.SAFETY, "", "safety", 100),
    (Topic.APPROVAL, "", "service", 100),
    (Topic.LABOUR, "", "service", 100),
)

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
}


@dataclass(frozen=True)
class Subject:
    topic: str
    category: str
    title: str
    content: str


SUBJECTS = (
    Subject(
        Topic.UTILITIES,
        Category.HELP,
        "厂区频繁停电影响生产",
        "近一个月厂区10千伏线路停电三次，每次影响生产约4小时，请协调供电公司排查线路。",
    ),
    Subject(
        Topic.UTILITIES,
        Category.HELP,
        "天然气增容申请进度",
        "新建生产线需天然气增容，申请已提交燃气公司一个月，尚无答复。",
    ),
    Subject(
        Topic.UTILITIES,
        Category.COMPLAINT,
        "园区污水管网堵塞",
        "厂区门前污水管网堵塞外溢，已多次反映，请尽快疏通。",
    ),
    Subject(
        Topic.POLICY,
        Category.ENQUIRY,
        "技术改造补助申报条件",
        "我公司今年实施智能化改造，想了解省级技术改造补助的申报条件和时间。",
    ),
    Subject(
        Topic.POLICY,
        Category.ENQUIRY,
        "规上工业企业奖励兑现时间",
        "去年首次纳入规上，奖励资金何时兑现？需要提交哪些材料？",
    ),
    Subject(
        Topic.POLICY,
        Category.SUGGESTION,
        "建议简化惠企政策申报材料",
        "各类补助申报材料重复提交较多，建议建立企业信息共享，减少重复材料。",
    ),
    Subject(
        Topic.FUNDING,
        Category.HELP,
        "流动资金贷款需求",
        "原材料价格上涨，需流动资金贷款约2000万元，请协助对接银行。",
    ),
    Subject(
        Topic.FUNDING,
        Category.ENQUIRY,
        "贷款贴息政策咨询",
        "想了解开发区中小企业贷款贴息的比例和申请方式。",
    ),
    Subject(
        Topic.LAND,
        Category.HELP,
        "扩建项目用地指标",
        "二期扩建项目需新增用地约30亩，请协助落实用地指标。",
    ),
    Subject(
        Topic.LAND,
        Category.ENQUIRY,
        "厂房不动产权证办理",
        "新建厂房已竣工验收，不动产权证如何办理？",
    ),
    Subject(
        Topic.APPROVAL,
        Category.HELP,
        "环评批复办理进度",
        "扩产项目环评报告已报送，请协助了解审批进度。",
    ),
    Subject(
        Topic.APPROVAL,
        Category.COMPLAINT,
        "施工许可办理时间过长",
        "施工许可申请材料已齐全，等待时间超过承诺时限。",
    ),
    Subject(
        Topic.LABOUR,
        Category.HELP,
        "技术工人招聘困难",
        "急需电工、焊工等技术工人约40名，请协助组织专场招聘。",
    ),
    Subject(Topic.LABOUR, Category.ENQUIRY, "稳岗补贴申领", "请问今年稳岗补贴如何申领？"),
    Subject(
        Topic.SAFETY,
        Category.ENQUIRY,
        "危化品仓库安全评价要求",
        "新建危化品仓库需要做哪些安全评价？",
    ),
    Subject(
        Topic.SAFETY,
        Category.SUGGESTION,
        "建议组织安全生产培训",
        "建议园区组织一次面向中小企业的安全生产管理培训。",
    ),
    Subject(
        Topic.TRAFFIC,
        Category.COMPLAINT,
        "园区道路破损影响运输",
        "厂区门前道路破损严重，重载车辆通行困难，请尽快维修。",
    ),
    Subject(
        Topic.TRAFFIC,
        Category.SUGGESTION,
        "建议增开园区通勤公交",
        "员工上下班通勤不便，建议增开园区至市区的通勤公交。",
    ),
    Subject(
        Topic.INVESTMENT,
        Category.HELP,
        "配套企业落地对接",
        "我公司上游配套企业有意落户开发区，请招商部门对接。",
    ),
    Subject(
        Topic.OTHER, Category.ENQUIRY, "企业职工子女入学咨询", "外地引进人才子女入学如何办理？"
    ),
)

CHANNELS = (
    (Channel.PORTAL, 40),
    (Channel.PHONE, 30),
    (Channel.WALK_IN, 15),
    (Channel.VISIT, 15),
)
HANDLERS = {"economy": "econ", "investment": "invest", "projects": "projects", "safety": "safety"}


def build_appeals(ctx: DemoContext) -> None:
    rng = ctx.stream("appeals")
    clerk = ctx.users["service"]
    end = ctx.today
    start = end - dt.timedelta(days=DAYS)
    _rules(ctx, clerk)
    _calendar(clerk, {start.year, end.year})
    calendar = Calendar.load()
    days = [
        start + dt.timedelta(days=n)
        for n in range((end - start).days + 1)
        if calendar.is_workday(start + dt.timedelta(days=n))
    ]
    operating = [e for e in ctx.enterprises.values() if e.status == "operating"]
    # Larger enterprises file more; the demo's enterprise users' own firms file several.
    weights = [4 if e.is_above_scale else 1 for e in operating]
    own = [u.enterprise for u in ctx.users.values() if u.role == "enterprise" and u.enterprise]
    received = sorted(rng.choice(days) for _ in range(COUNT))
    for index, day in enumerate(received):
        enterprise = (
            own[index % len(own)] if index % 12 == 0 else rng.choices(operating, weights)[0]
        )
        appeal = _file(ctx, rng, enterprise, day)
        _progress(ctx, rng, appeal, calendar, clerk, end)
    _reopen_one(ctx)
    counts = services.deadlines_run(today=end)
    ctx.counts["appeals"] = Appeal.objects.count()
    ctx.say(
        f"appeals: {ctx.counts['appeals']}, open {Appeal.objects.open().count()}, "
        f"escalated {counts['department_head'] + counts['leader']}"
    )


def _rules(ctx: DemoContext, clerk: User) -> None:
    for topic, keyword, code, priority in RULES:
        services.routing_rule_save(
            clerk,
            data={
                "topic": topic,
                "keyword": keyword,
                "department": ctx.departments[code],
                "priority": priority,
                "is_active": True,
            },
        )


def _calendar(clerk: User, years: set[int]) -> None:
    """The demo years' official schedules entered as an administrator would (the same as the
    package's: the page then lists them with the festivals' names). A year the package does
    not know yet is left to the administrator: its days count as weekdays and weekends, with
    the calendar page's warning."""
    for table, kind in (
        (chinese_calendar.holidays, CalendarDay.Kind.HOLIDAY),
        (chinese_calendar.workdays, CalendarDay.Kind.WORKDAY),
    ):
        for date, name in sorted(table.items()):
            if date.year in years:
                core_services.calendar_day_set(
                    actor=clerk, date=date, kind=kind, name=HOLIDAY_NAMES.get(str(name), "")
                )


def _file(ctx: DemoContext, rng: random.Random, enterprise: Enterprise, day: dt.date) -> Appeal:
    subject = rng.choice(SUBJECTS)
    channel = rng.choices([c for c, _w in CHANNELS], [w for _c, w in CHANNELS])[0]
    actor: User | None = ctx.users["service"]
    if channel == Channel.PORTAL:
        actor = next(
            (
                u
                for u in ctx.users.values()
                if u.role == "enterprise" and u.enterprise == enterprise
            ),
            None,
        )
    contact = enterprise.contacts.first()
    return services.appeal_create(
        actor,
        enterprise=enterprise,
        channel=channel,
        category=subject.category,
        urgency=Urgency.URGENT if rng.random() < 0.08 else Urgency.NORMAL,
        topic=subject.topic,
        title=subject.title,
        content=subject.content,
        contact_name=contact.name if contact else "",
        contact_phone=contact.phone if contact else "",
        received_on=day,
        check=False,
    )


def _handler(ctx: DemoContext, appeal: Appeal) -> User:
    code = appeal.department.code if appeal.department else "service"
    return ctx.users.get(HANDLERS.get(code, "service"), ctx.users["service"])


def _progress(
    ctx: DemoContext,
    rng: random.Random,
    appeal: Appeal,
    calendar: Calendar,
    clerk: User,
    end: dt.date,
) -> None:
    """Take an appeal as far as it would have gone by ``end`` (the demo's today)."""

    def after(day: dt.date, n: int) -> dt.date:
        return calendar.add_working_days(day, n)

    # Nothing happens after the demo's last working day.
    last = end
    while not calendar.is_workday(last):
        last -= dt.timedelta(days=1)
    day = appeal.received_on
    age = calendar.working_days_between(day, end)
    if appeal.status == Status.SUBMITTED:
        if age < 1 and rng.random() < 0.5:
            return
        day = after(day, rng.choice((0, 0, 1)))
        if day > last:
            return
        services.appeal_act(clerk, appeal=appeal, action="accept", today=day, check=False)
    if rng.random() < 0.07 and age > 2:
        # Dispatched to the wrong department first: sent back and dispatched again.
        wrong = ctx.departments["projects" if appeal.topic != Topic.LAND else "economy"]
        services.appeal_act(
            clerk, appeal=appeal, action="dispatch", department=wrong, today=day, check=False
        )
        services.appeal_act(
            _handler(ctx, appeal),
            appeal=appeal,
            action="send_back",
            note="非本部门职责，请重新派单",
            today=day,
            check=False,
        )
        services.appeal_act(
            clerk,
            appeal=appeal,
            action="dispatch",
            department=services.route(topic=appeal.topic, content=appeal.content),
            today=day,
            check=False,
        )
    else:
        services.appeal_act(clerk, appeal=appeal, action="dispatch", today=day, check=False)
    handler = _handler(ctx, appeal)
    # Recent appeals are still being handled; a few old ones are stuck (overdue).
    stuck = rng.random() < 0.03
    if age <= appeal.limit_days // 2 or stuck:
        if rng.random() < 0.6:
            services.appeal_act(handler, appeal=appeal, action="handle", today=day, check=False)
        if stuck and rng.random() < 0.5:
            services.extension_request(
                handler,
                appeal=appeal,
                days=5,
                reason="涉及市级部门，需协调会商",
                today=day,
                check=False,
            )
        return
    services.appeal_act(handler, appeal=appeal, action="handle", today=day, check=False)
    late = rng.random() < 0.1
    span = appeal.limit_days + rng.randint(1, 4) if late else rng.randint(0, appeal.limit_days)
    replied = max(after(appeal.received_on, span), day)
    if replied > last:
        return
    services.appeal_act(
        handler, appeal=appeal, action="reply", note=_reply(appeal), today=replied, check=False
    )
    closed = after(replied, rng.choice((0, 0, 1)))
    if closed > last:
        return
    services.appeal_act(
        clerk,
        appeal=appeal,
        action="close",
        resolved=rng.random() < 0.88,
        today=closed,
        check=False,
    )
    visited = after(closed, 1)
    if visited > last:
        return
    services.appeal_act(
        clerk,
        appeal=appeal,
        action="follow_up",
        note="电话回访，企业认可办理结果",
        today=visited,
        check=False,
    )
    if rng.random() < 0.15:
        return
    roll = rng.random()
    rating = Rating.SATISFIED if roll < 0.75 else Rating.BASICALLY
    if not appeal.resolved:
        rating = Rating.BASICALLY
    services.appeal_rate(
        _rater(ctx, appeal) or clerk, appeal=appeal, rating=rating, today=visited, check=False
    )


def _rater(ctx: DemoContext, appeal: Appeal) -> User | None:
    """The enterprise's own demo user, where it has one (the window records the others)."""
    return next(
        (
            u
            for u in ctx.users.values()
            if u.role == "enterprise" and u.enterprise_id == appeal.enterprise_id
        ),
        None,
    )


def _reopen_one(ctx: DemoContext) -> None:
    """The latest followed-up appeal is rated 不满意 and goes back to its department: an
    unsatisfied rating always reopens, so the demo has exactly one such appeal open."""
    appeal = (
        Appeal.objects.filter(status=Status.VISITED).order_by("-followed_up_on", "-number").first()
    )
    if appeal is None:
        return
    services.appeal_rate(
        _rater(ctx, appeal) or ctx.users["service"],
        appeal=appeal,
        rating=Rating.UNSATISFIED,
        comment="问题仍未解决，希望再协调",
        today=appeal.followed_up_on,
        check=False,
    )


def _reply(appeal: Appeal) -> str:
    department = appeal.department.name if appeal.department else "企业服务中心"
    return f"经{department}核实协调，已就“{appeal.title}”提出办理意见并告知企业联系人。"
