"""Reads of production-plan surveys: those a user may see, who is expected to answer and who has,
the summary by park and plan, and the export rows. Each starts from visible_to(user)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.core.models import User
from zoneops.enterprises.models import Enterprise, EnterpriseStatus
from zoneops.monitoring.models import ProductionPlan, ProductionSurvey, SurveyResponse
from zoneops.monitoring.surveys.services import (
    ACTIVITIES,
    PLAN_COLOURS,
    RUNNING_PLANS,
    STOP_PLANS,
    expected_queryset,
    is_open,
)


def survey_list(*, user: User) -> QuerySet[ProductionSurvey]:
    return ProductionSurvey.objects.visible_to(user).order_by("-holiday_start", "-pk")


def expected_enterprises(*, survey: ProductionSurvey, user: User) -> QuerySet[Enterprise]:
    """The enterprises this survey asks, as far as the user may see them."""
    visible = Enterprise.objects.visible_to(user).values("pk")
    return (
        expected_queryset(survey)
        .filter(pk__in=visible)
        .select_related("park", "service_officer")
        .order_by("park__order", "park__division_code", "name")
    )


def responses(*, survey: ProductionSurvey, user: User) -> QuerySet[SurveyResponse]:
    return (
        SurveyResponse.objects.visible_to(user)
        .filter(survey=survey)
        .select_related("enterprise", "enterprise__park", "answered_by")
        .order_by("enterprise__park__order", "enterprise__park__division_code", "enterprise__name")
    )


def not_answered(*, survey: ProductionSurvey, user: User) -> QuerySet[Enterprise]:
    return expected_enterprises(survey=survey, user=user).exclude(
        pk__in=SurveyResponse.objects.filter(survey=survey).values("enterprise_id")
    )


def stopped(*, survey: ProductionSurvey, user: User) -> QuerySet[SurveyResponse]:
    """The enterprises that will stop, with their dates and what they do meanwhile."""
    return responses(survey=survey, user=user).filter(plan__in=STOP_PLANS).order_by("stop_from")


def survey_counts(*, surveys: list[ProductionSurvey], user: User) -> dict[int, dict[str, int]]:
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


def survey_summary(*, survey: ProductionSurvey, user: User) -> SurveySummary:
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


def open_surveys_for(*, user: User, today: dt.date | None = None) -> list[dict[str, Any]]:
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


def export_rows(*, survey: ProductionSurvey, user: User) -> list[list[Any]]:
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
