"""Import of risk registers (kind ``safety_risks``): one risk point a row — 统一社会信用代码,
风险点编号, 场所/部位, 单元/设备设施, 主要风险因素, 事故类型, 评价方法, L, E, C, 风险等级,
管控措施, 管控层级, 责任人 — any number of enterprises in one sheet.

A risk point is known by its enterprise and 编号, so a second import of the same file changes
nothing. With LEC (L, E and C given) the colour follows from D = L × E × C; a 风险等级 written
beside them must agree. Each row is written through ``services.risk_point_save``, so the
enterprise's colour follows its register. An enterprise outside the importer's reach is
refused on its row.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zoneops.core.imports import cells
from zoneops.core.imports.engine import CREATE, UNCHANGED, UPDATE, Column, Plan, Row, Spec
from zoneops.core.imports.registry import ImportKind, register
from zoneops.core.permissions import may
from zoneops.safety import queries, services
from zoneops.safety.models import (
    AccidentType,
    ControlLevel,
    Method,
    RiskColour,
    RiskPoint,
)
from zoneops.safety.permissions import may_act

COLUMNS = (
    Column("统一社会信用代码", "credit_code", aliases=("社会信用代码", "信用代码"),
           parse=cells.code),
    Column("风险点编号", "code", aliases=("编号", "风险编号")),
    Column("场所/部位", "place", aliases=("场所", "部位", "车间/场所", "风险点名称")),
    Column("单元/设备设施", "unit", aliases=("单元", "设备设施", "系统"), required=False),
    Column("主要风险因素", "factors", aliases=("风险因素", "危险有害因素")),
    Column("事故类型", "accident_type", aliases=("可能导致的事故类型", "易导致的事故类型")),
    Column("评价方法", "method", aliases=("辨识评价方法",), required=False),
    Column("L", "lec_l", aliases=("L值", "可能性"), required=False, parse=cells.decimal),
    Column("E", "lec_e", aliases=("E值", "暴露频繁程度"), required=False, parse=cells.decimal),
    Column("C", "lec_c", aliases=("C值", "后果"), required=False, parse=cells.decimal),
    Column("风险等级", "level", aliases=("风险级别", "等级"), required=False),
    Column("管控措施", "controls", aliases=("主要管控措施", "控制措施")),
    Column("管控层级", "control_level", aliases=("管控级别",)),
    Column("责任人", "responsible", aliases=("管控责任人",)),
)  # fmt: skip
HEADERS = {column.key: column.header for column in COLUMNS}
# How registers write the colour and the level.
LEVEL_ALIASES = {
    **{word: RiskColour.RED for word in ("红", "红色", "重大", "重大风险")},
    **{word: RiskColour.ORANGE for word in ("橙", "橙色", "较大", "较大风险")},
    **{word: RiskColour.YELLOW for word in ("黄", "黄色", "一般", "一般风险")},
    **{word: RiskColour.BLUE for word in ("蓝", "蓝色", "低", "低风险")},
}
CONTROL_ALIASES = {"公司": "company", "厂级": "company", "车间": "workshop", "部门级": "workshop",
                   "班组": "team", "岗位": "post"}  # fmt: skip
METHOD_ALIASES = {"LEC": "lec", "lec": "lec", "作业条件危险性分析法": "lec", "风险矩阵": "matrix",
                  "LS": "matrix", "直接": "direct"}  # fmt: skip
TEXTS = ("code", "place", "unit", "factors", "controls", "responsible")
COMPARED = (*TEXTS, "accident_type", "method", "lec_l", "lec_e", "lec_c", "level",
            "control_level")  # fmt: skip
CHOICES = (
    ("accident_type", AccidentType.choices, {"其它伤害": "other", "其它爆炸": "explosion"}),
    ("control_level", ControlLevel.choices, CONTROL_ALIASES),
    ("method", Method.choices, METHOD_ALIASES),
    ("level", RiskColour.choices, LEVEL_ALIASES),
)


def allowed(user: Any) -> bool:
    return may(user, "safety.risk")


class RiskSpec(Spec):
    kind = "safety_risks"
    columns = COLUMNS

    def prepare(self, actor: Any) -> dict[str, Any]:
        firms = {e.credit_code: e for e in queries.enterprises(user=actor)}
        stored = {
            (p.enterprise_id, p.code): p
            for p in RiskPoint.objects.filter(enterprise__in=list(firms.values()))
        }
        return {"firms": firms, "stored": stored, "seen": {}, "actor": actor}

    def plan_row(self, row: Row, context: dict[str, Any]) -> list[Plan]:
        values = row.values
        data: dict[str, Any] = {key: (values.get(key) or "").strip() for key in TEXTS}
        for key, choices, aliases in CHOICES:
            value = values.get(key)
            data[key] = ""
            if row.has(key) and value:
                try:
                    data[key] = cells.choice(value, choices, aliases)
                except cells.CellError as exc:
                    row.bad(key, str(exc))
        for key in ("lec_l", "lec_e", "lec_c"):
            data[key] = values.get(key) if row.has(key) else None
        given = [data[k] is not None for k in ("lec_l", "lec_e", "lec_c")]
        if not data["method"]:
            data["method"] = Method.LEC if any(given) else Method.DIRECT
        if data["method"] != Method.LEC and not data["level"] and "level" not in row.failed:
            row.bad("level", _("未按LEC评价时须填写风险等级（红/橙/黄/蓝）"))
        code = values.get("credit_code")
        enterprise = context["firms"].get(code) if code else None
        if not code and "credit_code" not in row.failed:
            row.bad("credit_code", _("不能为空"))
        elif code and enterprise is None:
            row.bad("credit_code", _("找不到该企业，或不在您的管理范围内"))
        elif enterprise is not None and not may_act(context["actor"], "safety.risk", enterprise):
            row.bad("credit_code", _("您无权登记该企业的风险点"))
        if row.problems or enterprise is None:
            return []
        candidate = RiskPoint(enterprise=enterprise, **data)
        try:
            candidate.full_clean(
                exclude=["enterprise"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                row.bad(name if name in HEADERS else None, "；".join(errors))
            return []
        point_key = (enterprise.pk, data["code"])
        if point_key in context["seen"]:
            row.bad("code", _("与第%(row)d行是同一风险点") % {"row": context["seen"][point_key]})
            return []
        context["seen"][point_key] = row.number
        stored = context["stored"].get(point_key)
        changes = tuple(
            HEADERS[name]
            for name in COMPARED
            if stored is None or getattr(stored, name) != getattr(candidate, name)
        )
        action = CREATE if stored is None else (UPDATE if changes else UNCHANGED)
        if data["method"] == Method.LEC:
            data["level"] = candidate.level
        return [
            Plan(
                row=row.number,
                action=action,
                key=f"{enterprise.credit_code} {data['code']}",
                label=f"{enterprise.name} {data['place']}"[:60],
                data={"enterprise": enterprise, "point": data},
                changes=changes if action == UPDATE else (),
            )
        ]

    def write(self, plan: Plan, actor: Any, context: Any) -> None:
        services.risk_point_save(
            actor=actor, enterprise=plan.data["enterprise"], data=plan.data["point"]
        )


register(
    ImportKind(
        key="safety_risks",
        label=gettext_lazy("风险分级管控清单"),
        spec=RiskSpec,
        allowed=allowed,
        description=gettext_lazy(
            "风险点清单：每行一个风险点，列为 统一社会信用代码、风险点编号、场所/部位、"
            "单元/设备设施、主要风险因素、事故类型、评价方法（LEC法/直接判定/风险矩阵法，可空）、L、E、C（采用LEC法时"
            "填写，风险等级按 D=L×E×C 确定：D≥320 红，160≤D<320 橙，70≤D<160 黄，D<70 蓝）、"
            "风险等级（红/橙/黄/蓝）、管控措施、管控层级（公司/车间/班组/岗位）、责任人。"
            "同一企业按风险点编号认定同一风险点。"
        ),
    )
)
