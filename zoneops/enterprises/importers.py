"""Imports of the enterprise registry: the enterprise list and the GB/T 4754-2017 table.

Both run on the shared engine (:mod:`zoneops.core.imports`). Enterprise rows are validated one
by one with :class:`EnterpriseForm`, the form the registry's page uses, and written through the
registry's services, so an import can do nothing a person at the page could not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from zoneops.core.imports import cells
from zoneops.core.imports.engine import CREATE, UNCHANGED, UPDATE, Column, Plan, Row, Spec, Table
from zoneops.core.imports.problems import Problem
from zoneops.core.imports.registry import ImportKind, register
from zoneops.core.models import Park, User
from zoneops.core.permissions import can_edit_in_park, can_import
from zoneops.enterprises import services
from zoneops.enterprises.columns import ENTERPRISE_COLUMNS
from zoneops.enterprises.forms import EnterpriseForm
from zoneops.enterprises.models import (
    Enterprise,
    EnterpriseStatus,
    Industry,
    IndustryLevel,
    Tag,
)

# ---------------------------------------------------------------------------------------------
# Enterprises
# ---------------------------------------------------------------------------------------------

REQUIRED_KEYS = {key for _header, key in ENTERPRISE_COLUMNS[:5]}
# Other names the same columns go by in the files people keep.
ALIASES: dict[str, tuple[str, ...]] = {
    "credit_code": ("社会信用代码", "信用代码", "统一代码"),
    "name": ("单位名称", "单位详细名称", "企业全称"),
    "park": ("所属园区", "园区名称"),
    "industry": ("行业小类代码", "国民经济行业代码", "行业代码（小类）"),
    "is_above_scale": ("规上企业", "是否规模以上", "是否规模以上企业", "规模"),
    "status": ("状态",),
    "service_officer": ("包联干部账号",),
}


def _required_yes_no(value: Any) -> bool:
    # 是否规上 is a required column: a blank cell must not quietly mean 否.
    parsed = cells.yes_no(value)
    if parsed is None:
        raise cells.CellError(_("不能为空，应为“是”或“否”"))
    return parsed


PARSERS: dict[str, Any] = {
    "credit_code": cells.code,
    "is_above_scale": _required_yes_no,
    "above_scale_since": cells.date,
    "established_on": cells.date,
    "tags": cells.names,
}
# 行业名称 is written by the export for people to read; the code is what counts.
IGNORED_KEYS = {"industry_name"}
FORM_FIELDS: tuple[str, ...] = tuple(EnterpriseForm.Meta.fields)
HEADERS = {key: header for header, key in ENTERPRISE_COLUMNS}
# Existing enterprises are fetched this many credit codes at a time (SQLite's variable limit).
PRELOAD_CHUNK = 500
CREATE_DEFAULTS: dict[str, Any] = {"status": EnterpriseStatus.OPERATING, "is_above_scale": False}


def enterprise_columns() -> tuple[Column, ...]:
    """The export's layout, read back by header name (first five required)."""
    return tuple(
        Column(
            header=header,
            key=key,
            aliases=ALIASES.get(key, ()),
            required=key in REQUIRED_KEYS,
            parse=PARSERS.get(key, cells.text),
        )
        for header, key in ENTERPRISE_COLUMNS
        if key not in IGNORED_KEYS
    )


class EnterpriseImportForm(EnterpriseForm):
    """The page's form as the importer uses it, with two differences that change no rule:

    - with no actor (a system import), every park is allowed;
    - the related-object lookups (park, industry, service officer) are remembered across the
      rows of one import, so a file of many rows does not look up the same park every time.
    """

    def __init__(
        self, *args: Any, actor: Any, lookups: dict[str, dict[Any, Any]], **kwargs: Any
    ) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        if actor is None:
            park_field = self.fields["park"]
            assert isinstance(park_field, forms.ModelChoiceField)
            park_field.queryset = Park.objects.all()
        for name in CACHED_LOOKUPS:
            field_ = self.fields[name]
            remembered = _remembered(field_.to_python, lookups.setdefault(name, {}))
            field_.to_python = remembered  # type: ignore[method-assign,assignment]

    def _get_validation_exclusions(self) -> set[str]:  # type: ignore[misc]
        # The choice fields have just found these objects; the model's own existence check
        # would repeat the same query for every row (the services still run it when writing).
        return super()._get_validation_exclusions() | set(CACHED_LOOKUPS)  # type: ignore[misc]

    def clean(self) -> dict[str, Any]:
        if self.actor is None:
            # The system actor may write in any park: skip only the page's park-rights check
            # (EnterpriseForm.clean), keeping the model form's own cleaning.
            return forms.ModelForm.clean(self) or {}
        return super().clean()


