"""The enterprise list: the export's layout read back by header name.

统一社会信用代码 is the identity: an existing code is updated, a new one created. Each row is
validated with :class:`EnterpriseForm`, the form the registry's page uses, and written through
the registry's services, so an import can do nothing a person at the page could not, and an
unchanged row writes nothing (and no history).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db.models import Model
from django.utils.translation import gettext as _

from zoneops.core.imports import cells
from zoneops.core.imports.engine import CREATE, UNCHANGED, UPDATE, Column, Plan, Row, Spec
from zoneops.core.models import Park, User
from zoneops.core.permissions import can_edit_in_park
from zoneops.enterprises import services
from zoneops.enterprises.columns import ENTERPRISE_COLUMNS
from zoneops.enterprises.forms import EnterpriseForm
from zoneops.enterprises.models import Enterprise, EnterpriseStatus, Industry, Tag

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
        self, *args: Any, actor: User | None, lookups: dict[str, dict[Any, Any]], **kwargs: Any
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

    def _get_validation_exclusions(self) -> set[str]:
        # The choice fields have just found these objects; the model's own existence check
        # would repeat the same query for every row (the services still run it when writing).
        excluded: set[str] = super()._get_validation_exclusions()  # type: ignore[misc]
        return excluded | set(CACHED_LOOKUPS)

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

    actor: User | None
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

    def prepare(self, actor: User | None) -> EnterpriseContext:
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

    def write(self, plan: Plan, actor: User | None, context: EnterpriseContext) -> None:
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
