"""Key projects' funding sources (资金来源) read back from the plan export's second sheet.

One source a row: 计划年度 + 项目名称 name the project (without 计划年度, the name alone, when
only one year's plan has it); 资金类别 + 年度 + 批次 name the source within it. A known source
is updated, a new one added; sources the file does not list are left as they are. Each row is
checked by the funding form of the project's page (``FundingForm``, amounts in 万元) and by the
model's own rules (到位 not above 批复), and written by ``services.funding_save``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zoneops.core.imports import cells
from zoneops.core.imports.engine import CREATE, UNCHANGED, UPDATE, Column, Plan, Row, Spec
from zoneops.projects import services
from zoneops.projects.columns import FUNDING_HEADERS
from zoneops.projects.forms import FundingForm
from zoneops.projects.models import FundingKind, FundingSource, KeyProject

AMOUNTS = ("requested", "approved", "disbursed")
# The export's headers (FUNDING_HEADERS), by the form's field; 到位率 is derived and not read.
COLUMNS = (
    Column(FUNDING_HEADERS[0], "plan_year", required=False, parse=cells.decimal),
    Column(FUNDING_HEADERS[1], "project", aliases=("项目",)),
    Column(FUNDING_HEADERS[2], "kind", aliases=("资金类型", "资金来源")),
    Column(FUNDING_HEADERS[3], "year", aliases=("资金年度", "下达年度"), parse=cells.decimal),
    Column(FUNDING_HEADERS[4], "batch", required=False),
    Column(FUNDING_HEADERS[5], "requested", aliases=("申请（万元）",), required=False),
    Column(FUNDING_HEADERS[6], "approved", aliases=("批复（万元）",), required=False),
    Column(FUNDING_HEADERS[7], "disbursed", aliases=("到位（万元）",), required=False),
)
FORM_FIELDS = ("kind", "year", "batch", *AMOUNTS)
HEADERS = {column.key: column.header for column in COLUMNS}


class FundingSpec(Spec):
    kind = "key_project_funding"
    columns = COLUMNS

    def prepare(self, actor: Any) -> dict[str, Any]:
        projects = list(KeyProject.objects.prefetch_related("funding"))
        by_name: dict[str, list[KeyProject]] = defaultdict(list)
        for project in projects:
            by_name[project.name].append(project)
        return {
            "by_year": {(p.year, p.name): p for p in projects},
            "by_name": by_name,
            "seen": {},
        }

    def plan_row(self, row: Row, context: dict[str, Any]) -> list[Plan]:
        project = _project(row, context)
        data = {key: row.values.get(key) for key in FORM_FIELDS if row.has(key)}
        if kind := data.get("kind"):
            try:
                data["kind"] = cells.choice(kind, FundingKind.choices)
            except cells.CellError as exc:
                row.bad("kind", str(exc))
        if row.problems or project is None:
            return []
        form = FundingForm(data={k: "" if v is None else v for k, v in data.items()})
        if not form.is_valid():
            for field, errors in form.errors.items():
                row.bad(field if row.has(field) else None, "；".join(str(e) for e in errors))
            return []
        cleaned = form.service_data()
        key = (project.pk, cleaned["kind"], cleaned["year"], cleaned["batch"])
        if key in context["seen"]:
            row.bad("batch", _("与第%(row)d行是同一笔资金") % {"row": context["seen"][key]})
            return []
        context["seen"][key] = row.number
        stored = next(
            (
                f
                for f in project.funding.all()
                if (f.kind, f.year, f.batch) == (cleaned["kind"], cleaned["year"], cleaned["batch"])
            ),
            None,
        )
        # Amounts the file leaves out keep what is stored.
        for name in AMOUNTS:
            if not row.has(name) and stored is not None:
                cleaned[name] = getattr(stored, name)
        try:  # the model's own rules, as the service will apply them
            FundingSource(project=project, **cleaned).full_clean(exclude=["project"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                row.bad(field if row.has(field) else None, "；".join(messages))
            return []
        changes = tuple(
            HEADERS[name]
            for name in AMOUNTS
            if stored is not None and getattr(stored, name) != cleaned[name]
        )
        action = CREATE if stored is None else (UPDATE if changes else UNCHANGED)
        label = f"{project.name} · {FundingKind(cleaned['kind']).label} {cleaned['year']}"
        return [
            Plan(
                row=row.number,
                action=action,
                key=f"{project.year} {project.name}",
                label=f"{label} {cleaned['batch']}".strip(),
                data={"project": project, "funding": stored, "data": cleaned},
                changes=changes,
            )
        ]

    def write(self, plan: Plan, actor: Any, context: Any) -> None:
        services.funding_save(
            actor=actor,
            project=plan.data["project"],
            data=plan.data["data"],
            funding=plan.data["funding"],
            check=actor is not None,
        )


def _project(row: Row, context: dict[str, Any]) -> KeyProject | None:
    """The row's project, or None with a problem on the name (or plan year) cell."""
    if not row.has("project"):
        return None
    name = row.values.get("project")
    if not name:
        row.bad("project", _("不能为空，应为重点项目计划中的项目名称"))
        return None
    year = row.values.get("plan_year") if row.has("plan_year") else None
    if year is not None:
        if year != int(year):
            row.bad("plan_year", _("应为年份，如 2024"))
            return None
        project: KeyProject | None = context["by_year"].get((int(year), name))
        if project is None:
            row.bad(
                "project",
                _("%(year)d年重点项目计划中没有“%(name)s”") % {"year": int(year), "name": name},
            )
        return project
    found: list[KeyProject] = context["by_name"].get(name, [])
    if len(found) == 1:
        return found[0]
    if not found:
        row.bad("project", _("重点项目计划中没有“%(name)s”") % {"name": name})
    else:
        years = "、".join(str(p.year) for p in sorted(found, key=lambda p: p.year))
        row.bad(
            "project",
            _("“%(name)s”在%(years)s年的计划中都有，请填写计划年度")
            % {"name": name, "years": years},
        )
    return None
