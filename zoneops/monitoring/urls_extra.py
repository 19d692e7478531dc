"""Survey, province-ranking and nowcast pages, included by the app's urls (namespace
``monitoring``) as ``extra_urlpatterns``."""

from django.urls import path

from zoneops.monitoring.views import nowcast, province, surveys

extra_urlpatterns = [
    path("surveys/", surveys.survey_list, name="survey_list"),
    path("surveys/<int:survey_id>/", surveys.survey_detail, name="survey_detail"),
    path("surveys/<int:survey_id>/answer/", surveys.survey_answer, name="survey_answer"),
    path(
        "surveys/<int:survey_id>/answer/<int:enterprise_id>/",
        surveys.survey_answer,
        name="survey_answer",
    ),
    path("surveys/<int:survey_id>/export.xlsx", surveys.survey_export, name="survey_export"),
    path("province/", province.province_page, name="province"),
    path("nowcast/", nowcast.nowcast_page, name="nowcast"),
]
