"""What each role may do, beyond what it may see (which is data scope, in scope.py).

One table, :data:`ACTIONS`: for each action (a row), which kinds of person (the columns of
:data:`HOLDERS`: a role, or a department's officers) may take it and on what reach (the whole
zone within their scope, their own park, their own enterprise, the projects of their task
force, the items routed to their department). The user-management page shows it as a matrix;
the services, views, API, menus and templates all ask :func:`may`, so what a page offers and
what the server accepts cannot drift apart.

:func:`may` answers "may this person ever take this action"; the reach qualifiers that need an
object (own park, own task force, routed to the department) are checked by the owning app's
``permissions.py`` on top of it, each in one function.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard

from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zoneops.core.http import Someone
from zoneops.core.models import Role, User
from zoneops.core.scope import scope_of

# The departments the table names by their code (Department.code). Apps keep these codes as
# their own constants (monitoring.ECONOMY_DEPARTMENT, projects.PROJECTS_DEPARTMENT …).
ECONOMY = "economy"
INVESTMENT = "investment"
PROJECTS = "projects"
SERVICE = "service"
# The safety bureau has its own column but stays among "其他部门" too (it handles the appeals
# routed to it like any department), so it is not one of NAMED_DEPARTMENTS.
SAFETY = "safety"
NAMED_DEPARTMENTS = frozenset({ECONOMY, INVESTMENT, PROJECTS, SERVICE})


def _signed_in(user: Someone) -> TypeGuard[User]:
    return isinstance(user, User) and user.is_authenticated and user.is_active


def _department_code(user: Someone) -> str | None:
    if not isinstance(user, User) or user.role != Role.DEPARTMENT_OFFICER:
        return None
    return None if user.department is None else str(user.department.code)


def leads_a_chain(user: Someone) -> bool:
    """Is this account a chain leader (链长)? The registry's fact, cached on the user object."""
    if not isinstance(user, User):
        return False
    cached = vars(user).get("_zoneops_leads_chain")
    if cached is None:
        from django.apps import apps

        chain = apps.get_model("enterprises", "Chain")
        cached = bool(user.pk) and chain.objects.filter(leader_user=user).exists()
        vars(user)["_zoneops_leads_chain"] = cached
    return bool(cached)


@dataclass(frozen=True)
class Holder:
    """A column of the table: a kind of person, recognised by ``test(user)``."""

    key: str
    label: str | Promise
    test: Callable[[Any], bool]


def _role(role: str) -> Callable[[Any], bool]:
    return lambda user: user.role == role


def _department(code: str) -> Callable[[Any], bool]:
    return lambda user: _department_code(user) == code


HOLDERS: tuple[Holder, ...] = (
    Holder("admin", _("系统管理员"), lambda user: user.is_superuser or user.role == Role.ADMIN),
    Holder("leader", _("管委会领导"), _role(Role.ZONE_LEADER)),
    Holder(ECONOMY, _("经济发展局"), _department(ECONOMY)),
    Holder(INVESTMENT, _("招商局"), _department(INVESTMENT)),
    Holder(PROJECTS, _("项目办"), _department(PROJECTS)),
    Holder(SERVICE, _("企业服务中心"), _department(SERVICE)),
    Holder(
        "department",
        _("其他部门"),
        lambda user: (
            user.role == Role.DEPARTMENT_OFFICER and _department_code(user) not in NAMED_DEPARTMENTS
        ),
    ),
    Holder(SAFETY, _("安全生产监督管理局"), _department(SAFETY)),
    Holder("park", _("园区工作人员"), _role(Role.PARK_OFFICER)),
    Holder("grid", _("网格员"), _role(Role.GRID_MEMBER)),
    Holder("task_force", _("专班成员"), _role(Role.TASK_FORCE)),
    # A chain leader (链长) is a person, whatever their role: a leader or a bureau's head.
    Holder("chain_leader", _("链长"), leads_a_chain),
    Holder("enterprise", _("企业用户"), _role(Role.ENTERPRISE)),
    Holder("bank", _("银行用户"), _role(Role.BANK)),
)
HOLDER_BY_KEY = {holder.key: holder for holder in HOLDERS}


class Reach(enum.Enum):
    """On what a holder may take an action (always within what they may see)."""

    ALL = _("可")
    PARK = _("本园区")
    OWN = _("本企业")
    TEAM = _("本专班项目")
    ROUTED = _("交办本部门的")
    CHAIN = _("本产业链")
    ASSIGNED = _("交由本人负责的")
    GRID = _("本网格")