CACHED_LOOKUPS = ("park", "industry", "service_officer")


def _remembered(to_python: Callable[[Any], Any], cache: dict[Any, Any]) -> Callable[[Any], Any]:
    """``to_python`` answering repeated values from ``cache`` (refusals are not remembered)."""

    def lookup(value: Any) -> Any:
        if not isinstance(value, (str, int)):
            return to_python(value)
        if value not in cache:
            cache[value] = to_python(value)
        return cache[value]

    return lookup


@dataclass
class EnterpriseContext:
    """Lookups every row needs, loaded once per import."""

    actor: Any
    parks: dict[str, Park]
    park_names: list[str]
    tags: dict[str, Tag]
    statuses: dict[str, str]
    users: dict[str, User | None] = field(default_factory=dict)
    existing: dict[str, Enterprise] = field(default_factory=dict)
    lookups: dict[str, dict[Any, Any]] = field(default_factory=dict)

    @property
    def system(self) -> bool:
        return self.actor is None

    def may_edit(self, park_id: int | None) -> bool:
        return self.system or can_edit_in_park(self.actor, park_id)

    def user(self, username: str) -> User | None:
        if username not in self.users:
            self.users[username] = User.objects.filter(username=username).first()
        return self.users[username]


class EnterpriseSpec(Spec):
    """统一社会信用代码 is the identity: an existing code is updated, a new one created."""

    kind = "enterprises"
    unique_key = "credit_code"

    def __init__(self) -> None:
        self.columns = enterprise_columns()

    def prepare(self, actor: Any) -> EnterpriseContext:
        parks = list(Park.objects.order_by("order", "division_code"))
        editable = [p.name for p in parks if actor is None or can_edit_in_park(actor, p.pk)]
        lookup = {p.name: p for p in parks} | {p.division_code: p for p in parks}
        statuses = {str(label): value for value, label in EnterpriseStatus.choices}
        statuses |= {value: value for value in EnterpriseStatus.values}
        return EnterpriseContext(
            actor=actor,
            parks=lookup,
            park_names=editable,
            tags={t.name: t for t in Tag.objects.all()},
            statuses=statuses,
        )

    def preload(self, rows: list[Row], context: EnterpriseContext) -> None:
        codes = sorted(
            {
                r.values["credit_code"]
                for r in rows
                if r.has("credit_code") and r.values["credit_code"]
            }
        )
        for start in range(0, len(codes), PRELOAD_CHUNK):
            found = Enterprise.objects.filter(credit_code__in=codes[start : start + PRELOAD_CHUNK])
            for enterprise in found.select_related("industry").prefetch_related("tags"):
                context.existing[enterprise.credit_code] = enterprise

    def plan_row(self, row: Row, context: EnterpriseContext) -> list[Plan]:
        code = row.values.get("credit_code") if row.has("credit_code") else None
        existing = context.existing.get(code) if code else None
        if existing is not None and not context.may_edit(existing.park_id):
            row.bad("credit_code", _("该企业已登记在您无权管理的园区，不能修改"))
            return []
        data = _form_data(row, context, existing)
        current = _current_values(existing) if existing else None
        form = EnterpriseImportForm(
            data=data, instance=existing, actor=context.actor, lookups=context.lookups
        )
        if not form.is_valid():
            _report_form_errors(row, form)
        if row.problems:
            return []
        return [_plan(row, form, current, existing)]

    def write(self, plan: Plan, actor: Any, context: EnterpriseContext) -> None:
        fields, tags = plan.data["fields"], plan.data["tags"]
        if plan.action == CREATE:
            services.enterprise_create(
                actor=actor, data=fields, tags=tags, check=not context.system
            )
            return
        # A fresh instance: the one the form validated carries the new values already.
        enterprise = Enterprise.objects.get(pk=plan.data["pk"])
        services.enterprise_update(
            actor=actor, enterprise=enterprise, data=fields, tags=tags, check=not context.system
        )


