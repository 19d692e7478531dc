from django.urls import path

from zoneops.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("export.xlsx", views.plan_export, name="export"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("rules/", views.rules, name="rules"),
    path("new/", views.edit, name="create"),
    path("<int:project_id>/", views.detail, name="detail"),
    path("<int:project_id>/edit/", views.edit, name="edit"),
    path("<int:project_id>/updates/", views.update_add, name="update_add"),
    path("<int:project_id>/problems/", views.problem_add, name="problem_add"),
    path(
        "<int:project_id>/problems/<int:problem_id>/resolve/",
        views.problem_resolve,
        name="problem_resolve",
    ),
    path("<int:project_id>/members/", views.member_add, name="member_add"),
    path(
        "<int:project_id>/members/<int:member_id>/delete/",
        views.member_remove,
        name="member_remove",
    ),
    path("<int:project_id>/funding/", views.funding_add, name="funding_add"),
    path(
        "<int:project_id>/funding/<int:funding_id>/delete/",
        views.funding_remove,
        name="funding_remove",
    ),
    path(
        "<int:project_id>/attachments/<int:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
]
