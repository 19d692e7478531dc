from django.urls import path

from zoneops.safety import bulletin_views, photo_views, plans_views, record_views, views

app_name = "safety"

urlpatterns = [
    path("", views.home, name="home"),
    path("grids/<int:grid_id>/", views.grid, name="grid"),
    path("enterprises/<int:enterprise_id>/", views.enterprise, name="enterprise"),
    path("enterprises/<int:enterprise_id>/profile/", views.profile_edit, name="profile_edit"),
    path("enterprises/<int:enterprise_id>/inspect/", views.inspection_add, name="inspection_add"),
    path("inspections/<int:inspection_id>/", views.inspection, name="inspection"),
    path(
        "inspections/<int:inspection_id>/<slug:doc>.docx",
        views.inspection_document,
        name="inspection_document",
    ),
    path("hazards/", views.hazards, name="hazards"),
    path("hazards/<int:hazard_id>/", views.hazard, name="hazard"),
    path("hazards/<int:hazard_id>/act/", views.hazard_act, name="hazard_act"),
    path("hazards/<int:hazard_id>/recheck.docx", views.recheck_document, name="recheck_document"),
    path("risks/", views.risks, name="risks"),
    path("drills/", views.drills, name="drills"),
    path("drills/<int:drill_id>/", views.drill, name="drill"),
    path("accidents/", views.accidents, name="accidents"),
    path("enterprises/<int:enterprise_id>/risks/add/", views.risk_add, name="risk_add"),
    path("enterprises/<int:enterprise_id>/plans/add/", views.plan_add, name="plan_add"),
    path("enterprises/<int:enterprise_id>/drills/add/", views.drill_add, name="drill_add"),
    path("enterprises/<int:enterprise_id>/accidents/add/", views.accident_add, name="accident_add"),
    path("inspection-plans/", plans_views.plan_list, name="inspection_plans"),
    path("inspection-plans/add/", plans_views.plan_add, name="inspection_plan_add"),
    path("inspection-plans/restart/", plans_views.restart_plan_add, name="restart_plan_add"),
    path("inspection-plans/<int:plan_id>/", plans_views.plan_detail, name="inspection_plan"),
    path(
        "inspection-plans/<int:plan_id>/edit/", plans_views.plan_edit, name="inspection_plan_edit"
    ),
    path(
        "enterprises/<int:enterprise_id>/shutdowns/add/",
        plans_views.shutdown_add,
        name="shutdown_add",
    ),
    path("risks/<int:point_id>/edit/", record_views.risk_edit, name="risk_edit"),
    path("plans/<int:plan_id>/edit/", record_views.plan_edit, name="plan_edit"),
    path("drills/<int:drill_id>/edit/", record_views.drill_edit, name="drill_edit"),
    path("photos/<int:photo_id>/", photo_views.photo, name="photo"),
    path("statistics/", bulletin_views.statistics, name="statistics"),
    path("statistics/bulletin.docx", bulletin_views.bulletin_document, name="bulletin_document"),
    path("statistics/bulletin.xlsx", bulletin_views.bulletin_table, name="bulletin_table"),
]