def _form_data(row: Row, context: EnterpriseContext, existing: Enterprise | None) -> dict[str, Any]:
    """What the form receives: the stored values (or defaults), overlaid with the file's cells."""
    data = _current_values(existing) if existing else dict(CREATE_DEFAULTS)
    data["tags"] = sorted(data.get("tags", ()))
    resolvers: dict[str, Callable[[Row, EnterpriseContext, Any], Any]] = {
        "park": _resolve_park,
        "tags": _resolve_tags,
        "status": _resolve_status,
        "service_officer": _resolve_officer,
    }
    for key in FORM_FIELDS:
        if not row.has(key):
            continue
        value = row.values[key]
        if key in resolvers:
            value = resolvers[key](row, context, value)
            if key in row.failed:
                continue
        if key == "status" and value is None:
            continue  # a blank status keeps what is stored (or the default)
        data[key] = value
    return data


def _resolve_park(row: Row, context: EnterpriseContext, value: str | None) -> int | None:
    if value is None:
        return None
    park = context.parks.get(value)
    if park is None:
        row.bad(
            "park",
            _("园区“%(value)s”不存在，应为：%(names)s")
            % {"value": value, "names": "、".join(context.park_names)},
        )
        return None
    if not context.may_edit(park.pk):
        row.bad(
            "park",
            _("您无权在园区“%(value)s”导入企业，应为：%(names)s")
            % {"value": value, "names": "、".join(context.park_names)},
        )
        return None
    return park.pk


def _resolve_tags(row: Row, context: EnterpriseContext, value: list[str]) -> list[int]:
    unknown = [name for name in value if name not in context.tags]
    if unknown:
        row.bad(
            "tags",
            _("标签“%(value)s”不存在，应为：%(names)s")
            % {"value": "、".join(unknown), "names": "、".join(context.tags)},
        )
        return []
    return sorted({context.tags[name].pk for name in value})


def _resolve_status(row: Row, context: EnterpriseContext, value: str | None) -> str | None:
    if value is None:
        return None
    if value not in context.statuses:
        expected = "、".join(str(label) for _value, label in EnterpriseStatus.choices)
        row.bad(
            "status",
            _("经营状态“%(value)s”不正确，应为：%(names)s") % {"value": value, "names": expected},
        )
        return None
    return context.statuses[value]


def _resolve_officer(row: Row, context: EnterpriseContext, value: str | None) -> int | None:
    if value is None:
        return None
    user = context.user(value)
    if user is None:
        row.bad(
            "service_officer", _("用户“%(value)s”不存在，应为包联干部的登录账号") % {"value": value}
        )
        return None
    return user.pk


def _current_values(enterprise: Enterprise) -> dict[str, Any]:
    """The stored values in the form's terms (related objects as keys, tags as a set of ids)."""
    values: dict[str, Any] = {}
    for name in FORM_FIELDS:
        if name == "tags":
            values[name] = {tag.pk for tag in enterprise.tags.all()}
        elif name == "industry":
            values[name] = enterprise.industry.code
        else:
            # Foreign keys by id (park_id), as the form's choice fields take them.
            attname = getattr(Enterprise._meta.get_field(name), "attname", name)
            values[name] = getattr(enterprise, attname)
    return values


def _report_form_errors(row: Row, form: EnterpriseForm) -> None:
    """Each form error on the cell of its column; errors of fields the file lacks on the row."""
    for name, errors in form.errors.items():
        message = "；".join(str(e) for e in errors)
        if name in row.table.positions:
            row.bad(name, message)
        elif name in HEADERS:
            row.bad(None, f"{HEADERS[name]}：{message}")
        else:
            row.bad(None, message)


def _comparable(name: str, value: Any) -> Any:
    if name == "tags":
        return {getattr(item, "pk", item) for item in value or ()}
    if name == "industry" and isinstance(value, Industry):
        return value.code
    if isinstance(value, Model):
        return value.pk
    return value


def _plan(
    row: Row, form: EnterpriseForm, current: dict[str, Any] | None, existing: Enterprise | None
) -> Plan:
    cleaned = form.cleaned_data
    fields = form.service_data()
    # Tags are set only when the file has the column: a file without it leaves them alone.
    tags = list(cleaned.get("tags") or []) if "tags" in row.table.positions else None
    if not fields.get("is_above_scale"):
        fields["above_scale_since"] = None
    label = str(fields.get("name") or "")
    code = str(fields.get("credit_code") or "")
    if current is None or existing is None:
        return Plan(row.number, CREATE, code, label, {"fields": fields, "tags": tags})
    compared = {**fields, **({"tags": tags} if tags is not None else {})}
    changes = tuple(
        HEADERS.get(name, name)
        for name, value in compared.items()
        if _comparable(name, value) != _comparable(name, current.get(name))
    )
    action = UPDATE if changes else UNCHANGED
    return Plan(
        row.number,
        action,
        code,
        label,
        {"fields": fields, "tags": tags, "pk": existing.pk},
        changes,
    )


