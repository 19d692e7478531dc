"""Production-plan surveys: who may start and answer them, the answer's rules, the live summary,
the pages, the export and the API — with the outsider getting 404 and changing nothing."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from zoneops.core.models import ChangeRecord
from zoneops.enterprises.models import EnterpriseStatus
from zoneops.enterprises.tests.factories import EnterpriseFactory
from zoneops.monitoring.models import ProductionPlan, SurveyResponse
from zoneops.monitoring.surveys import forms as survey_forms
from zoneops.monitoring.surveys import queries as survey_queries
from zoneops.monitoring.surveys import services as survey_services

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
HOLIDAY_START = TODAY + dt.timedelta(days=20)
HOLIDAY_END = HOLIDAY_START + dt.timedelta(days=7)
DEADLINE = TODAY + dt.timedelta(days=10)


@pytest.fixture
def survey(world):
    for enterprise in (world.enterprise_x, world.enterprise_y):
        enterprise.is_above_scale = True
        enterprise.save()
    return survey_services.survey_create(
        actor=world.econ,
        title="春节期间生产计划调查",
        holiday_start=HOLIDAY_START,
        holiday_end=HOLIDAY_END,
        deadline=DEADLINE,
    )


@pytest.fixture
def zone(world, survey):
    """Two more 规上 enterprises in park A, one 规下 and one stopped (neither is asked)."""
    return {
        "z1": EnterpriseFactory(name="青海丙化工有限公司", park=world.park_a, is_above_scale=True),
        "z2": EnterpriseFactory(name="青海丁材料有限公司", park=world.park_a, is_above_scale=True),
        "small": EnterpriseFactory(name="青海小微有限公司", park=world.park_a),
        "closed": EnterpriseFactory(
            name="青海停业有限公司",
            park=world.park_b,
            is_above_scale=True,
            status=EnterpriseStatus.STOPPED,
        ),
    }


def stop(**extra):
    data = {
        "plan": ProductionPlan.SEASONAL_STOP,
        "stop_from": HOLIDAY_START - dt.timedelta(days=5),
        "stop_to": HOLIDAY_END + dt.timedelta(days=10),
        "maintenance": True,
        "spare_parts": True,
        "workers_on_duty": 12,
    }
    return data | extra


# --- services ---------------------------------------------------------------------------------


def test_economy_office_starts_a_survey_and_history_records_it(world, survey):
    record = ChangeRecord.objects.get(model="monitoring.productionsurvey", object_id=str(survey.pk))
    assert record.actor == world.econ
    assert record.after["title"] == "春节期间生产计划调查"


def test_park_officer_and_enterprise_cannot_start_a_survey(world):
    for actor in (world.park_a_officer, world.ent_x_user, world.leader):
        with pytest.raises(PermissionDenied):
            survey_services.survey_create(
                actor=actor,
                title="x",
                holiday_start=HOLIDAY_START,
                holiday_end=HOLIDAY_END,
                deadline=DEADLINE,
            )


def test_survey_dates_must_make_sense(world):
    with pytest.raises(ValidationError) as refused:
        survey_services.survey_create(
            actor=world.admin,
            title="x",
            holiday_start=HOLIDAY_END,
            holiday_end=HOLIDAY_START,
            deadline=DEADLINE,
        )
    assert "holiday_end" in refused.value.message_dict


def test_enterprise_answers_for_itself_and_it_is_recorded(world, survey):
    response, changed = survey_services.response_save(
        actor=world.ent_x_user,
        survey=survey,
        enterprise=world.enterprise_x,
        data={"plan": ProductionPlan.PARTIAL, "capacity_percent": 60, "maintenance": True},
    )
    assert changed and response.capacity_percent == 60 and response.answered_by == world.ent_x_user
    record = ChangeRecord.objects.get(model="monitoring.surveyresponse", object_id=str(response.pk))
    assert record.action == ChangeRecord.Action.CREATE
    assert record.after["plan"] == "partial" and record.after["capacity_percent"] == 60


def test_enterprise_cannot_answer_for_another_enterprise(world, survey):
    with pytest.raises(PermissionDenied):
        survey_services.response_save(
            actor=world.ent_x_user,
            survey=survey,
            enterprise=world.enterprise_y,
            data={"plan": ProductionPlan.FULL},
        )
    assert not SurveyResponse.objects.exists()


def test_park_officer_answers_only_in_own_park(world, survey):
    survey_services.response_save(
        actor=world.park_a_officer,
        survey=survey,
        enterprise=world.enterprise_x,
        data={"plan": ProductionPlan.FULL},
    )
    with pytest.raises(PermissionDenied):
        survey_services.response_save(
            actor=world.park_a_officer,
            survey=survey,
            enterprise=world.enterprise_y,
            data={"plan": ProductionPlan.FULL},
        )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "plan"),
        ({"plan": "partial"}, "capacity_percent"),
        ({"plan": "partial", "capacity_percent": 100}, "capacity_percent"),
        ({"plan": "seasonal_stop", "stop_to": HOLIDAY_END}, "stop_from"),
        ({"plan": "holiday_stop", "stop_from": HOLIDAY_START}, "stop_to"),
        (
            {"plan": "holiday_stop", "stop_from": HOLIDAY_END, "stop_to": HOLIDAY_START},
            "stop_to",
        ),
        (
            {
                "plan": "holiday_stop",
                "stop_from": HOLIDAY_END + dt.timedelta(days=30),
                "stop_to": HOLIDAY_END + dt.timedelta(days=40),
            },
            "stop_from",
        ),
    ],
)
def test_answer_rules_name_the_field_and_save_nothing(world, survey, data, field):
    with pytest.raises(ValidationError) as refused:
        survey_services.response_save(
            actor=world.ent_x_user, survey=survey, enterprise=world.enterprise_x, data=data
        )
    assert field in refused.value.message_dict
    assert not SurveyResponse.objects.exists()
    form = survey_forms.SurveyResponseForm(
        {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()},
        survey=survey,
    )
    assert not form.is_valid() and field in form.errors


def test_switching_to_full_production_clears_stop_dates_and_activities(world, survey):
    survey_services.response_save(
        actor=world.ent_x_user, survey=survey, enterprise=world.enterprise_x, data=stop()
    )
    response, changed = survey_services.response_save(
        actor=world.ent_x_user,
        survey=survey,
        enterprise=world.enterprise_x,
        data=stop(plan=ProductionPlan.FULL),
    )
    assert changed
    response.refresh_from_db()
    assert response.plan == "full"
    assert response.stop_from is None and response.stop_to is None
    assert not response.maintenance and not response.spare_parts


def test_same_answer_twice_writes_nothing(world, survey):
    survey_services.response_save(
        actor=world.ent_x_user, survey=survey, enterprise=world.enterprise_x, data=stop()
    )
    before = ChangeRecord.objects.count()
    _response, changed = survey_services.response_save(
        actor=world.ent_x_user, survey=survey, enterprise=world.enterprise_x, data=stop()
    )
    assert not changed and ChangeRecord.objects.count() == before


def test_after_the_deadline_only_an_officer_may_answer(world, survey):
    late = DEADLINE + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        survey_services.response_save(
            actor=world.ent_x_user,
            survey=survey,
            enterprise=world.enterprise_x,
            data={"plan": "full"},
            today=late,
        )
    _response, changed = survey_services.response_save(
        actor=world.park_a_officer,
        survey=survey,
        enterprise=world.enterprise_x,
        data={"plan": "full"},
        today=late,
    )
    assert changed


def test_enterprise_outside_the_survey_cannot_answer(world, survey, zone):
    with pytest.raises(ValidationError):
        survey_services.response_save(
            actor=world.park_a_officer,
            survey=survey,
            enterprise=zone["small"],
            data={"plan": "full"},
        )


# --- queries ----------------------------------------------------------------------------------


def answer_all(world, survey, zone):
    survey_services.response_save(
        actor=world.ent_x_user, survey=survey, enterprise=world.enterprise_x, data=stop()
    )
    survey_services.response_save(
        actor=world.park_a_officer,
        survey=survey,
        enterprise=zone["z1"],
        data={"plan": "partial", "capacity_percent": 70, "training": True, "workers_on_duty": 30},
    )
    survey_services.response_save(
        actor=world.ent_y_user,
        survey=survey,
        enterprise=world.enterprise_y,
        data={"plan": "full", "workers_on_duty": 200, "has_orders": True},
    )


def test_summary_counts_by_plan_and_park_and_lists_who_has_not_answered(world, survey, zone):
    answer_all(world, survey, zone)
    summary = survey_queries.survey_summary(survey=survey, user=world.leader)
    assert (summary.expected, summary.answered, summary.missing) == (4, 3, 1)
    assert {r["plan"]: r["count"] for r in summary.by_plan} == {
        "full": 1,
        "partial": 1,
        "seasonal_stop": 1,
        "holiday_stop": 0,
    }
    parks = {p.park: (p.expected, p.answered, p.running, p.stopping) for p in summary.by_park}
    assert parks == {"东川工业园": (3, 2, 1, 1), "南川工业园": (1, 1, 1, 0)}
    assert summary.activities == {"maintenance": 1, "training": 1, "spare_parts": 1}
    assert summary.workers_on_duty == 12 + 30 + 200
    assert [e.name for e in survey_queries.not_answered(survey=survey, user=world.leader)] == [
        "青海丁材料有限公司"
    ]
    stopped = list(survey_queries.stopped(survey=survey, user=world.leader))
    assert [(r.enterprise, r.stop_from, r.maintenance) for r in stopped] == [
        (world.enterprise_x, HOLIDAY_START - dt.timedelta(days=5), True)
    ]
    pie = summary.chart()["series"][0]["data"]
    assert {d["name"]: d["value"] for d in pie} == {
        "满负荷连续生产": 1,
        "部分产能连续生产": 1,
        "季节性停产": 1,
    }


def test_park_officer_summary_covers_only_own_park(world, survey, zone):
    answer_all(world, survey, zone)
    summary = survey_queries.survey_summary(survey=survey, user=world.park_b_officer)
    assert (summary.expected, summary.answered) == (1, 1)
    assert [p.park for p in summary.by_park] == ["南川工业园"]
    assert not list(survey_queries.not_answered(survey=survey, user=world.park_b_officer))


def test_enterprise_user_sees_its_open_surveys(world, survey):
    rows = survey_queries.open_surveys_for(user=world.ent_x_user)
    assert [(r["survey"], r["open"], r["response"]) for r in rows] == [(survey, True, None)]


# --- pages ------------------------------------------------------------------------------------


def test_detail_page_shows_live_summary_chart_and_missing(world, survey, zone, login):
    answer_all(world, survey, zone)
    response = login(world.leader).get(reverse("monitoring:survey_detail", args=[survey.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-chart="plan-chart"' in body and 'id="plan-chart"' in body
    assert "青海丁材料有限公司" in body  # not answered
    assert "<script>" not in body.replace('<script id="plan-chart"', "")
    assert ' style="' not in body
    fragment = login(world.leader).get(
        reverse("monitoring:survey_detail", args=[survey.pk]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="survey-live",
    )
    assert "<html" not in fragment.content.decode() and "plan-chart" in fragment.content.decode()


def test_enterprise_answers_on_the_page(world, survey, login):
    client = login(world.ent_x_user)
    listing = client.get(reverse("monitoring:survey_list"))
    assert survey.title in listing.content.decode()
    url = reverse("monitoring:survey_answer", args=[survey.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"plan": "holiday_stop", "stop_from": HOLIDAY_END.isoformat()})
    assert bad.status_code == 200 and "停产须填写恢复生产日期" in bad.content.decode()
    assert not SurveyResponse.objects.exists()
    good = client.post(
        url,
        {
            "plan": "holiday_stop",
            "stop_from": HOLIDAY_START.isoformat(),
            "stop_to": HOLIDAY_END.isoformat(),
            "training": "on",
            "has_orders": "on",
        },
    )
    assert good.status_code == 302
    saved = SurveyResponse.objects.get()
    assert (saved.enterprise, saved.plan, saved.training) == (
        world.enterprise_x,
        "holiday_stop",
        True,
    )


def test_officer_fills_in_for_an_enterprise_in_scope_only(world, survey, login):
    client = login(world.park_a_officer)
    url_x = reverse("monitoring:survey_answer", args=[survey.pk, world.enterprise_x.pk])
    url_y = reverse("monitoring:survey_answer", args=[survey.pk, world.enterprise_y.pk])
    assert client.post(url_x, {"plan": "full", "has_orders": "on"}).status_code == 302
    assert client.post(url_y, {"plan": "full"}).status_code == 404
    assert list(SurveyResponse.objects.values_list("enterprise", flat=True)) == [
        world.enterprise_x.pk
    ]


def test_enterprise_cannot_reach_another_enterprises_answer_page(world, survey, login):
    client = login(world.ent_x_user)
    url = reverse("monitoring:survey_answer", args=[survey.pk, world.enterprise_y.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"plan": "full"}).status_code == 404
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize("persona", ["bank_user", "task_force"])
def test_outsiders_get_404_everywhere(world, survey, login, persona):
    client = login(getattr(world, persona))
    for url in (
        reverse("monitoring:survey_list"),
        reverse("monitoring:survey_detail", args=[survey.pk]),
        reverse("monitoring:survey_answer", args=[survey.pk]),
        reverse("monitoring:survey_answer", args=[survey.pk, world.enterprise_x.pk]),
        reverse("monitoring:survey_export", args=[survey.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"plan": "full"}).status_code == 404, url
    assert not SurveyResponse.objects.exists()


def test_enterprise_user_cannot_export_or_see_the_summary(world, survey, login):
    client = login(world.ent_x_user)
    assert client.get(reverse("monitoring:survey_export", args=[survey.pk])).status_code == 404
    detail = client.get(reverse("monitoring:survey_detail", args=[survey.pk]))
    assert detail.status_code == 302  # to its own answer form


def test_unknown_survey_is_404(world, login):
    assert (
        login(world.leader).get(reverse("monitoring:survey_detail", args=[999])).status_code == 404
    )


def test_list_page_creates_a_survey_for_the_economy_office_only(world, login):
    data = {
        "title": "国庆期间生产计划调查",
        "holiday_start": HOLIDAY_START.isoformat(),
        "holiday_end": HOLIDAY_END.isoformat(),
        "deadline": DEADLINE.isoformat(),
        "above_scale_only": "on",
    }
    assert (
        login(world.park_a_officer).post(reverse("monitoring:survey_list"), data).status_code == 403
    )
    response = login(world.econ).post(reverse("monitoring:survey_list"), data)
    assert response.status_code == 302
    assert survey_queries.survey_list(user=world.econ).get().title == "国庆期间生产计划调查"


def test_export_lists_answers_then_missing_within_scope(world, survey, zone, login):
    answer_all(world, survey, zone)
    response = login(world.park_a_officer).get(
        reverse("monitoring:survey_export", args=[survey.pk])
    )
    assert response.status_code == 200
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = sheet.to_python()
    assert rows[0][0] == survey.title
    assert rows[1][:4] == ["企业名称", "统一社会信用代码", "园区", "生产安排"]
    by_name = {r[0]: r for r in rows[2:]}
    assert set(by_name) == {world.enterprise_x.name, "青海丙化工有限公司", "青海丁材料有限公司"}
    assert by_name[world.enterprise_x.name][3] == "季节性停产"
    assert by_name["青海丙化工有限公司"][4] == 70
    assert by_name["青海丁材料有限公司"][3] == "未填报"


# --- API --------------------------------------------------------------------------------------


def test_api_enterprise_answers_for_itself(world, survey, login):
    client = login(world.ent_x_user)
    url = f"/api/monitoring/surveys/{survey.pk}/responses"
    created = client.post(
        url, json.dumps({"plan": "partial", "capacity_percent": 55}), "application/json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["enterprise_id"] == world.enterprise_x.pk
    again = client.post(
        url, json.dumps({"plan": "partial", "capacity_percent": 65}), "application/json"
    )
    assert again.status_code == 200 and again.json()["capacity_percent"] == 65
    invalid = client.post(url, json.dumps({"plan": "partial"}), "application/json")
    assert invalid.status_code == 422 and "capacity_percent" in invalid.json()["errors"]


def test_api_answer_for_another_enterprise_is_404_and_changes_nothing(world, survey, login):
    url = f"/api/monitoring/surveys/{survey.pk}/responses"
    body = json.dumps({"enterprise_id": world.enterprise_y.pk, "plan": "full"})
    assert login(world.ent_x_user).post(url, body, "application/json").status_code == 404
    assert login(world.park_a_officer).post(url, body, "application/json").status_code == 404
    assert login(world.bank_user).post(url, body, "application/json").status_code == 404
    assert not SurveyResponse.objects.exists()


def test_api_leader_may_see_but_not_answer(world, survey, login):
    url = f"/api/monitoring/surveys/{survey.pk}/responses"
    body = json.dumps({"enterprise_id": world.enterprise_y.pk, "plan": "full"})
    assert login(world.leader).post(url, body, "application/json").status_code == 403
    assert not SurveyResponse.objects.exists()


def test_api_list_and_detail_with_summary(world, survey, zone, login):
    answer_all(world, survey, zone)
    client = login(world.park_b_officer)
    listing = client.get("/api/monitoring/surveys")
    assert listing.status_code == 200
    assert listing.json()["count"] == 1 and listing.json()["items"][0]["is_open"] is True
    detail = client.get(f"/api/monitoring/surveys/{survey.pk}").json()
    assert detail["summary"]["expected"] == 1 and detail["summary"]["answered"] == 1
    assert detail["not_answered"] == [] and detail["stopped"] == []
    leader = login(world.leader).get(f"/api/monitoring/surveys/{survey.pk}").json()
    assert [e["name"] for e in leader["not_answered"]] == ["青海丁材料有限公司"]
    assert leader["stopped"][0]["enterprise"] == world.enterprise_x.name
    assert login(world.bank_user).get(f"/api/monitoring/surveys/{survey.pk}").status_code == 404
    assert login(world.leader).get("/api/monitoring/surveys/999").status_code == 404


def test_answer_page_shows_the_previous_answer_and_closes_after_the_deadline(world, survey, login):
    survey_services.response_save(
        actor=world.park_a_officer, survey=survey, enterprise=world.enterprise_x, data=stop()
    )
    client = login(world.ent_x_user)
    url = reverse("monitoring:survey_answer", args=[survey.pk])
    body = client.get(url).content.decode()
    assert "上次填报" in body and 'value="seasonal_stop"' in body and "checked" in body
    survey.deadline = TODAY - dt.timedelta(days=1)
    survey.save()
    closed = client.get(url)
    assert closed.context["closed"] and "已过填报截止日" in closed.content.decode()
    client.post(url, {"plan": "full"})
    assert SurveyResponse.objects.get().plan == "seasonal_stop"
