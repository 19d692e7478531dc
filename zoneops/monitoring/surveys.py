"""Production-plan surveys (生产计划调查): e.g. how each 规上 enterprise will run over the Spring
Festival — continuous production at full or partial capacity, or a stop with its dates and what
is done meanwhile — answered by the enterprise on its phone or by an officer, summarised live.

Writes (``survey_create``, ``response_save``) are atomic, checked and recorded in history; reads
start from ``visible_to(user)``. The one form, :class:`SurveyResponseForm`, holds the answer's
rules and is used by the page and the API alike; the service checks them again.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from zoneops.core import charts as palette
from zoneops.core.history import record, snapshot
from zoneops.core.models import ChangeRecord, Role
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


# ---------------------------------------------------------------------------------------------
# The answer's rules
# ---------------------------------------------------------------------------------------------


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


class SurveyResponseForm(forms.ModelForm):
    """One enterprise's answer, phone-friendly: radio buttons, native date pickers, checkboxes."""

    class Meta:
        model = SurveyResponse
        fields = list(ANSWER_FIELDS)
        widgets = {
            "plan": forms.RadioSelect,
            "stop_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "stop_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "capacity_percent": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "workers_on_duty": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "note": forms.TextInput(attrs={"maxlength": 300}),
        }

    def __init__(self, *args: Any, survey: ProductionSurvey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        # Radio buttons without the empty "---------" choice a model field's select would have.
        self.fields["plan"].choices = ProductionPlan.choices  # type: ignore[attr-defined]
        self.fields["capacity_percent"].help_text = _lazy("仅“部分产能连续生产”填写，如 60")
        self.fields["stop_from"].help_text = _lazy("停产时必填")
        self.fields["stop_to"].help_text = _lazy("停产时必填，应不早于停产开始日期")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, messages in answer_errors(cleaned, self.survey).items():
            if name not in self.errors:  # a field that did not parse already says why
                for message in messages:
                    self.add_error(name, message)
        return cleaned

    def answer(self) -> dict[str, Any]:
        return normalise_answer(self.cleaned_data)


# ---------------------------------------------------------------------------------------------
# Writes
# ---------------------------------------------------------------------------------------------


def _survey_snapshot(survey: ProductionSurvey) -> dict[str, Any]:
    return snapshot(survey, exclude=("created_by",))


@transaction.atomic
def survey_create(
    *,
    actor: Any,
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
    actor: Any,
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


# ---------------------------------------------------------------------------------------------
# Reads
# ---------------------------------------------------------------------------------------------


def survey_list(*, user: Any) -> QuerySet[ProductionSurvey]:
    return ProductionSurvey.objects.visible_to(user).order_by("-holiday_start", "-pk")


def expected_queryset(survey: ProductionSurvey) -> QuerySet[Enterprise]:
    """Who is asked: enterprises in operation, only the 规上 ones unless the survey says so."""
    enterprises = Enterprise.objects.filter(status=EnterpriseStatus.OPERATING)
    if survey.above_scale_only:
        enterprises = enterprises.filter(is_above_scale=True)
    return enterprises


def expected_enterprises(*, survey: ProductionSurvey, user: Any) -> QuerySet[Enterprise]:
    """The enterprises this survey asks, as far as the user may see them."""
    visible = Enterprise.objects.visible_to(user).values("pk")
    return (
        expected_queryset(survey)
        .filter(pk__in=visible)
        .select_related("park", "service_officer")
        .order_by("park__order", "park__division_code", "name")
    )


def responses(*, survey: ProductionSurvey, user: Any) -> QuerySet[SurveyResponse]:
    return (
        SurveyResponse.objects.visible_to(user)
        .filter(survey=survey)
        .select_related("enterprise", "enterprise__park", "answered_by")
        .order_by("enterprise__park__order", "enterprise__park__division_code", "enterprise__name")
    )


def not_answered(*, survey: ProductionSurvey, user: Any) -> QuerySet[Enterprise]:
    return expected_enterprises(survey=survey, user=user).exclude(
        pk__in=SurveyResponse.objects.filter(survey=survey).values("enterprise_id")
    )


def stopped(*, survey: ProductionSurvey, user: Any) -> QuerySet[SurveyResponse]:
    """The enterprises that will stop, with their dates and what they do meanwhile."""
    return responses(survey=survey, user=user).filter(plan__in=STOP_PLANS).order_by("stop_from")


def survey_counts(*, surveys: list[ProductionSurvey], user: Any) -> dict[int, dict[str, int]]:
    """{survey id: {"expected", "answered"}} for a page of surveys, in two queries and a count."""
    operating = Enterprise.objects.visible_to(user).filter(status=EnterpriseStatus.OPERATING)
    expected = {False: operating.count(), True: operating.filter(is_above_scale=True).count()}
    answered: Counter[tuple[int, bool]] = Counter()
    rows = (
        SurveyResponse.objects.visible_to(user)
        .filter(survey__in=surveys, enterprise__status=EnterpriseStatus.OPERATING)
        .values("survey_id", "enterprise__is_above_scale")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        answered[(row["survey_id"], row["enterprise__is_above_scale"])] += row["n"]
    return {
        s.pk: {
            "expected": expected[s.above_scale_only],
            "answered": answered[(s.pk, True)]
            + (0 if s.above_scale_only else answered[(s.pk, False)]),
        }
        for s in surveys
    }


@dataclass
class ParkRow:
    park: str
    expected: int = 0
    answered: int = 0
    plans: dict[str, int] = field(default_factory=dict)

    @property
    def missing(self) -> int:
        return self.expected - self.answered

    @property
    def running(self) -> int:
        return sum(self.plans.get(plan, 0) for plan in RUNNING_PLANS)

    @property
    def stopping(self) -> int:
        return sum(self.plans.get(plan, 0) for plan in STOP_PLANS)


@dataclass
class SurveySummary:
    """The live summary of one survey within the user's scope."""

    expected: int
    answered: int
    by_plan: list[dict[str, Any]]
    by_park: list[ParkRow]
    activities: dict[str, int]
    workers_on_duty: int
    without_orders: int

    @property
    def missing(self) -> int:
        return self.expected - self.answered

    @property
    def rate(self) -> float | None:
        return self.answered * 100 / self.expected if self.expected else None

    def chart(self) -> dict[str, Any]:
        """An ECharts pie of the answers by plan (read by app.js from a json_script block)."""
        return {
            "tooltip": {"trigger": "item", "formatter": "{b}：{c}家（{d}%）"},
            "legend": {"bottom": 0, "type": "scroll"},
            "series": [
                {
                    "type": "pie",
                    "radius": ["35%", "65%"],
                    "center": ["50%", "45%"],
                    "label": {"formatter": "{b}\n{c}家"},
                    "data": [
                        {
                            "name": row["label"],
                            "value": row["count"],
                            "itemStyle": {"color": PLAN_COLOURS[row["plan"]]},
                        }
                        for row in self.by_plan
                        if row["count"]
                    ],
                }
            ],
            "animation": False,
        }


def survey_summary(*, survey: ProductionSurvey, user: Any) -> SurveySummary:
    """Counts of the answers of the expected enterprises the user may see: by plan, by park."""
    expected = list(expected_enterprises(survey=survey, user=user).values("pk", "park__name"))
    expected_ids = {row["pk"] for row in expected}
    answers = [r for r in responses(survey=survey, user=user) if r.enterprise_id in expected_ids]
    plans = Counter(r.plan for r in answers)
    parks: dict[str, ParkRow] = {}
    for row in expected:
        parks.setdefault(row["park__name"], ParkRow(row["park__name"])).expected += 1
    for r in answers:
        park = parks[r.enterprise.park.name]
        park.answered += 1
        park.plans[r.plan] = park.plans.get(r.plan, 0) + 1
    return SurveySummary(
        expected=len(expected),
        answered=len(answers),
        by_plan=[
            {"plan": value, "label": str(label), "count": plans.get(value, 0)}
            for value, label in ProductionPlan.choices
        ],
        by_park=list(parks.values()),
        activities={name: sum(1 for r in answers if getattr(r, name)) for name in ACTIVITIES},
        workers_on_duty=sum(r.workers_on_duty or 0 for r in answers),
        without_orders=sum(1 for r in answers if not r.has_orders),
    )


def open_surveys_for(*, user: Any, today: dt.date | None = None) -> list[dict[str, Any]]:
    """An enterprise user's surveys: those that ask its enterprise, newest first, each with
    whether it is still open and the answer given so far."""
    enterprise_id = getattr(user, "enterprise_id", None)
    if not enterprise_id:
        return []
    today = today or timezone.localdate()
    enterprise = Enterprise.objects.visible_to(user).filter(pk=enterprise_id).first()
    if enterprise is None:
        return []
    answers = {
        r.survey_id: r
        for r in SurveyResponse.objects.visible_to(user).filter(enterprise=enterprise)
    }
    rows = []
    for survey in survey_list(user=user):
        if not expected_queryset(survey).filter(pk=enterprise.pk).exists():
            continue
        open_ = is_open(survey, today)
        if not open_ and survey.pk not in answers and survey.holiday_end < today:
            continue  # long past and never answered: nothing left to do
        rows.append({"survey": survey, "open": open_, "response": answers.get(survey.pk)})
    return rows


EXPORT_HEADERS = [
    "企业名称",
    "统一社会信用代码",
    "园区",
    "生产安排",
    "产能利用率（%）",
    "停产开始",
    "恢复生产",
    "设备检修",
    "员工培训",
    "备品备件储备",
    "在岗人数",
    "有订单",
    "说明",
    "填报人",
    "填报时间",
]


def export_rows(*, survey: ProductionSurvey, user: Any) -> list[list[Any]]:
    """The answers, then the enterprises that have not answered (marked 未填报)."""
    yes, no = _("是"), _("否")
    rows: list[list[Any]] = []
    for r in responses(survey=survey, user=user):
        answered_at = timezone.localtime(r.answered_at) if r.answered_at else None
        rows.append(
            [
                r.enterprise.name,
                r.enterprise.credit_code,
                r.enterprise.park.name,
                r.get_plan_display(),
                r.capacity_percent,
                r.stop_from,
                r.stop_to,
                *[(yes if getattr(r, name) else no) for name in ACTIVITIES],
                r.workers_on_duty,
                yes if r.has_orders else no,
                r.note,
                str(r.answered_by) if r.answered_by else "",
                answered_at.strftime("%Y-%m-%d %H:%M") if answered_at else "",
            ]
        )
    for e in not_answered(survey=survey, user=user):
        rows.append([e.name, e.credit_code, e.park.name, _("未填报"), *[None] * 11])
    return rows