# ---------------------------------------------------------------------------------------------
# Industries (GB/T 4754-2017)
# ---------------------------------------------------------------------------------------------

LEVEL_KEYS: dict[str, IndustryLevel] = {
    "section": IndustryLevel.SECTION,
    "division": IndustryLevel.DIVISION,
    "group": IndustryLevel.GROUP,
    "class": IndustryLevel.CLASS,
}
LEVEL_WIDTHS = {IndustryLevel.DIVISION: 2, IndustryLevel.GROUP: 3, IndustryLevel.CLASS: 4}


def _codes(level: IndustryLevel) -> Any:
    """A parser for one level's cell, which may hold several codes ("277 278")."""

    def parse(value: Any) -> list[str]:
        shown = cells.text(value)
        if shown is None:
            return []
        if level == IndustryLevel.SECTION:
            parts = shown.upper().split()
            if not all(len(p) == 1 and "A" <= p <= "Z" for p in parts):
                raise cells.CellError(
                    _("门类代码应为一个字母（A–T），而不是“%(value)s”") % {"value": shown}
                )
            return parts
        return [cells.digits(part, LEVEL_WIDTHS[level]) or "" for part in shown.split()]

    return parse


def _names(value: Any) -> list[str]:
    shown = cells.text(value)
    return shown.split() if shown else []


@dataclass
class IndustryContext:
    """What the table already holds (code → entry) and the 门类 the rows are currently under."""

    stored: dict[str, Industry]
    section: str | None = None


class IndustrySpec(Spec):
    """The official table: one column per level, the name in the column after 小类."""

    kind = "industries"
    columns = (
        Column("门类", "section", parse=_codes(IndustryLevel.SECTION)),
        Column("大类", "division", parse=_codes(IndustryLevel.DIVISION)),
        Column("中类", "group", parse=_codes(IndustryLevel.GROUP)),
        Column("小类", "class", parse=_codes(IndustryLevel.CLASS)),
        Column("类别名称", "name", aliases=("名称", "行业名称"), required=False, parse=_names),
    )

    def bind(self, table: Table) -> list[Problem]:
        # The official file leaves the name column's header empty: it is the one after 小类.
        if "name" not in table.positions:
            table.positions["name"] = max(table.positions.values()) + 1
            table.headers["name"] = _("类别名称")
        return []

    def prepare(self, actor: Any) -> IndustryContext:
        return IndustryContext(
            stored={i.code: i for i in Industry.objects.select_related("parent")}
        )

    def plan_row(self, row: Row, context: IndustryContext) -> list[Plan]:
        entries = _row_entries(row)
        plans = []
        for key, code, name in entries:
            level = LEVEL_KEYS[key]
            if level == IndustryLevel.SECTION:
                context.section = code
            parent = _parent_code(level, code, context)
            if parent is None and level != IndustryLevel.SECTION:
                row.bad(key, _("大类“%(code)s”之前没有门类行，无法确定其门类") % {"code": code})
                continue
            plans.append(_industry_plan(row.number, key, code, name, parent, context))
        return plans

    def check_plans(
        self, plans: list[Plan], table: Table, context: IndustryContext
    ) -> list[Problem]:
        return _industry_checks(plans, table, context)

    def order(self, plans: list[Plan]) -> list[Plan]:
        return sorted(plans, key=lambda plan: plan.data["level"])

    def write(self, plan: Plan, actor: Any, context: IndustryContext) -> None:
        data = plan.data
        parent = context.stored.get(data["parent"]) if data["parent"] else None
        industry, _created = Industry.objects.update_or_create(
            code=data["code"],
            defaults={"name": data["name"], "level": data["level"], "parent": parent},
        )
        context.stored[industry.code] = industry

    def details(self, plans: list[Plan], context: IndustryContext) -> dict[str, Any]:
        counts = Counter(plan.data["level"] for plan in plans)
        return {"levels": {str(level.label): counts.get(level.value, 0) for level in IndustryLevel}}