@dataclass(frozen=True)
class Action:
    """A row of the table: an action, the module it belongs to, and who may take it."""

    key: str
    module: str | Promise
    label: str | Promise
    # holder key -> the reach, or the reaches (a park officer: their park, and the projects
    # of task forces they serve on)
    grants: Mapping[str, Reach | tuple[Reach, ...]]

    def reaches(self, holder: str) -> tuple[Reach, ...]:
        grant = self.grants.get(holder)
        if grant is None:
            return ()
        return grant if isinstance(grant, tuple) else (grant,)


ALL, PARK, OWN, TEAM, ROUTED, CHAIN, ASSIGNED, GRID = (
    Reach.ALL,
    Reach.PARK,
    Reach.OWN,
    Reach.TEAM,
    Reach.ROUTED,
    Reach.CHAIN,
    Reach.ASSIGNED,
    Reach.GRID,
)
# Every officer of the administration (全员: registering an appeal taken in, a lead brought in).
_OFFICERS = {
    "admin": ALL,
    "leader": ALL,
    ECONOMY: ALL,
    INVESTMENT: ALL,
    PROJECTS: ALL,
    SERVICE: ALL,
    "department": ALL,
    "park": ALL,
}
# The registry and the enterprise services are kept by the economy office, the enterprise
# service centre and the administrators for the zone, and by the park offices for their park.
_REGISTRY = {"admin": ALL, ECONOMY: ALL, SERVICE: ALL, "park": PARK}
_REVIEWERS = {"admin": ALL, ECONOMY: ALL, "park": PARK}
_SUPPORT_DESK = {"admin": ALL, SERVICE: ALL, ECONOMY: ALL}
_WINDOW = {"admin": ALL, SERVICE: ALL}
# A key project's ledger: 项目办 for all, park officers for their park, and whoever serves on
# the project's task force (专班: a task-force member, or an officer of any department).
_LEDGER: dict[str, Reach | tuple[Reach, ...]] = {
    "admin": ALL,
    PROJECTS: ALL,
    "park": (PARK, TEAM),
    "task_force": TEAM,
    "leader": TEAM,
    ECONOMY: TEAM,
    INVESTMENT: TEAM,
    SERVICE: TEAM,
    "department": TEAM,
}

