from django.urls import path

from zoneops.finance import views

app_name = "finance"

urlpatterns = [
    path("", views.home, name="home"),
    path("needs/", views.need_list, name="needs"),
    path("needs/new/", views.need_create, name="need_create"),
    path("needs/<int:need_id>/", views.need_detail, name="need"),
    path("needs/<int:need_id>/grants/", views.grant_add, name="grant_add"),
    path("needs/<int:need_id>/push/", views.push, name="push"),
    path("needs/<int:need_id>/claim/", views.claim, name="claim"),
    path("grants/<int:grant_id>/revoke/", views.grant_revoke, name="grant_revoke"),
    path("work/", views.worklist, name="worklist"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path("cases/<int:case_id>/steps/", views.case_step, name="case_step"),
    path("cases/<int:case_id>/refuse/", views.case_refuse, name="case_refuse"),
    path("cases/<int:case_id>/disbursements/", views.case_disburse, name="case_disburse"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export.xlsx", views.stats_export, name="stats_export"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/<int:session_id>/", views.session_detail, name="session"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:session_id>/signings/", views.signing_add, name="signing_add"),
    path("products/", views.product_list, name="products"),
    path("products/<int:product_id>/", views.product_detail, name="product"),
    path("products/<int:product_id>/review/", views.product_review, name="product_review"),
    path("coordination/", views.coordination, name="coordination"),
    path("coordination/visits/add/", views.coord_visit_add, name="coord_visit_add"),
    path("coordination/entries/<int:entry_id>/", views.coord_entry, name="coord_entry"),
    path(
        "coordination/entries/<int:entry_id>/check/",
        views.coord_entry_check,
        name="coord_entry_check",
    ),
    path(
        "coordination/entries/<int:entry_id>/review/",
        views.coord_entry_decide,
        name="coord_entry_decide",
    ),
    path(
        "coordination/entries/<int:entry_id>/push/", views.coord_entry_push, name="coord_entry_push"
    ),
    path("coordination/ranking/", views.coord_ranking, name="coord_ranking"),
    path(
        "coordination/ranking/export.xlsx",
        views.coord_ranking_export,
        name="coord_ranking_export",
    ),
    path("listing/", views.listing_board, name="listing"),
    path("listing/candidates/", views.listing_candidates, name="listing_candidates"),
    path("listing/enrol/<int:enterprise_id>/", views.listing_enrol, name="listing_enrol"),
    path("listing/<int:company_id>/", views.listing_company, name="listing_company"),
    path("listing/<int:company_id>/edit/", views.listing_update, name="listing_update"),
    path("listing/<int:company_id>/stages/", views.listing_milestone, name="listing_milestone"),
    path("listing/<int:company_id>/issues/", views.listing_issue, name="listing_issue"),
    path("advisors/", views.advisor_list, name="advisors"),
    path("advisors/new/", views.advisor_create, name="advisor_create"),
    path("advisors/assign/<int:enterprise_id>/", views.advisor_assign, name="advisor_assign"),
    path("advisors/<int:assignment_id>/", views.assignment_detail, name="assignment"),
    path("advisors/<int:assignment_id>/measures/", views.measure_add, name="measure_add"),
    path("advisors/<int:assignment_id>/log/", views.log_add, name="log_add"),
    path("advisors/<int:assignment_id>/problems/", views.problem_add, name="problem_add"),
    path("measures/<int:measure_id>/done/", views.measure_done, name="measure_done"),
    path("problems/<int:problem_id>/solve/", views.problem_solve, name="problem_solve"),
]
