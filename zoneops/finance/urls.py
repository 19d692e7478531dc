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
    path("products/", views.product_list, name="products"),
    path("products/<int:product_id>/review/", views.product_review, name="product_review"),
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