ACTIONS: tuple[Action, ...] = (
    Action("enterprises.edit", _("企业库"), _("新增、修改企业及其联系人、产业链位置"), _REGISTRY),
    Action("enterprises.import", _("企业库"), _("导入企业名录"), _REGISTRY),
    # The investment bureau registers the company of a project it signed (and only that).
    Action(
        "enterprises.register_signed",
        _("企业库"),
        _("为签约招商项目登记新注册企业"),
        {**_REGISTRY, INVESTMENT: ALL},
    ),
    # 达产达效: a 新增长点's designed output and start, a 龙头企业's year output target.
    Action(
        "enterprises.capacity",
        _("企业库"),
        _("录入新增长点设计年产值与投产日期、龙头企业年度产值目标"),
        {"admin": ALL, ECONOMY: ALL, "park": PARK},
    ),
    # Derived classifications (战新, 高技术, 数字经济核心, the zone's directions): the tables are
    # the economy office's; a partial (*) membership is confirmed by the economy office or by
    # the park office of the enterprise's park.
    Action(
        "enterprises.classify",
        _("产业分类"),
        _("维护产业分类、导入分类表、人工纳入或剔除企业"),
        {"admin": ALL, ECONOMY: ALL},
    ),
    Action(
        "enterprises.classify_review",
        _("产业分类"),
        _("审核部分归属（*）的企业：确认或否定"),
        {"admin": ALL, ECONOMY: ALL, "park": PARK},
    ),
    Action("users.manage", _("用户管理"), _("管理用户与角色"), {"admin": ALL}),
    Action("schedules.run", _("定时任务"), _("查看定时任务的运行，立即运行"), {"admin": ALL}),
    Action("history.read", _("操作记录"), _("查看全区操作记录"), {"admin": ALL, "leader": ALL}),
    # The statutory calendar every working-day clock counts on (appeal limits, deadlines):
    # kept by the enterprise service centre, whose appeals window enters each year's schedule.
    Action("calendar.configure", _("节假日安排"), _("录入、导入法定节假日安排"), _WINDOW),
    Action(
        "monitoring.fill",
        _("经济运行"),
        _("填报、报送月报（代企业填报）"),
        {**_REVIEWERS, "enterprise": OWN},
    ),
    Action(
        "monitoring.review", _("经济运行"), _("审核、退回、更正月报，导入月报与用电"), _REVIEWERS
    ),
    # An alert's owner is the enterprise's 包联干部, who may be any officer.
    Action(
        "monitoring.alerts",
        _("经济运行"),
        _("处理预警"),
        {
            **_REVIEWERS,
            "leader": ASSIGNED,
            INVESTMENT: ASSIGNED,
            PROJECTS: ASSIGNED,
            SERVICE: ASSIGNED,
            "department": ASSIGNED,
        },
    ),
    Action(
        "monitoring.catalogue",
        _("经济运行"),
        _("指标与审核规则、目标、生产计划调查、全省排名、用电推算"),
        {"admin": ALL, ECONOMY: ALL},
    ),
    Action(
        "monitoring.official_shares",
        _("经济运行"),
        _("录入统计局反馈的各产业分类增加值占比"),
        {"admin": ALL, ECONOMY: ALL},
    ),
    Action(
        "monitoring.survey_answer",
        _("经济运行"),
        _("填写生产计划调查"),
        {**_REVIEWERS, "enterprise": OWN},
    ),
    Action(
        "investment.edit",
        _("招商引资"),
        _("记录、推进招商项目，到位资金、工作日志、招商活动"),
        {"admin": ALL, "leader": ALL, INVESTMENT: ALL, "chain_leader": CHAIN},
    ),
    # 全员大招商: any officer registers a lead from their own contacts; 招商局 qualifies it.
    # A task force's members (专班) are officers too.
    Action(
        "investment.lead_register",
        _("招商引资"),
        _("登记招商线索"),
        {**_OFFICERS, "task_force": ALL},
    ),
    Action(
        "investment.lead_review",
        _("招商引资"),
        _("研判、交办全员招商线索"),
        {"admin": ALL, "leader": ALL, INVESTMENT: ALL},
    ),
    Action(
        "investment.targets",
        _("招商引资"),
        _("招商目标与产业链招商专班"),
        {"admin": ALL, "leader": ALL},
    ),
    Action(
        "projects.plan",
        _("重点项目"),
        _("重点项目计划、专班、资金、预警规则"),
        {"admin": ALL, PROJECTS: ALL},
    ),
    Action(
        "projects.ledger",
        _("重点项目"),
        _("项目台账：月度进展、附件、问题"),
        _LEDGER,
    ),
    Action(
        "projects.resolve",
        _("重点项目"),
        _("解决项目问题"),
        {
            **_LEDGER,
            ECONOMY: (TEAM, ROUTED),
            INVESTMENT: (TEAM, ROUTED),
            SERVICE: (TEAM, ROUTED),
            "department": (TEAM, ROUTED),
        },
    ),
    Action(
        "approvals.templates",
        _("项目报建"),
        _("审批流程模板（阶段、事项、时限、要件材料）"),
        {"admin": ALL, PROJECTS: ALL},
    ),
    # A project's approval matrix is kept by whoever keeps its ledger (专班 and 项目办).
    Action(
        "approvals.matrix", _("项目报建"), _("项目审批事项：状态、日期、文号、帮办代办"), _LEDGER
    ),
    # 一窗受理: the window (企业服务中心), the 项目办 and the parks' officers for their park.
    Action(
        "approvals.intake",
        _("项目报建"),
        _("一窗受理报建申请并转办部门"),
        {"admin": ALL, PROJECTS: ALL, SERVICE: ALL, "park": PARK},
    ),
    Action(
        "innovation.edit",
        _("科技创新"),
        _("创新平台与资质认定（高企、科技型、专精特新）"),
        {"admin": ALL, ECONOMY: ALL, SERVICE: ALL, "park": PARK},
    ),
    # A person's ID number is read by those who keep the talent records, and nobody else.
    Action(
        "innovation.talents",
        _("科技创新"),
        _("人才名录（含身份证号）"),
        {"admin": ALL, SERVICE: ALL},
    ),
    Action("support.programs", _("惠企政策"), _("政策库、资金项目与匹配条件"), _SUPPORT_DESK),
    Action("support.decide", _("惠企政策"), _("审批申报、登记拨付"), _SUPPORT_DESK),
    Action(
        "support.serve",
        _("惠企政策"),
        _("为企业登记申报、难点堵点、纳入培育"),
        {**_SUPPORT_DESK, "park": PARK},
    ),
    Action(
        "support.apply",
        _("惠企政策"),
        _("准备、提交资金申报，反映难点堵点"),
        {**_SUPPORT_DESK, "park": PARK, "enterprise": OWN},
    ),
    Action("appeals.file", _("有诉必应"), _("提出、登记诉求"), {**_OFFICERS, "enterprise": OWN}),
    Action(
        "appeals.handle",
        _("有诉必应"),
        _("受理、办理、答复诉求，申请延期"),
        {
            **_WINDOW,
            ECONOMY: ROUTED,
            INVESTMENT: ROUTED,
            PROJECTS: ROUTED,
            "department": ROUTED,
        },
    ),
    Action("appeals.extension_decide", _("有诉必应"), _("审批延期"), {**_WINDOW, "leader": ALL}),
    Action("appeals.rate", _("有诉必应"), _("评价办理结果"), {**_WINDOW, "enterprise": OWN}),
    Action("appeals.configure", _("有诉必应"), _("分办规则、办理时限"), _WINDOW),
    # 金融服务: the finance officer (金融工作) sits in the economy office or the service centre.
    Action(
        "finance.need",
        _("金融服务"),
        _("发布融资需求，授权银行查看"),
        {"admin": ALL, ECONOMY: ALL, SERVICE: ALL, "park": PARK, "enterprise": OWN},
    ),
    Action(
        "finance.route",
        _("金融服务"),
        _("推送需求至银行、审核金融产品、组织银企对接会"),
        {"admin": ALL, ECONOMY: ALL, SERVICE: ALL},
    ),
    # A bank works only what its scope shows it: its own cases on needs granted to it.
    Action(
        "finance.bank",
        _("金融服务"),
        _("抢单、办理贷款对接各环节、登记放款、维护本行产品"),
        {"bank": ALL},
    ),
    # A bank user imports its own bank's ledger only (the importer refuses another bank's rows).
    Action(
        "finance.import",
        _("金融服务"),
        _("导入银行放款台账"),
        {"admin": ALL, ECONOMY: ALL, SERVICE: ALL, "bank": ALL},
    ),
    # 融资协调工作机制: officers (park officers for their park) log visits and tick the 申报清单's
    # five criteria; reviewing an entry and pushing the 推荐清单 is finance.route's.
    Action(
        "finance.coordinate",
        _("金融服务"),
        _("登记走访、核查申报清单五项条件"),
        {"admin": ALL, ECONOMY: ALL, SERVICE: ALL, "park": PARK},
    ),
    # 金融顾问: the finance officer assigns advisors; the advisor's bank and the enterprise's park
    # keep the plan, the log and the problems of the assignments they see.
    Action(
        "finance.advise",
        _("金融服务"),
        _("一企一策：登记服务台账、方案措施、问题清单"),
        {"admin": ALL, ECONOMY: ALL, SERVICE: ALL, "park": PARK, "bank": ALL},
    ),
    Action(
        "finance.listing",
        _("金融服务"),
        _("上市后备企业入库、登记上市进程、提交绿色通道问题"),
        {"admin": ALL, ECONOMY: ALL, SERVICE: ALL, "park": PARK},
    ),
    # Work safety: the safety bureau for the zone, park offices for their park, a grid member
    # (网格员) for the enterprises of their grid; an enterprise checks and rectifies its own.
    Action(
        "safety.configure",
        _("安全生产"),
        _("网格划分、检查表库（导入）"),
        {"admin": ALL, SAFETY: ALL},
    ),
    Action(
        "safety.profile",
        _("安全生产"),
        _("企业安全档案：重点类别、重大危险源、高危作业、负责人"),
        {"admin": ALL, SAFETY: ALL, "park": PARK, "grid": GRID},
    ),
    Action(
        "safety.inspect",
        _("安全生产"),
        _("检查企业、上报隐患（企业自查）"),
        {"admin": ALL, SAFETY: ALL, "park": PARK, "grid": GRID, "enterprise": OWN},
    ),
    Action(
        "safety.supervise",
        _("安全生产"),
        _("责令整改、复查、销号、督办"),
        {"admin": ALL, SAFETY: ALL, "park": PARK},
    ),
    Action(
        "safety.rectify",
        _("安全生产"),
        _("报告整改情况"),
        {"admin": ALL, SAFETY: ALL, "park": PARK, "grid": GRID, "enterprise": OWN},
    ),
    # The risk register and the emergency plans and drills are the enterprise's own duty (it
    # keeps them, the officers may correct them); accidents are filed by the officers.
    Action(
        "safety.risk",
        _("安全生产"),
        _("风险点登记与分级（导入）"),
        {"admin": ALL, SAFETY: ALL, "park": PARK, "enterprise": OWN},
    ),
    Action(
        "safety.emergency",
        _("安全生产"),
        _("应急预案备案、应急演练记录"),
        {"admin": ALL, SAFETY: ALL, "park": PARK, "enterprise": OWN},
    ),
    Action(
        "safety.accident",
        _("安全生产"),
        _("生产安全事故登记"),
        {"admin": ALL, SAFETY: ALL, "park": PARK},
    ),
    # Inspection plans are the bureau's (a park office works them); 开停车和大检修 are
    # recorded by the enterprise itself or its officers.
    Action(
        "safety.plan",
        _("安全生产"),
        _("制定检查计划（含复工复产检查）"),
        {"admin": ALL, SAFETY: ALL},
    ),
    Action(
        "safety.shutdown",
        _("安全生产"),
        _("开停车和大检修登记"),
        {"admin": ALL, SAFETY: ALL, "park": PARK, "enterprise": OWN},
    ),
    # The weekly safety bulletin: the bureau's of the zone, a park office's of its park.
    Action(
        "safety.bulletin",
        _("安全生产"),
        _("安全生产统计与周报（Word、Excel）"),
        {"admin": ALL, SAFETY: ALL, "park": PARK},
    ),
    # The monthly briefing is the economy office's; a park office writes its park's.
    Action(
        "briefing.write",
        _("经济运行简报"),
        _("起草、修改、签发经济运行简报"),
        {"admin": ALL, ECONOMY: ALL, "park": PARK},
    ),
)
ACTION_BY_KEY = {action.key: action for action in ACTIONS}


