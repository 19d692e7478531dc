from django.urls import path

from zoneops.innovation import views

app_name = "innovation"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.recognition_edit, name="recognition_create"),
    path("<int:recognition_id>/edit/", views.recognition_edit, name="recognition_edit"),
    path("enterprise/<int:enterprise_id>/", views.enterprise, name="enterprise"),
    path("talents/", views.talents, name="talents"),
    path("talents/new/", views.talent_create, name="talent_create"),
]
