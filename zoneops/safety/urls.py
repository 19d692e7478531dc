from django.urls import path

from zoneops.safety import views

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
]
