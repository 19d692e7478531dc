from django.urls import path

from zoneops.approvals import views

app_name = "approvals"

urlpatterns = [
    path("", views.board, name="board"),
    path("new/", views.create, name="create"),
    path("intake/", views.intake, name="intake"),
    path("templates/", views.templates, name="templates"),
    path("templates/items/<int:item_id>/", views.template_item, name="template_item_edit"),
    path("project/<int:project_id>/", views.project, name="project"),
    path("<int:matrix_id>/", views.matrix, name="matrix"),
    path("<int:matrix_id>/escalate/", views.escalate, name="escalate"),
    path("items/<int:item_id>/", views.item_edit, name="item"),
]