def holders_of(user: Someone) -> list[Holder]:
    """The table's columns this person falls in (a chain leader is also a leader or officer)."""
    if not _signed_in(user):
        return []
    return [holder for holder in HOLDERS if holder.test(user)]


def reach(user: Someone, action: str) -> set[Reach]:
    """The reaches this person holds for an action: empty means the action is not theirs."""
    if not _signed_in(user):
        return set()
    row = ACTION_BY_KEY[action]
    found = {
        grant
        for key in row.grants
        if key != "chain_leader" and HOLDER_BY_KEY[key].test(user)
        for grant in row.reaches(key)
    }
    # Being a chain leader costs a query; it adds nothing to a person who may act zone-wide.
    if "chain_leader" in row.grants and Reach.ALL not in found and leads_a_chain(user):
        found.update(row.reaches("chain_leader"))
    return found


def may(user: Someone, action: str) -> bool:
    """May this person take this action at all (on something within their reach)?"""
    return bool(reach(user, action))


def may_zone_wide(user: Someone, action: str) -> bool:
    """May this person take the action on anything they see (no own-park/own-item limit)?"""
    return Reach.ALL in reach(user, action)


def may_in_park(user: Someone, action: str, park_id: int | None) -> bool:
    """May this person take the action on something located in this park?"""
    reaches = reach(user, action)
    if Reach.ALL in reaches:
        return True
    return Reach.PARK in reaches and _signed_in(user) and park_id in scope_of(user).parks


