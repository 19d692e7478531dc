from django.urls import path

from zoneops.support.views import cultivation, programs, work

app_name = "support"

urlpatterns = [
    path("", cultivation.dashboard, name="dashboard"),
    path("policies/", programs.policy_list, name="policies"),
    path("policies/export.xlsx", programs.policy_export, name="policy_export"),
    path("policies/new/", programs.policy_edit, name="policy_create"),
    path("policies/<int:policy_id>/", programs.policy_detail, name="policy"),
    path("policies/<int:policy_id>/edit/", programs.policy_edit, name="policy_edit"),
    path("programs/", programs.program_list, name="programs"),
    path("programs/export.xlsx", programs.program_export, name="program_export"),
    path("programs/new/", programs.program_edit, name="program_create"),
    path("programs/rule-row/", programs.rule_row, name="rule_row"),
    path("programs/<int:program_id>/", programs.program_detail, name="program"),
    path("programs/<int:program_id>/edit/", programs.program_edit, name="program_edit"),
    path(
        "programs/<int:program_id>/matches.xlsx",
        programs.program_matches_export,
        name="program_matches_export",
    ),
    path(
        "programs/<int:program_id>/enterprises/<int:enterprise_id>/",
        programs.match_detail,
        name="match",
    ),
    path(
        "programs/<int:program_id>/enterprises/<int:enterprise_id>/apply/",
        work.application_create,
        name="application_create",
    ),
    path("mine/", programs.my_support, name="mine"),
    path("enterprises/<int:enterprise_id>/", programs.enterprise_support, name="enterprise"),
    path("applications/", work.application_list, name="applications"),
    path("applications/export.xlsx", work.application_export, name="application_export"),
    path("applications/totals.xlsx", work.application_totals_export, name="application_totals"),
    path("applications/<int:application_id>/", work.application_detail, name="application"),
    path(
        "applications/<int:application_id>/action/",
        work.application_action,
        name="application_action",
    ),
    path("difficulties/", work.difficulty_list, name="difficulties"),
    path("difficulties/export.xlsx", work.difficulty_export, name="difficulty_export"),
    path("difficulties/new/", work.difficulty_edit, name="difficulty_create"),
    path(
        "enterprises/<int:enterprise_id>/difficulties/new/",
        work.difficulty_edit,
        name="difficulty_add",
    ),
    path("difficulties/<int:difficulty_id>/", work.difficulty_edit, name="difficulty"),
    path(
        "difficulties/<int:difficulty_id>/appeal/",
        work.difficulty_appeal,
        name="difficulty_appeal",
    ),
    path("cultivation/candidates/", cultivation.candidate_list, name="candidates"),
    path("cultivation/candidates.xlsx", cultivation.candidate_export, name="candidate_export"),
    path("cultivation/<int:pool_id>/", cultivation.pool_detail, name="pool"),
    path("cultivation/<int:pool_id>/export.xlsx", cultivation.pool_export, name="pool_export"),
    path(
        "cultivation/<int:pool_id>/enterprises/<int:enterprise_id>/add/",
        cultivation.membership_add,
        name="membership_add",
    ),
    path(
        "cultivation/members/<int:membership_id>/", cultivation.membership_edit, name="membership"
    ),
    path("notices/", cultivation.notice_list, name="notices"),
    path("notices/<int:notice_id>/read/", cultivation.notice_read, name="notice_read"),
]
