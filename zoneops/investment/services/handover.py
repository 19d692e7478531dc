"""The hand-over of a signed project onto the key-project plan (列入重点项目).

The direction is investment → projects: this module builds the key project through
``projects.services`` from what the project already knows, and keeps the link on the investment
project (``Project.key_project``). The projects app knows no investment project; its page learns
where a key project came from through the origin source registered in ``apps.py``
(:func:`zoneops.investment.queries.key_project_origin`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zoneops.core.history import record, snapshot, snapshot_stored
from zoneops.core.models import ChangeRecord, User
from zoneops.core.permissions import require
from zoneops.investment.models import SIGNED_OR_LATER, Project
from zoneops.investment.permissions import can_edit_projects
from zoneops.projects import public as plan
from zoneops.projects.public import KeyProject


@dataclass(frozen=True)
class KeyProjectSeed:
    """What a signed project hands to the key-project plan (重点项目) when it becomes one.

    The projects app builds its KeyProject from this (``projects.services`` decides the
    category, level and plan year); nothing here is typed twice.
    """

    project_id: int
    name: str
    owner: str  # the investor, or the registered enterprise once there is one
    enterprise_id: int | None
    park_id: int | None
    chain_id: int | None
    industry_code: str  # 大类 (two digits) of the project's industry
    total_investment: Decimal  # 元
    signed_amount: Decimal | None  # 元
    planned_start: dt.date | None
    content: str


def key_project_seed(project: Project) -> KeyProjectSeed:
    """The figures of a signed project for its key-project record (see docs/investment.md)."""
    if project.stage not in SIGNED_OR_LATER:
        raise ValidationError(_("项目签约后才能列为重点项目"))
    return KeyProjectSeed(
        project_id=project.pk,
        name=project.name,
        owner=project.enterprise.name if project.enterprise else project.investor,
        enterprise_id=project.enterprise_id,
        park_id=project.park_id,
        chain_id=project.chain_id,
        industry_code=project.industry.code[:2] if project.industry else "",
        total_investment=project.total_investment,
        signed_amount=project.signed_amount,
        planned_start=project.planned_start,
        content=project.content,
    )


@transaction.atomic
def key_project_from_investment(
    *, actor: User, project: Project, year: int, category: str, level: str
) -> KeyProject:
    """A signed investment project put on the year's key-project plan, its figures carried
    over (name, owner, park, industry, total investment, planned start, content) so nothing
    is typed twice; the investment project keeps the link to the key project it became.

    Whoever works the investment project (:func:`can_edit_projects`: the investment bureau on
    its projects, chain leaders, the zone's leaders) hands it over; the project office (项目办)
    then runs it like any other key project.
    """
    require(can_edit_projects(actor))
    seed = key_project_seed(project)  # refuses a project that is not signed
    # Locks the project's row first, so two hand-overs at once make one key project.
    before = snapshot_stored(project)
    if Project.objects.filter(pk=project.pk, key_project__isnull=False).exists():
        raise ValidationError(_("该招商项目已列入重点项目计划"))
    if project.park is None:
        raise ValidationError(_("请先确定项目的落地园区，再列入重点项目计划"))
    key = plan.key_project_create(
        actor,
        name=seed.name,
        year=year,
        category=category,
        level=level,
        park=project.park,
        owner_enterprise=project.enterprise,
        owner_name=seed.owner,
        industry=project.industry,
        total_investment=seed.total_investment,
        planned_start=seed.planned_start,
        content=seed.content,
        check=False,  # checked above: the hand-over is the investment side's to make
    )
    project.key_project = key
    project.save(update_fields=["key_project", "updated_at"])
    record(
        actor=actor,
        obj=project,
        action=ChangeRecord.Action.UPDATE,
        before=before,
        after=snapshot(project),
        note=_("列入重点项目"),
    )
    return key