def may_for_enterprise(user: Someone, action: str, enterprise: Any) -> bool:
    """May this person take the action on this enterprise's data (its park, or its own user)?"""
    if may_in_park(user, action, enterprise.park_id):
        return True
    return (
        Reach.OWN in reach(user, action)
        and isinstance(user, User)
        and user.enterprise_id is not None
        and user.enterprise_id == enterprise.pk
    )


def matrix() -> list[dict[str, Any]]:
    """The table as the user-management page shows it: per action, one cell per holder."""
    return [
        {
            "action": action,
            "cells": [action.reaches(holder.key) for holder in HOLDERS],
        }
        for action in ACTIONS
    ]


def require(condition: bool) -> None:
    """Refuse an action the user's role does not allow (the object itself is visible)."""
    if not condition:
        raise PermissionDenied


# The registry's questions, asked by the enterprises app, the importers and other apps.
def can_edit_registry(user: Someone) -> bool:
    return may(user, "enterprises.edit")


def can_edit_in_park(user: Someone, park_id: int | None) -> bool:
    """May this user create or change registry data in this park?"""
    return may_in_park(user, "enterprises.edit", park_id)


def can_manage_users(user: Someone) -> bool:
    return may(user, "users.manage")


def can_configure_calendar(user: Someone) -> bool:
    """Enter, import or delete days of the statutory holiday calendar."""
    return may(user, "calendar.configure")


def can_import(user: Someone) -> bool:
    return may(user, "enterprises.import")