def _row_entries(row: Row) -> list[tuple[str, str, str]]:
    """(level key, code, name) for each entry a row of the official table holds.

    Usually one code and one name. Where a 中类 has a single 小类, both codes share the row and
    the name. Some rows hold two entries: "277 278" / "2770 2780" with two names (two such
    pairs), "727" / "7271" with two names (a 中类 and its first 小类), "8052 8053" with two names.
    """
    if row.problems:
        return []  # a code cell that did not parse already says what is wrong
    present = [key for key in LEVEL_KEYS if row.values.get(key)]
    names = row.values.get("name") or []
    if not present:
        row.bad(None, _("该行没有行业代码"))
        return []
    if not names:
        row.bad("name", _("缺少类别名称"))
        return []
    if present == ["group", "class"]:
        return _shared_row(row, row.values["group"], row.values["class"], names)
    if len(present) > 1:
        row.bad(None, _("一行应只有一个层级的代码（中类与其小类同行除外）"))
        return []
    key = present[0]
    codes = row.values[key]
    if len(codes) == 1:
        return [(key, codes[0], " ".join(names))]
    if len(codes) == len(names):
        return [(key, code, name) for code, name in zip(codes, names, strict=True)]
    row.bad(
        "name",
        _("该行有%(codes)d个代码，但有%(names)d个名称")
        % {"codes": len(codes), "names": len(names)},
    )
    return []


def _shared_row(
    row: Row, groups: list[str], classes: list[str], names: list[str]
) -> list[tuple[str, str, str]]:
    if any(not c.startswith(g) for g, c in zip(groups, classes, strict=False)) or len(
        groups
    ) != len(classes):
        row.bad("class", _("小类代码应以同一行的中类代码开头"))
        return []
    if len(names) == len(groups):
        # Each 中类 has a single 小类 that carries the same name.
        return [
            e
            for g, c, n in zip(groups, classes, names, strict=True)
            for e in (("group", g, n), ("class", c, n))
        ]
    if len(groups) == 1 and len(names) == 2:
        return [("group", groups[0], names[0]), ("class", classes[0], names[1])]
    row.bad("name", _("名称的个数与代码不符：应为每个代码一个名称，或中类与小类共用一个名称"))
    return []


def _parent_code(level: IndustryLevel, code: str, context: IndustryContext) -> str | None:
    if level == IndustryLevel.SECTION:
        return None
    if level == IndustryLevel.DIVISION:
        if context.section is None and code in context.stored and context.stored[code].parent:
            # A copy without 门类 rows: the 大类 keeps the 门类 the platform ships for it.
            return context.stored[code].parent.code  # type: ignore[union-attr]
        return context.section
    # A 中类 or 小类's parent is its prefix one level up.
    return code[: LEVEL_WIDTHS[IndustryLevel(level - 1)]]


def _industry_plan(
    number: int, key: str, code: str, name: str, parent: str | None, context: IndustryContext
) -> Plan:
    level = LEVEL_KEYS[key]
    data = {"code": code, "name": name, "level": int(level), "parent": parent, "column": key}
    stored = context.stored.get(code)
    if stored is None:
        return Plan(number, CREATE, code, name, data)
    stored_parent = stored.parent.code if stored.parent else None
    changes = tuple(
        str(label)
        for label, old, new in (
            (_lazy("名称"), stored.name, name),
            (_lazy("层级"), stored.level, int(level)),
            (_lazy("上级"), stored_parent, parent),
        )
        if old != new
    )
    return Plan(number, UPDATE if changes else UNCHANGED, code, name, data, changes)


def _industry_checks(plans: list[Plan], table: Table, context: IndustryContext) -> list[Problem]:
    """Each code once; each parent in the file or already in the table."""
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for plan in plans:
        code, column = plan.data["code"], plan.data["column"]
        if code in first:
            problems.append(
                table.problem(
                    plan.row,
                    column,
                    _("代码“%(code)s”与第%(first)d行重复") % {"code": code, "first": first[code]},
                )
            )
            continue
        first[code] = plan.row
    for plan in plans:
        parent = plan.data["parent"]
        if parent and parent not in first and parent not in context.stored:
            message = _("上级代码“%(parent)s”不存在：表中没有它，平台中也没有") % {"parent": parent}
            problems.append(table.problem(plan.row, plan.data["column"], message))
    return problems


def _is_platform_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_platform_admin


register(
    ImportKind(
        key="enterprises",
        label=_lazy("企业名录"),
        spec=EnterpriseSpec,
        allowed=can_import,
        description=_lazy(
            "按统一社会信用代码匹配：已有的企业更新，新的企业登记。导出的企业库文件可直接导入。"
        ),
    )
)
register(
    ImportKind(
        key="industries",
        label=_lazy("国民经济行业分类（GB/T 4754-2017）"),
        spec=IndustrySpec,
        allowed=_is_platform_admin,
        description=_lazy("国家统计局发布的行业分类表原样导入：每个层级一列，名称在小类之后一列。"),
    )
)
