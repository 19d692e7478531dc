"""Production-plan surveys (生产计划调查): e.g. how each 规上 enterprise will run over the Spring
Festival — continuous production at full or partial capacity, or a stop with its dates and what
is done meanwhile — answered by the enterprise on its phone or by an officer, summarised live.

Writes (``survey_create``, ``response_save``) are atomic, checked and recorded in history; reads
are in :mod:`.queries`. The one form, :class:`.forms.SurveyResponseForm`, holds the answer's
rules and is used by the page and the API alike; the service checks them again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.core import charts as palette
from zoneops.core.history import record, snapshot
from zoneops.core.models import ChangeRecord, Role, User
from zoneops.core.permissions import require
from zoneops.enterprises.models import Enterprise, EnterpriseStatus
from zoneops.monitoring.models import ProductionPlan, ProductionSurvey, SurveyResponse
from zoneops.monitoring.permissions import can_fill, can_manage_catalogue

STOP_PLANS = frozenset({ProductionPlan.SEASONAL_STOP, ProductionPlan.HOLIDAY_STOP})


RUNNING_PLANS = frozenset({ProductionPlan.FULL, ProductionPlan.PARTIAL})


ACTIVITIES = ("maintenance", "training", "spare_parts")


ANSWER_FIELDS = (
    "plan",
    "capacity_percent",
    "stop_from",
    "stop_to",
    *ACTIVITIES,
    "workers_on_duty",
    "has_orders",
    "note",
)


# A stop longer than a year is a typing error, not a plan (assumed; one season at most).
MAX_STOP_DAYS = 366


# Pie colours per plan: running green/blue, stops orange/red, as dashboards in the zone use.
PLAN_COLOURS = {
    ProductionPlan.FULL: palette.GOOD,
    ProductionPlan.PARTIAL: palette.PRIMARY,
    ProductionPlan.SEASONAL_STOP: palette.WARN,
    ProductionPlan.HOLIDAY_STOP: palette.BAD,
}


def answer_errors(data: dict[str, Any], survey: ProductionSurvey) -> dict[str, list[str]]:
    """What is wrong with an answer, field by field (empty when it is fine).

    - a plan is required;
    - partial capacity needs its percentage, 1–99;
    - a stop needs both dates, the first not after the second, overlapping the holiday and not
      longer than a year.
    """
    errors: dict[str, list[str]] = {}

    def bad(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    plan = data.get("plan")
    if plan not in ProductionPlan.values:
        bad("plan", _("请选择生产安排"))
        return errors
    capacity = data.get("capacity_percent")
    if plan == ProductionPlan.PARTIAL:
        if capacity is None:
            bad("capacity_percent", _("部分产能生产须填写产能利用率"))
        elif not 1 <= capacity <= 99:
            bad("capacity_percent", _("产能利用率应在1%到99%之间（满负荷请选“满负荷连续生产”）"))
    if plan in STOP_PLANS:
        start, end = data.get("stop_from"), data.get("stop_to")
        if start is None:
            bad("stop_from", _("停产须填写停产开始日期"))
        if end is None:
            bad("stop_to", _("停产须填写恢复生产日期"))
        if start is not None and end is not None:
            if start > end:
                bad("stop_to", _("恢复生产日期不能早于停产开始日期"))
            elif (end - start).days > MAX_STOP_DAYS:
                bad("stop_to", _("停产时间超过一年，请核对日期"))
            elif end < survey.holiday_start or start > survey.holiday_end:
                bad(
                    "stop_from",
                    _("停产时间应与假期（%(start)s至%(end)s）有重叠，请核对日期")
                    % {"start": survey.holiday_start, "end": survey.holiday_end},
                )
    return errors


def normalise_answer(data: dict[str, Any]) -> dict[str, Any]:
    """Drop what does not belong to the chosen plan, so a stale value is never kept."""
    clean = {name: data.get(name) for name in ANSWER_FIELDS}
    plan = clean["plan"]
    if plan != ProductionPlan.PARTIAL:
        clean["capacity_percent"] = None
    if plan not in STOP_PLANS:
        clean["stop_from"] = clean["stop_to"] = None
    if plan == ProductionPlan.FULL:
        # Activities are what is done meanwhile: on idle lines (partial) or during a stop.
        for name in ACTIVITIES:
            clean[name] = False
    for name in (*ACTIVITIES, "has_orders"):
        clean[name] = bool(clean[name])
    clean["note"] = (clean["note"] or "").strip()[:300]
    return clean


def _survey_snapshot(survey: ProductionSurvey) -> dict[str, Any]:
    return snapshot(survey, exclude=("created_by",))


@transaction.atomic
def survey_create(
    *,
    actor: User | None,
    title: str,
    holiday_start: dt.date,
    holiday_end: dt.date,
    deadline: dt.date,
    above_scale_only: bool = True,
) -> ProductionSurvey:
    """Start a survey (administrators and the economy office)."""
    require(can_manage_catalogue(actor))
    title = (title or "").strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("请填写标题")]
    if holiday_start > holiday_end:
        errors["holiday_end"] = [_("假期结束日期不能早于开始日期")]
    if deadline > holiday_end:
        errors["deadline"] = [_("填报截止日不能晚于假期结束")]
    if errors:
        raise ValidationError(errors)
    survey = ProductionSurvey.objects.create(
        title=title[:100],
        holiday_start=holiday_start,
        holiday_end=holiday_end,
        deadline=deadline,
        above_scale_only=above_scale_only,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    record(
        actor=actor,
        obj=survey,
        action=ChangeRecord.Action.CREATE,
        before=None,
        after=_survey_snapshot(survey),
    )
    return survey


def _response_snapshot(response: SurveyResponse) -> dict[str, Any]:
    return snapshot(response, exclude=("answered_by", "answered_at"))


def is_open(survey: ProductionSurvey, today: dt.date | None = None) -> bool:
    return (today or timezone.localdate()) <= survey.deadline


@transaction.atomic
def response_save(
    *,
    actor: User | None,
    survey: ProductionSurvey,
    enterprise: Enterprise,
    data: dict[str, Any],
    today: dt.date | None = None,
) -> tuple[SurveyResponse, bool]:
    """Create or change one enterprise's answer; returns it and whether anything changed.

    The enterprise answers for itself until the deadline; a reviewer in scope (park officer,
    economy office) may answer on its behalf at any time, e.g. after a phone call.
    """
    require(can_fill(actor, enterprise.pk, enterprise.park_id))
    if not expected_queryset(survey).filter(pk=enterprise.pk).exists():
        raise ValidationError(_("%(name)s不在本次调查范围内") % {"name": enterprise})
    if getattr(actor, "role", None) == Role.ENTERPRISE and not is_open(survey, today):
        raise ValidationError(_("已过填报截止日，如需修改请联系园区工作人员"))
    errors = answer_errors(data, survey)
    if errors:
        raise ValidationError(errors)
    answer = normalise_answer(data)
    response = (
        SurveyResponse.objects.select_for_update().filter(survey=survey, enterprise=enterprise)
    ).first() or SurveyResponse(survey=survey, enterprise=enterprise)
    is_new = response.pk is None
    before = None if is_new else _response_snapshot(response)
    for name, value in answer.items():
        setattr(response, name, value)
    after = _response_snapshot(response)
    if not is_new and before == after:
        return response, False  # the same answer again changes nothing, not even who or when
    response.answered_by = actor if getattr(actor, "pk", None) else None
    response.save()
    record(
        actor=actor,
        obj=response,
        action=ChangeRecord.Action.CREATE if is_new else ChangeRecord.Action.UPDATE,
        before=before,
        after=after,
    )
    return response, True


def expected_queryset(survey: ProductionSurvey) -> QuerySet[Enterprise]:
    """Who is asked: enterprises in operation, only the 规上 ones unless the survey says so."""
    enterprises = Enterprise.objects.filter(status=EnterpriseStatus.OPERATING)
    if survey.above_scale_only:
        enterprises = enterprises.filter(is_above_scale=True)
    return enterprises
