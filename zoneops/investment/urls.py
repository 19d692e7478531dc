from django.urls import path

from zoneops.investment.views import board, dashboard, leads, projects, records

app_name = "investment"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("board/", board.board, name="board"),
    path("leads/", leads.lead_list, name="leads"),
    path("leads/new/", leads.lead_create, name="lead_create"),
    path("leads/<int:project_id>/review/", leads.lead_review, name="lead_review"),
    path("projects/", projects.project_list, name="projects"),
    path("projects/export.xlsx", projects.project_export, name="project_export"),
    path("projects/new/", projects.project_edit, name="project_create"),
    path("projects/<int:project_id>/", projects.project_detail, name="project"),
    path("projects/<int:project_id>/edit/", projects.project_edit, name="project_edit"),
    path("projects/<int:project_id>/move/", projects.project_move, name="project_move"),
    path("projects/<int:project_id>/arrivals/", projects.arrival_add, name="arrival_add"),
    path(
        "projects/<int:project_id>/arrivals/<int:arrival_id>/delete/",
        projects.arrival_remove,
        name="arrival_remove",
    ),
    path("projects/<int:project_id>/register/", projects.project_register, name="project_register"),
    path(
        "projects/<int:project_id>/key-project/",
        projects.project_make_key,
        name="project_make_key",
    ),
    path("arrivals/", dashboard.arrival_list, name="arrivals"),
    path("arrivals/export.xlsx", dashboard.arrival_export, name="arrival_export"),
    path("worklogs/", records.worklog_list, name="worklogs"),
    path("worklogs/export.xlsx", records.worklog_export, name="worklog_export"),
    path("worklogs/new/", records.worklog_edit, name="worklog_create"),
    path("worklogs/<int:worklog_id>/", records.worklog_edit, name="worklog"),
    path("events/", records.event_list, name="events"),
    path("events/export.xlsx", records.event_export, name="event_export"),
    path("events/new/", records.event_edit, name="event_create"),
    path("events/<int:event_id>/", records.event_detail, name="event"),
    path("events/<int:event_id>/edit/", records.event_edit, name="event_edit"),
    path("events/<int:event_id>/projects/", records.event_line_add, name="event_line_add"),
    path(
        "events/<int:event_id>/projects/<int:line_id>/delete/",
        records.event_line_remove,
        name="event_line_remove",
    ),
    path("targets/", dashboard.target_list, name="targets"),
    path("targets/export.xlsx", dashboard.target_export, name="target_export"),
    path("targets/new/", dashboard.target_add, name="target_add"),
    path("targets/<int:target_id>/", dashboard.target_detail, name="target"),
    path("chains/", dashboard.chain_list, name="chains"),
    path("chains/export.xlsx", dashboard.chain_export, name="chain_export"),
    path("chains/<int:chain_id>/", dashboard.chain_detail, name="chain"),
    path("chains/<int:chain_id>/officers/", dashboard.chain_officer_add, name="chain_officer_add"),
    path(
        "chains/<int:chain_id>/officers/<int:link_id>/delete/",
        dashboard.chain_officer_remove,
        name="chain_officer_remove",
    ),
]
