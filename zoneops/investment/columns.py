"""The columns of the investment ledgers as exported to Excel (money in 万元, as ledgers do)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from zoneops.core import units
from zoneops.investment.models import EventProject, FundArrival, Project, WorkLog


def wan(value: Decimal | None) -> Decimal | None:
    return units.to_display(value, "万元", 2) if value is not None else None


PROJECT_HEADERS = [
    "项目名称",
    "投资方",
    "投资方所在地",
    "资金来源地",
    "产业链",
    "产业链环节",
    "行业代码",
    "行业",
    "拟落地园区",
    "建设内容",
    "总投资（万元）",
    "预计年产值（万元）",
    "预计年税收（万元）",
    "用地需求（亩）",
    "厂房需求（平方米）",
    "年用电需求（万千瓦时）",
    "融资需求（万元）",
    "其他要素需求",
    "招商方式",
    "首谈人",
    "跟进人",
    "链长",
    "交办领导",
    "获取线索日期",
    "阶段",
    "签约日期",
    "签约金额（万元）",
    "计划开工日期",
    "开工日期",
    "投产日期",
    "终止日期",
    "终止原因",
    "到位资金（万元）",
    "注册企业",
]


def project_row(p: Project) -> list[Any]:
    return [
        p.name,
        p.investor,
        p.investor_region,
        p.get_origin_display(),
        p.chain.name if p.chain else "",
        p.chain_node.name if p.chain_node else "",
        p.industry.code if p.industry else "",
        p.industry.name if p.industry else "",
        p.park.name if p.park else "",
        p.content,
        wan(p.total_investment),
        wan(p.expected_output),
        wan(p.expected_tax),
        p.land_area,
        p.building_area,
        units.to_display(p.annual_power, "万千瓦时", 2) if p.annual_power is not None else None,
        wan(p.financing_need),
        p.other_needs,
        p.get_method_display(),
        str(p.first_contact) if p.first_contact else "",
        str(p.follow_up) if p.follow_up else "",
        p.chain_leader,
        p.assigned_by,
        p.lead_on,
        p.get_stage_display(),
        p.signed_on,
        wan(p.signed_amount),
        p.planned_start,
        p.started_on,
        p.producing_on,
        p.dropped_on,
        p.drop_reason,
        wan(getattr(p, "arrived", None)),
        p.enterprise.name if p.enterprise else "",
    ]


ARRIVAL_HEADERS = ["月份", "项目名称", "产业链", "园区", "资金来源地", "到位金额（万元）", "说明"]


def arrival_row(a: FundArrival) -> list[Any]:
    return [
        f"{a.month:%Y-%m}",
        a.project.name,
        a.project.chain.name if a.project.chain else "",
        a.project.park.name if a.project.park else "",
        a.get_origin_display(),
        wan(a.amount),
        a.note,
    ]


WORKLOG_HEADERS = ["日期", "结束日期", "类型", "地点", "参加人员", "对接对象", "成效", "涉及项目"]


def worklog_row(w: WorkLog) -> list[Any]:
    people = [str(u) for u in w.participants.all()]
    if w.other_participants:
        people.append(w.other_participants)
    return [
        w.on,
        w.until,
        w.get_kind_display(),
        w.place,
        "、".join(people),
        w.counterpart,
        w.outcome,
        "、".join(p.name for p in w.projects.all()),
    ]


EVENT_HEADERS = ["日期", "类型", "名称", "地点", "参加人员", "项目", "方式", "金额（万元）"]


def event_rows(event: Any) -> list[list[Any]]:
    """One row per project line (or one row for an event without visible projects)."""
    head = [event.on, event.get_kind_display(), event.title, event.place, event.participants]
    lines: list[EventProject] = event.visible_lines
    if not lines:
        return [[*head, "", "", None]]
    return [[*head, line.project.name, line.get_role_display(), wan(line.amount)] for line in lines]


TARGET_HEADERS = [
    "期间",
    "范围",
    "目标项目数（个）",
    "已签约（个）",
    "目标金额（亿元）",
    "已签约（亿元）",
    "时间进度（%）",
    "项目数缺口",
    "金额缺口",
    "与时间进度比",
]


def target_row(progress: Any) -> list[Any]:
    return [
        progress.period.label,
        progress.where,
        progress.target.project_count,
        progress.count,
        units.to_display(progress.target.amount, "亿元", 2),
        units.to_display(progress.amount, "亿元", 2),
        round(progress.elapsed, 1),
        progress.count_words,
        progress.amount_words,
        progress.pace_words[0],
    ]


CHAIN_HEADERS = [
    "产业链",
    "链长",
    "链长职务",
    "招商专员",
    "线索",
    "在谈",
    "签约",
    "开工",
    "投产",
    "终止",
    "签约金额（万元）",
    "缺失环节",
]


def chain_row(row: dict[str, Any]) -> list[Any]:
    chain = row["chain"]
    team = "、".join(str(t.officer) + ("（牵头）" if t.is_head else "") for t in row["team"])
    return [
        chain.name,
        chain.leader_name,
        chain.leader_title,
        team,
        *row["stages"],
        row["dropped"],
        wan(row["signed"]),
        row["empty_nodes"],
    ]
