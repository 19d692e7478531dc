"""The outsider walk: every scoped page and API endpoint, as every persona, against objects
outside that persona's scope, answers 404 and changes nothing.

A new URL fails ``test_every_url_is_walked`` until it is added to WALK (with the object kind
it is scoped by) or to UNSCOPED (with the reason it needs no object).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from zoneops.appeals.models import RoutingRule, Topic
from zoneops.appeals.services import appeal_act, attachment_add, extension_request
from zoneops.appeals.tests.factories import department, make_appeal
from zoneops.core.models import ChangeRecord, ExportJob, ImportJob, Role, User
from zoneops.core.tests.factories import DepartmentFactory, UserFactory
from zoneops.enterprises.models import Contact
from zoneops.enterprises.services import chain_membership_set
from zoneops.enterprises.tests.factories import ChainFactory, ChainNodeFactory
from zoneops.finance.tests.factories import finance_outsiders
from zoneops.innovation import services as innovation
from zoneops.investment import services as investment
from zoneops.investment.tests.factories import project as investment_project
from zoneops.monitoring.models import Alert, ProductionSurvey
from zoneops.monitoring.tests.factories import approved_report
from zoneops.projects.tests.factories import KEY_PROJECT_BODIES, project_outsiders
from zoneops.support.models import CultivationPool, FundingProgram, Notice
from zoneops.support.tests import factories as support_factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    # The walk's appeals carry a photo: keep it out of var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


# url name -> (object kind, methods). The object kind names a key of the outsider objects.
WALK: dict[str, tuple[str, tuple[str, ...]]] = {
    "enterprises:detail": ("enterprise", ("GET",)),
    "enterprises:edit": ("enterprise", ("GET", "POST")),
    "enterprises:contact_add": ("enterprise", ("POST",)),
    "enterprises:contact_remove": ("contact", ("POST",)),
    "enterprises:chain_place": ("enterprise", ("POST",)),
    "enterprises:chain": ("chain", ("GET",)),
    "enterprises:classification_decide": ("enterprise", ("POST",)),
    "imports:detail": ("import_job", ("GET",)),
    "imports:commit": ("import_job", ("POST",)),
    "imports:cancel": ("import_job", ("POST",)),
    "imports:retry": ("import_job", ("POST",)),
    "imports:progress": ("import_job", ("GET",)),
    "imports:errors": ("import_job", ("GET",)),
    "exports:detail": ("export_job", ("GET",)),
    "exports:progress": ("export_job", ("GET",)),
    "exports:download": ("export_job", ("GET",)),
    "exports:cancel": ("export_job", ("POST",)),
    "exports:retry": ("export_job", ("POST",)),
    "users:edit": ("user", ("GET", "POST")),
    "users:revoke_tokens": ("user", ("POST",)),
    "monitoring:report": ("report", ("GET",)),
    "monitoring:report_action": ("report", ("POST",)),
    "monitoring:report_correct": ("report", ("GET", "POST")),
    "monitoring:enterprise_history": ("enterprise", ("GET",)),
    "monitoring:alert_handle": ("alert", ("POST",)),
    "monitoring:survey_answer": ("enterprise", ("GET", "POST")),
    "finance:need": ("finance_need", ("GET",)),
    "finance:grant_add": ("finance_need", ("POST",)),
    "finance:push": ("finance_need", ("POST",)),
    "finance:claim": ("finance_need", ("POST",)),
    "finance:grant_revoke": ("finance_grant", ("POST",)),
    "finance:case": ("finance_case", ("GET",)),
    "finance:case_step": ("finance_case", ("POST",)),
    "finance:case_refuse": ("finance_case", ("POST",)),
    "finance:case_disburse": ("finance_case", ("POST",)),
    "finance:session": ("finance_session", ("GET",)),
    "finance:signing_add": ("finance_session", ("POST",)),
    "finance:product_review": ("finance_product", ("POST",)),
    "finance:product": ("finance_product", ("GET",)),
    "finance:product_edit": ("finance_product", ("GET", "POST")),
    "finance:listing_enrol": ("enterprise", ("POST",)),
    "finance:advisor_assign": ("enterprise", ("POST",)),
    "finance:assignment": ("finance_assignment", ("GET",)),
    "finance:measure_add": ("finance_assignment", ("POST",)),
    "finance:log_add": ("finance_assignment", ("POST",)),
    "finance:problem_add": ("finance_assignment", ("POST",)),
    "finance:measure_done": ("finance_measure", ("POST",)),
    "finance:problem_solve": ("finance_problem", ("POST",)),
    "finance:coord_entry": ("finance_entry", ("GET",)),
    "finance:coord_entry_check": ("finance_entry", ("POST",)),
    "finance:coord_entry_decide": ("finance_entry", ("POST",)),
    "finance:coord_entry_push": ("finance_entry", ("POST",)),
    "finance:listing_company": ("finance_listing", ("GET",)),
    "finance:listing_update": ("finance_listing", ("POST",)),
    "finance:listing_milestone": ("finance_listing", ("POST",)),
    "finance:listing_issue": ("finance_listing", ("POST",)),
    "appeals:detail": ("appeal", ("GET",)),
    "appeals:act": ("appeal", ("POST",)),
    "appeals:rate": ("appeal", ("POST",)),
    "appeals:extension_request": ("appeal", ("POST",)),
    "appeals:extension_decide": ("extension", ("POST",)),
    "appeals:attachment_add": ("appeal", ("POST",)),
    "investment:lead_review": ("project", ("POST",)),
    "appeals:attachment": ("appeal_attachment", ("GET",)),
    "projects:detail": ("key_project", ("GET",)),
    "projects:edit": ("key_project", ("GET", "POST")),
    "projects:update_add": ("key_project", ("POST",)),
    "projects:problem_add": ("key_project", ("POST",)),
    "projects:problem_resolve": ("key_problem", ("POST",)),
    "projects:member_add": ("key_project", ("POST",)),
    "projects:member_remove": ("key_member", ("POST",)),
    "projects:funding_add": ("key_project", ("POST",)),
    "projects:funding_remove": ("key_funding", ("POST",)),
    "projects:attachment": ("key_attachment", ("GET",)),
    "investment:project": ("project", ("GET",)),
    "investment:project_edit": ("project", ("GET", "POST")),
    "investment:project_move": ("project", ("POST",)),
    "investment:project_register": ("project", ("GET", "POST")),
    "investment:project_make_key": ("project", ("POST",)),
    "investment:arrival_add": ("project", ("POST",)),
    "investment:arrival_remove": ("arrival", ("POST",)),
    "investment:worklog": ("worklog", ("GET", "POST")),
    # Events are public acts for every user of the module: only those without it are walked.
    "investment:event": ("event", ("GET",)),
    "investment:event_edit": ("event", ("GET", "POST")),
    "investment:event_line_add": ("event", ("POST",)),
    "investment:event_line_remove": ("event_line", ("POST",)),
    "investment:target": ("target", ("GET", "POST")),
    "investment:chain": ("chain", ("GET",)),
    "investment:chain_officer_add": ("chain", ("POST",)),
    "investment:chain_officer_remove": ("chain_officer", ("POST",)),
    "support:enterprise": ("enterprise", ("GET",)),
    "support:match": ("enterprise", ("GET",)),
    "support:application_create": ("enterprise", ("GET", "POST")),
    "support:difficulty_add": ("enterprise", ("GET", "POST")),
    "support:membership_add": ("enterprise", ("GET", "POST")),
    "support:application": ("application", ("GET", "POST")),
    "support:application_action": ("application", ("POST",)),
    "support:difficulty": ("difficulty", ("GET", "POST")),
    "support:membership": ("membership", ("GET", "POST")),
    "support:notice_read": ("notice", ("POST",)),
    "support:difficulty_appeal": ("difficulty", ("POST",)),
    "approvals:project": ("key_project", ("GET",)),
    "approvals:matrix": ("approval_matrix", ("GET",)),
    "approvals:escalate": ("approval_matrix", ("POST",)),
    "approvals:item": ("approval_item", ("GET", "POST")),
    "innovation:enterprise": ("enterprise", ("GET",)),
    "innovation:recognition_edit": ("recognition", ("GET", "POST")),
    "safety:grid": ("safety_grid", ("GET",)),
    "safety:enterprise": ("enterprise", ("GET",)),
    "safety:profile_edit": ("enterprise", ("GET", "POST")),
    "safety:inspection_add": ("enterprise", ("GET", "POST")),
    "safety:inspection": ("safety_inspection", ("GET",)),
    "safety:hazard": ("safety_hazard", ("GET",)),
    "safety:hazard_act": ("safety_hazard", ("POST",)),
    "safety:inspection_document": ("safety_inspection", ("GET",)),
    "safety:recheck_document": ("safety_hazard", ("GET",)),
    "safety:drill": ("safety_drill", ("GET", "POST")),
    "safety:risk_add": ("enterprise", ("GET", "POST")),
    "safety:plan_add": ("enterprise", ("GET", "POST")),
    "safety:drill_add": ("enterprise", ("GET", "POST")),
    "safety:accident_add": ("enterprise", ("GET", "POST")),
    "safety:shutdown_add": ("enterprise", ("GET", "POST")),
    "safety:inspection_plan": ("safety_inspection_plan", ("GET",)),
    "safety:inspection_plan_edit": ("safety_inspection_plan", ("GET", "POST")),
    "safety:risk_edit": ("safety_risk", ("GET", "POST")),
    "safety:plan_edit": ("safety_plan", ("GET", "POST")),
    "safety:drill_edit": ("safety_drill", ("GET", "POST")),
    "safety:photo": ("safety_photo", ("GET",)),
    "briefing:report": ("briefing", ("GET", "POST")),
    "briefing:report_regenerate": ("briefing", ("POST",)),
    "briefing:report_issue": ("briefing", ("POST",)),
    "briefing:report_document": ("briefing", ("GET",)),
    "briefing:version_document": ("briefing_version", ("GET",)),
}

# Pages and endpoints without an object in the URL: their lists are scoped (tested elsewhere)
# or they are reference data, sign-in, or the API's own documentation.
UNSCOPED = {
    "home",
    # The overview names no object: it shows the user's own scope (a park officer's park) and
    # is 404 to roles without the module, tested in zoneops/briefing/tests/test_overview.py.
    "briefing:overview",
    # The briefings' list starts from visible_to (a park officer's park only) and a new draft
    # names its park in the form, chosen among the writer's own (zoneops/briefing/tests).
    "briefing:reports",
    "briefing:report_create",
    # Safety's dashboard and lists start from visible_to (zoneops/safety/tests/test_scope.py);
    # a hazard reported through the API names its enterprise in the body (404 outside scope,
    # tested there too).
    "safety:home",
    "safety:hazards",
    "api:safety_grid_list",
    "api:safety_hazard_list",
    "api:safety_hazard_create",
    "api:safety_inspection_list",
    "api:safety_stats",
    # The risk list, drills and accidents start from visible_to too; a record written through
    # the API names its enterprise in the body, 404 outside scope
    # (zoneops/safety/tests/test_risks.py).
    "safety:risks",
    "safety:drills",
    "safety:accidents",
    "api:safety_risk_list",
    "api:safety_risk_create",
    "api:safety_plan_list",
    "api:safety_plan_create",
    "api:safety_drill_list",
    "api:safety_drill_create",
    "api:safety_drill_duties",
    "api:safety_accident_list",
    "api:safety_accident_create",
    # Inspection plans: the list starts from the plans with a target in sight, and making one
    # is the bureau's (zone-wide); shutdowns start from visible_to and a new one names its
    # enterprise in the body, 404 outside scope (zoneops/safety/tests/test_plans.py).
    "safety:inspection_plans",
    "safety:inspection_plan_add",
    "safety:restart_plan_add",
    "api:safety_inspection_plan_list",
    "api:safety_shutdown_list",
    "api:safety_shutdown_create",
    # The statistics and the weekly bulletin start from visible_to; a park out of sight named
    # in the query is 404 (zoneops/safety/tests/test_bulletin.py).
    "safety:statistics",
    "safety:bulletin_document",
    "safety:bulletin_table",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "history",
    "set_language",
    "enterprises:list",
    "enterprises:mine",
    "enterprises:export",
    "enterprises:create",
    "enterprises:chains",
    "enterprises:industries",
    # The derived classifications are zone-wide reference tables (404 to enterprises and banks,
    # who have no module); their queue starts from the enterprises one sees, and importing a
    # table or creating one is a role check (403): enterprises/tests/test_classifications.py.
    "enterprises:classifications",
    "enterprises:classification_create",
    "enterprises:classification_queue",
    "enterprises:classification",
    "enterprises:classification_import",
    "users:list",
    "users:create",
    # Administrators only (a module: 404 to everyone else), tested in
    # tests/core/test_schedules.py; a job is named by its key, not an object in scope.
    "schedules:list",
    "schedules:run",
    # For load balancers, anonymous, the checks' outcomes only (zoneops/core/tests/test_health.py).
    "healthz",
    "readyz",
    "imports:list",
    "imports:upload",
    # The holiday calendar is zone-wide reference data; entering it is a role check (403) and
    # enterprises get 404, tested in zoneops/core/tests/test_calendar.py.
    "calendar",
    "calendar_delete",
    "calendar_export",
    # Every person's own exports only (the list filters by owner; tests/core/test_export_jobs.py).
    "exports:list",
    "monitoring:dashboard",
    "monitoring:summary_export",
    # The structure is the dashboard's place (the user's scope, or one of their parks); the
    # bureau's shares are entered by role (403): zoneops/monitoring/tests/test_structure.py.
    "monitoring:structure",
    "monitoring:structure_share",
    "monitoring:periods",
    "monitoring:period",
    "monitoring:fill",
    # Batch approval names its reports in the form: one outside the reviewer's scope is 404,
    # tested in zoneops/monitoring/tests/test_report_pages.py.
    "monitoring:period_approve",
    # The catalogue is zone-wide reference data; editing it is a role check (403), tested in
    # zoneops/monitoring/tests/test_catalogue.py.
    "monitoring:catalogue",
    "monitoring:catalogue_add",
    "monitoring:catalogue_edit",
    # Surveys and the province table are zone-wide reference; their answers and summaries are
    # scoped per enterprise (walked below, and in zoneops/monitoring/tests/test_surveys.py).
    "monitoring:survey_list",
    "monitoring:survey_detail",
    "monitoring:survey_export",
    "monitoring:province",
    "monitoring:nowcast",
    "api:survey_list",
    "api:survey_detail",
    "api:survey_respond",
    "api:province_rank",
    "api:estimate_list",
    "api:api-root",
    "api:openapi-json",
    "api:openapi-view",
    "api:token_create",
    # Revokes only the caller's own tokens (zoneops/core/tests/test_sign_in_security.py).
    "api:token_revoke",
    "api:park_list",
    "api:enterprise_list",
    "api:indicator_list",
    "api:period_list",
    "api:report_list",
    "api:report_put",
    "api:aggregates",
    "api:target_list",
    "api:alert_list",
    "api:enterprise_create",
    "api:industry_list",
    "api:chain_list",
    "monitoring:ledger",
    "monitoring:ledger_export",
    "monitoring:targets",
    "monitoring:target_add",
    "monitoring:alerts",
    # 达产达效 names no object: its rows are the user's scope (an outsider's ?park= is 404) and
    # its two writes take the enterprise from the user's own list (422 for another park's),
    # tested in zoneops/monitoring/tests/test_capacity.py.
    "monitoring:capacity",
    "monitoring:growth_point_add",
    "monitoring:output_target_add",
    # Appeal lists, intake and statistics are scoped lists (zoneops/appeals/tests); routing
    # rules and time limits are zone-wide configuration whose changes
    # are a role check (403), tested in zoneops/appeals/tests/test_pages.py.
    "appeals:list",
    "appeals:export",
    "appeals:create",
    "appeals:stats",
    "appeals:stats_export",
    "appeals:rules",
    "appeals:rule_edit",
    "appeals:rule_delete",
    "appeals:rules_export",
    "appeals:limits",
    "appeals:limits_export",
    "api:appeal_list",
    "api:appeal_create",
    "api:appeal_stats",
    # The plan, its export and dashboard are lists scoped per project; creating a project and
    # the warning rules are role checks (403), tested in zoneops/projects/tests/test_pages.py.
    "projects:plan",
    "projects:export",
    "projects:dashboard",
    "projects:rules",
    "projects:create",
    # Approvals: the board, intake and the API lists start from visible_to (the matrices of
    # the key projects one sees: zoneops/approvals/tests/test_pages.py); templates are the
    # zone's reference; opening a matrix offers only the projects one may open it for.
    "approvals:board",
    "approvals:create",
    "approvals:intake",
    "approvals:templates",
    "approvals:template_item_edit",
    "api:approval_template_list",
    "api:approval_matrix_list",
    "api:approval_matrix_create",
    "api:approval_intake_list",
    "api:approval_intake_create",
    # Innovation: the dashboard, the talent list and the API lists start from visible_to (the
    # enterprises one sees: zoneops/innovation/tests); the forms take their enterprise from
    # the same list.
    "innovation:dashboard",
    "innovation:recognition_create",
    "innovation:talents",
    "innovation:talent_create",
    "api:innovation_recognition_list",
    "api:innovation_platform_list",
    "api:innovation_recognition_create",
    "api:innovation_talent_list",
    "api:innovation_talent_create",
    "api:key_project_list",
    "api:key_project_create",
    "api:key_project_dashboard",
    # Investment lists, exports and forms without an object: their lists are scoped
    # (zoneops/investment/tests/test_scope.py) and the module is 404 for other roles.
    "investment:dashboard",
    "investment:board",
    "investment:projects",
    "investment:project_export",
    "investment:project_create",
    "investment:arrivals",
    "investment:arrival_export",
    "investment:worklogs",
    "investment:worklog_export",
    "investment:worklog_create",
    "investment:events",
    "investment:event_export",
    "investment:event_create",
    "investment:targets",
    "investment:target_export",
    "investment:target_add",
    "investment:chains",
    "investment:chain_export",
    # 全员招商: an officer's own leads and the bureau's queue start from visible_to
    # (zoneops/investment/tests/test_leads.py); the form has no object.
    "investment:leads",
    "investment:lead_create",
    "api:project_list",
    "api:project_create",
    "api:arrival_list",
    "api:worklog_list",
    "api:worklog_create",
    "api:event_list",
    "api:event_create",
    "api:target_create",
    "api:dashboard",
    # Enterprise services: lists start from visible_to (tested in zoneops/support/tests);
    # policies, programs and pools are zone-wide notices every signed-in user may read, and
    # who matches a program is computed over the reader's own enterprises only.
    "support:dashboard",
    "support:policies",
    "support:policy_export",
    "support:policy_create",
    "support:policy",
    "support:policy_edit",
    "support:programs",
    "support:program_export",
    "support:program_create",
    "support:rule_row",
    "support:program",
    "support:program_edit",
    "support:program_matches_export",
    "support:mine",
    "support:applications",
    "support:application_export",
    "support:application_totals",
    "support:difficulties",
    "support:difficulty_export",
    "support:difficulty_create",
    "support:candidates",
    "support:candidate_export",
    "support:pool",
    "support:pool_export",
    "support:notices",
    "api:support_policy_list",
    "api:support_program_list",
    "api:support_program_detail",
    "api:support_program_rules_put",
    "api:support_program_matches",
    "api:support_application_list",
    "api:support_application_totals",
    "api:support_difficulty_list",
    "api:support_candidate_list",
    "api:support_member_list",
    "api:support_policy_create",
    "api:support_program_create",
    # Finance lists start from visible_to (a bank: only needs granted to it, while the grant is
    # in force), the dashboard is 404 to banks and enterprises, and a need's form takes its
    # enterprise from the user or a visible one (zoneops/finance/tests).
    "finance:home",
    "finance:needs",
    "finance:need_create",
    "finance:worklist",
    "finance:dashboard",
    "finance:stats_export",
    "finance:sessions",
    "finance:products",
    # A bank files a product for its own bank (the rule row is a blank form fragment).
    "finance:product_add",
    "finance:product_rule_row",
    "finance:listing",
    "finance:listing_candidates",
    "finance:advisors",
    "finance:advisor_create",
    "finance:session_create",
    "api:finance_need_list",
    "api:finance_need_create",
    "api:finance_case_list",
    "api:finance_product_list",
    "api:finance_session_list",
    "api:finance_stats",
    "api:finance_listing_list",
    "api:finance_listing_candidates",
    # The coordination lists start from visible_to; the visit form takes a visible enterprise
    # (by credit code or id); the ranking is 404 to banks and enterprises and counts what the
    # user sees (zoneops/finance/tests/test_coordination.py).
    "finance:coordination",
    "finance:coord_visit_add",
    "finance:coord_ranking",
    "finance:coord_ranking_export",
    "api:finance_coord_visit_list",
    "api:finance_coord_visit_create",
    "api:finance_coord_entry_list",
    "api:finance_coord_ranking",
    # The enterprise is in the body: an outsider's is 404 (zoneops/support/tests/test_scope.py,
    # test_api_writes.py).
    "api:support_application_create",
    "api:support_difficulty_create",
}

API_WALK: dict[str, tuple[str, tuple[str, ...]]] = {
    "api:finance_need_detail": ("finance_need", ("GET",)),
    "api:finance_grant_list": ("finance_need", ("GET",)),
    "api:finance_grant_create": ("finance_need", ("POST",)),
    "api:finance_push": ("finance_need", ("POST",)),
    "api:finance_claim": ("finance_need", ("POST",)),
    "api:finance_grant_revoke": ("finance_grant", ("POST",)),
    "api:finance_case_detail": ("finance_case", ("GET",)),
    "api:finance_case_steps": ("finance_case", ("GET",)),
    "api:finance_case_step": ("finance_case", ("POST",)),
    "api:finance_case_refuse": ("finance_case", ("POST",)),
    "api:finance_disbursement_list": ("finance_case", ("GET",)),
    "api:finance_disbursement_create": ("finance_case", ("POST",)),
    "api:finance_session_detail": ("finance_session", ("GET",)),
    "api:finance_listing_detail": ("finance_listing", ("GET",)),
    "api:finance_coord_entry_detail": ("finance_entry", ("GET",)),
    "api:finance_product_matches": ("finance_product", ("GET",)),
    "api:finance_coord_entry_check": ("finance_entry", ("POST",)),
    "api:finance_coord_entry_review": ("finance_entry", ("POST",)),
    "api:finance_coord_entry_push": ("finance_entry", ("POST",)),
    "api:safety_hazard_detail": ("safety_hazard", ("GET",)),
    "api:safety_hazard_step": ("safety_hazard", ("POST",)),
    "api:safety_risk_detail": ("safety_risk", ("GET",)),
    "api:safety_drill_detail": ("safety_drill", ("GET",)),
    "api:safety_drill_hazard": ("safety_drill", ("POST",)),
    "api:safety_accident_detail": ("safety_accident", ("GET",)),
    "api:safety_inspection_plan_detail": ("safety_inspection_plan", ("GET",)),
    "api:enterprise_detail": ("enterprise", ("GET",)),
    "api:enterprise_patch": ("enterprise", ("PATCH",)),
    "api:report_detail": ("report", ("GET",)),
    "api:report_action": ("report", ("POST",)),
    "api:alert_handle": ("alert", ("POST",)),
    "api:appeal_detail": ("appeal", ("GET",)),
    "api:appeal_events": ("appeal", ("GET",)),
    "api:appeal_act": ("appeal", ("POST",)),
    "api:appeal_rate": ("appeal", ("POST",)),
    "api:key_project_detail": ("key_project", ("GET",)),
    "api:key_project_patch": ("key_project", ("PATCH",)),
    "api:key_project_updates": ("key_project", ("GET",)),
    "api:key_project_update_create": ("key_project", ("POST",)),
    "api:key_project_problems": ("key_project", ("GET",)),
    "api:key_project_problem_create": ("key_project", ("POST",)),
    "api:key_project_problem_resolve": ("key_problem", ("POST",)),
    "api:key_project_member_put": ("key_project", ("PUT",)),
    "api:key_project_funding_create": ("key_project", ("POST",)),
    "api:project_detail": ("project", ("GET",)),
    "api:project_patch": ("project", ("PATCH",)),
    "api:project_move": ("project", ("POST",)),
    "api:project_make_key": ("project", ("POST",)),
    "api:project_stages": ("project", ("GET",)),
    "api:project_history": ("project", ("GET",)),
    "api:project_arrivals": ("project", ("GET",)),
    "api:arrival_add": ("project", ("POST",)),
    "api:event_detail": ("event", ("GET",)),
    "api:event_line_add": ("event", ("POST",)),
    "api:chain_detail": ("chain", ("GET",)),
    "api:support_match_detail": ("enterprise", ("GET",)),
    "api:support_enterprise_matches": ("enterprise", ("GET",)),
    "api:support_application_detail": ("application", ("GET",)),
    "api:support_application_action": ("application", ("POST",)),
    "api:support_difficulty_detail": ("difficulty", ("GET",)),
    "api:support_difficulty_appeal": ("difficulty", ("POST",)),
    "api:approval_matrix_detail": ("approval_matrix", ("GET",)),
    "api:approval_item_update": ("approval_item", ("PATCH",)),
    "api:innovation_recognition_detail": ("recognition", ("GET",)),
    "api:innovation_recognition_patch": ("recognition", ("PATCH",)),
}


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


def test_every_url_is_walked():
    names = _names(get_resolver())
    unknown = names - set(WALK) - set(API_WALK) - UNSCOPED
    assert not unknown, f"add these URLs to the outsider walk: {sorted(unknown)}"


def _outsiders(world: Any) -> dict[str, dict[str, Any]]:
    """For each persona, one object of each kind that lies outside its scope."""
    chain_x = ChainFactory(name="甲链")
    chain_y = ChainFactory(name="乙链")
    node_y = ChainNodeFactory(chain=chain_y, name="乙环节")
    chain_membership_set(
        actor=None, enterprise=world.enterprise_x, chain=chain_x, node=None, check=False
    )
    chain_membership_set(
        actor=None, enterprise=world.enterprise_y, chain=chain_y, node=node_y, check=False
    )
    contact_x = Contact.objects.create(enterprise=world.enterprise_x, name="甲联系人")
    contact_y = Contact.objects.create(enterprise=world.enterprise_y, name="乙联系人")
    # Falling output for both: each gets a monthly report and a red alert.
    report_x = approved_report(world.enterprise_x, 2024, 1, output_value=(70, 70, 100))
    report_y = approved_report(world.enterprise_y, 2024, 1, output_value=(70, 70, 100))
    alert_x = Alert.objects.get(enterprise=world.enterprise_x, rule__code="output-fall")
    alert_y = Alert.objects.get(enterprise=world.enterprise_y, rule__code="output-fall")
    ProductionSurvey.objects.create(
        title="春节生产计划",
        holiday_start="2025-01-28",
        holiday_end="2025-02-04",
        deadline="2099-01-20",
        above_scale_only=False,
    )
    appeal_x, appeal_y, extension_x, extension_y = _appeals(world)
    program = support_factories.program(name="走查专项")
    app_x = support_factories.application(world.enterprise_x, program)
    app_y = support_factories.application(world.enterprise_y, program)
    support_x = {
        "application": app_x,
        "difficulty": support_factories.difficulty(world.enterprise_x),
        "membership": support_factories.membership(world.enterprise_x),
    }
    support_y = {
        "application": app_y,
        "difficulty": support_factories.difficulty(world.enterprise_y),
        "membership": support_factories.membership(world.enterprise_y),
    }
    # A notice is its recipient's alone: every persona meets one addressed to someone else.
    notice = Notice.objects.create(recipient=world.admin, key="walk", message="走查提醒")
    job = ImportJob.objects.create(
        kind="enterprises",
        file_name="a.xlsx",
        stored_path="/nonexistent",
        status="refused",
        created_by=world.admin,
    )
    recognitions = [
        innovation.recognition_save(
            actor=None,
            data={
                "enterprise": e,
                "kind": "high_tech",
                "level": "national",
                "issued_on": dt.date(2024, 6, 1),
            },
            check=False,
        )
        for e in (world.enterprise_x, world.enterprise_y)
    ]
    # An export is its owner's alone: everyone walked meets the administrator's.
    export_job = ExportJob.objects.create(
        kind="enterprises.registry", title="企业库导出", status="failed", created_by=world.admin
    )
    in_b = {
        "recognition": recognitions[1],
        "report": report_y,
        "alert": alert_y,
        "enterprise": world.enterprise_y,
        "contact": contact_y,
        "chain": chain_y,
        "import_job": job,
        "export_job": export_job,
        "user": world.admin,
        "appeal": appeal_y,
        "appeal_attachment": appeal_y.attachments.get(),
        "extension": extension_y,
        "notice": notice,
        **support_y,
    }
    in_a = {
        "recognition": recognitions[0],
        "report": report_x,
        "alert": alert_x,
        "enterprise": world.enterprise_x,
        "contact": contact_x,
        "chain": chain_x,
        "import_job": job,
        "export_job": export_job,
        "user": world.admin,
        "appeal": appeal_x,
        "appeal_attachment": appeal_x.attachments.get(),
        "extension": extension_x,
        "notice": notice,
        **support_x,
    }
    invest_x, invest_y = _investment(world, chain_x, chain_y)
    in_a |= invest_x
    in_b |= invest_y
    # Zone-wide personas have no outside enterprise; they still meet the admin-only objects
    # (and a notice addressed to someone else).
    admin_only = {
        "import_job": job,
        "export_job": export_job,
        "user": world.admin,
        "notice": notice,
    }
    # Key projects: the task force serves on park A's project only; the economic officer's
    # department owns no problem on either project.
    projects_a, projects_b = project_outsiders(world)
    projects_a |= _approvals(projects_a["key_project"])
    projects_b |= _approvals(projects_b["key_project"])
    in_a |= projects_a
    in_b |= projects_b
    # Finance: each enterprise's need, granted to another bank than the persona's, its grant,
    # case and a product still in review; a session only its own signers and banks see.
    finance_a, finance_b, finance_session = finance_outsiders(world)
    in_a |= finance_a
    in_b |= finance_b
    safety_a, safety_b = _safety(world)
    in_a |= safety_a
    in_b |= safety_b
    in_a |= _briefing(world.park_a)
    in_b |= _briefing(world.park_b)
    # Those who may not use the investment module meet its objects too, events included.
    no_module = {"event": invest_y["event_line"].event}
    # A session is every officer's; a bank or an enterprise sees it only as a party to it.
    party = {"finance_session": finance_session}
    return {
        "park_a_officer": in_b,
        "park_b_officer": in_a,
        "ent_x_user": in_b | no_module | party,
        "ent_y_user": in_a | no_module | party,
        "bank_user": in_b | no_module | party,
        "task_force": in_b | no_module | party,
        # A grid member (网格员) of park A's grid: park B's enterprises, and every other module.
        "grid_member": in_b | no_module | party,
        "leader": admin_only,
        # A department officer sees only the appeals routed to their department, and no
        # investment project (the module is the investment bureau's).
        "econ": admin_only
        | {
            "appeal": appeal_x,
            "extension": extension_x,
            "appeal_attachment": appeal_x.attachments.get(),
        }
        | projects_a
        | invest_y
        | no_module
        | safety_a,
    }


def _briefing(park: Any) -> dict[str, Any]:
    """A park's monthly briefing, issued once (a park officer of another park meets it)."""
    from zoneops.briefing.models import Briefing, BriefingVersion

    briefing = Briefing.objects.create(year=2024, month=1, park=park, number=1, next_steps="x")
    version = BriefingVersion.objects.create(
        briefing=briefing, version=1, snapshot={}, issued_at="2024-02-05T09:00:00+08:00"
    )
    return {"briefing": briefing, "briefing_version": version}


def _approvals(project: Any) -> dict[str, Any]:
    """The key project's approval matrix (visible exactly when the project is) and an item."""
    from zoneops.approvals import services as approvals
    from zoneops.approvals.models import ApprovalTemplate
    from zoneops.approvals.tests.factories import import_templates

    if not ApprovalTemplate.objects.exists():
        import_templates()
    matrix = approvals.matrix_create(
        actor=None,
        key_project=project,
        template=ApprovalTemplate.objects.get(code="LOW-RISK"),
        check=False,
    )
    return {"approval_matrix": matrix, "approval_item": matrix.items.first()}


def _safety(world: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A safety grid in each park (park A's worked by the grid-member persona), each
    enterprise profiled into its park's grid, with an inspection and a hazard."""
    from zoneops.core.models import Area
    from zoneops.safety import services as safety

    item = safety.checklist_item_save(
        actor=None,
        name="走查检查表",
        theme="general",
        version=1,
        number=1,
        data={"category": "x", "content": "安全出口畅通", "basis": "", "major_rule": ""},
        check=False,
    )
    found = []
    for park, enterprise, code in (
        (world.park_a, world.enterprise_x, "WG-A"),
        (world.park_b, world.enterprise_y, "WG-B"),
    ):
        area = Area.objects.create(park=park, name=f"{park.name}走查片区")
        members = [_grid_member()] if code == "WG-A" else []
        grid = safety.grid_save(
            actor=None,
            data={"area": area, "code": code, "name": code, "frequency_days": 30},
            members=members,
            check=False,
        )
        safety.profile_save(actor=None, enterprise=enterprise, data={"grid": grid}, check=False)
        inspection = safety.inspection_record(
            actor=None,
            enterprise=enterprise,
            data={
                "source": "supervision",
                "inspected_on": dt.date(2024, 3, 1),
                "inspectors": "走查",
            },
            results=[safety.ResultInput(item=item, outcome="pass", photos=[_photo()])],
            check=False,
        )
        hazard = safety.hazard_report(
            actor=None,
            enterprise=enterprise,
            source="supervision",
            found_on=dt.date(2024, 3, 1),
            data={"description": "走查隐患", "deadline_days": 5},
            check=False,
        )
        point = safety.risk_point_save(
            actor=None,
            enterprise=enterprise,
            data={"code": "FX-1", "place": "走查", "factors": "x", "accident_type": "fire",
                  "level": "red", "controls": "x", "control_level": "post", "responsible": "x"},
            check=False,
        )  # fmt: skip
        plan = safety.emergency_plan_save(
            actor=None,
            enterprise=enterprise,
            data={"name": "走查预案", "kind": "onsite", "filed_on": dt.date(2024, 1, 1),
                  "valid_until": dt.date(2027, 1, 1)},
            check=False,
        )  # fmt: skip
        drill = safety.drill_save(
            actor=None,
            enterprise=enterprise,
            data={"kind": "onsite", "form": "live", "held_on": dt.date(2024, 3, 1),
                  "participants": 5},
            check=False,
        )  # fmt: skip
        accident = safety.accident_save(
            actor=None,
            enterprise=enterprise,
            data={"occurred_on": dt.date(2024, 3, 1), "place": "走查", "kind": "fire"},
            check=False,
        )
        inspection_plan = safety.plan_save(
            actor=None,
            data={"name": f"{code}督导检查", "kind": "supervision",
                  "start_on": dt.date(2024, 3, 1), "end_on": dt.date(2024, 3, 31)},
            grids=[grid],
            check=False,
        )  # fmt: skip
        found.append(
            {
                "safety_inspection_plan": inspection_plan,
                "safety_grid": grid,
                "safety_inspection": inspection,
                "safety_hazard": hazard,
                "safety_risk": point,
                "safety_drill": drill,
                "safety_accident": accident,
                "safety_plan": plan,
                "safety_photo": inspection.results.get().photos.get(),
            }
        )
    return found[0], found[1]


def _grid_member() -> Any:
    return UserFactory(username="t-grid-walk", role=Role.GRID_MEMBER)


def _photo() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("现场.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64)


def _appeals(world: Any) -> tuple[Any, ...]:
    """An appeal of each enterprise, both routed to 项目办 (not the econ persona's
    department), each with a pending extension request."""
    projects = department("projects", "项目办")
    RoutingRule.objects.create(topic=Topic.LAND, department=projects)
    appeal_x = make_appeal(world.enterprise_x, topic=Topic.LAND)
    appeal_y = make_appeal(world.enterprise_y, topic=Topic.LAND)
    for appeal in (appeal_x, appeal_y):
        # Extensions are asked while the department works the appeal.
        appeal_act(None, appeal=appeal, action="dispatch", check=False)
        attachment_add(None, appeal=appeal, uploads=[_photo()], check=False)
    extensions = [
        extension_request(None, appeal=a, days=2, reason="需协调", check=False)
        for a in (appeal_x, appeal_y)
    ]
    return appeal_x, appeal_y, extensions[0], extensions[1]


def _investment(world: Any, chain_x: Any, chain_y: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A project in each park, on each chain, with its funds, work log, event line, a chain
    team and an officer's target (which a park officer does not read)."""
    dept = DepartmentFactory(code="investment", name="招商局")
    officer = UserFactory(username="t-invest", role=Role.DEPARTMENT_OFFICER, department=dept)
    event = investment.event_save(
        actor=None,
        data={"kind": "signing", "title": "签约仪式", "on": dt.date(2024, 2, 28), "place": "x"},
        check=False,
    )
    target = investment.target_save(
        actor=None,
        year=2024,
        scope="officer",
        officer=officer,
        project_count=1,
        amount=Decimal(1),
        check=False,
    )
    found = []
    for park, chain in ((world.park_a, chain_x), (world.park_b, chain_y)):
        project = investment_project(name=f"{park}项目", officer=officer, chain=chain, park=park)
        investment.project_move(
            actor=None, project=project, to_stage="signed", on=dt.date(2024, 2, 1), check=False
        )
        project.refresh_from_db()
        found.append(
            {
                "project": project,
                "arrival": investment.arrival_save(
                    actor=None,
                    project=project,
                    month=dt.date(2024, 2, 1),
                    origin="outside_province",
                    amount=Decimal(1),
                    check=False,
                ),
                "worklog": investment.worklog_save(
                    actor=officer,
                    data={
                        "kind": "trip",
                        "on": dt.date(2024, 1, 8),
                        "place": "x",
                        "counterpart": "y",
                    },
                    projects=[project],
                    check=False,
                ),
                "event_line": investment.event_project_save(
                    actor=None, event=event, project=project, role="released", check=False
                ),
                "chain_officer": investment.chain_officer_set(
                    actor=None, chain=chain, officer=officer, check=False
                ),
                "target": target,
            }
        )
    return found[0], found[1]


def _kwargs(name: str, kind: str, obj: Any) -> dict[str, int]:
    if kind.startswith("key_"):
        return _key_project_kwargs(kind, obj)
    if kind == "arrival":
        return {"project_id": obj.project_id, "arrival_id": obj.pk}
    if kind == "recognition":
        return {"recognition_id": obj.pk}
    if name == "safety:inspection_document":
        return {"inspection_id": obj.pk, "doc": "record"}
    if kind == "briefing":
        return {"briefing_id": obj.pk}
    if kind == "briefing_version":
        return {"version_id": obj.pk}
    if kind == "approval_matrix":
        return {"matrix_id": obj.pk}
    if kind == "approval_item":
        return {"item_id": obj.pk}
    if kind == "event_line":
        return {"event_id": obj.event_id, "line_id": obj.pk}
    if kind == "chain_officer":
        return {"chain_id": obj.chain_id, "link_id": obj.pk}
    if kind == "appeal_attachment":
        return {"appeal_id": obj.appeal_id, "attachment_id": obj.pk}
    if name == "monitoring:survey_answer":
        return {"survey_id": ProductionSurvey.objects.get().pk, "enterprise_id": obj.pk}
    if name in ("support:match", "support:application_create", "api:support_match_detail"):
        return {"program_id": FundingProgram.objects.get().pk, "enterprise_id": obj.pk}
    if name == "support:membership_add":
        return {
            "pool_id": CultivationPool.objects.get(kind="above_scale").pk,
            "enterprise_id": obj.pk,
        }
    if name == "enterprises:contact_remove":
        return {"enterprise_id": obj.enterprise_id, "contact_id": obj.pk}
    key = {
        "enterprise": "enterprise_id",
        "contact": "contact_id",
        "chain": "chain_id",
        "import_job": "job_id",
        "export_job": "job_id",
        "user": "user_id",
        "report": "report_id",
        "alert": "alert_id",
        "appeal": "appeal_id",
        "extension": "extension_id",
        "project": "project_id",
        "worklog": "worklog_id",
        "event": "event_id",
        "target": "target_id",
        "application": "application_id",
        "difficulty": "difficulty_id",
        "membership": "membership_id",
        "notice": "notice_id",
        "finance_need": "need_id",
        "finance_grant": "grant_id",
        "finance_case": "case_id",
        "finance_session": "session_id",
        "finance_product": "product_id",
        "finance_listing": "company_id",
        "finance_assignment": "assignment_id",
        "finance_measure": "measure_id",
        "finance_problem": "problem_id",
        "finance_entry": "entry_id",
        "safety_grid": "grid_id",
        "safety_inspection": "inspection_id",
        "safety_hazard": "hazard_id",
        "safety_risk": "point_id",
        "safety_drill": "drill_id",
        "safety_accident": "accident_id",
        "safety_plan": "plan_id",
        "safety_inspection_plan": "plan_id",
        "safety_photo": "photo_id",
    }[kind]
    return {key: obj.pk}


def _key_project_kwargs(kind: str, obj: Any) -> dict[str, int]:
    if kind == "key_project":
        return {"project_id": obj.pk}
    if kind == "key_attachment":
        return {"project_id": obj.update.project_id, "attachment_id": obj.pk}
    key = {"key_problem": "problem_id", "key_member": "member_id", "key_funding": "funding_id"}
    return {"project_id": obj.project_id, key[kind]: obj.pk}


def _fingerprint() -> str:
    """A digest of every domain table, to prove a refused request changed nothing."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if (
                table.startswith(
                    (
                        "core_",
                        "enterprises_",
                        "monitoring_",
                        "appeals_",
                        "projects_",
                        "investment_",
                        "support_",
                        "approvals_",
                        "innovation_",
                        "finance_",
                        "safety_",
                    )
                )
                and "session" not in table
            ):
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names from introspection
                rows = sorted(repr(row) for row in cursor.fetchall())
                # last_login moves when the persona signs in; it is not domain data.
                digest.update(
                    table.encode() + repr(rows if table != "core_user" else len(rows)).encode()
                )
    return digest.hexdigest()


# A valid body for each write, so that only scope can refuse it.
BODIES: dict[str, dict[str, Any]] = {
    "api:report_action": {"action": "approve"},
    "api:alert_handle": {"status": "closed", "note": "x"},
    "api:appeal_act": {"action": "handle"},
    "api:appeal_rate": {"rating": "satisfied"},
    **{name: body for name, body in KEY_PROJECT_BODIES.items()},
    "api:project_move": {"to_stage": "negotiating"},
    "api:project_make_key": {"year": 2024, "category": "industrial", "level": "zone"},
    "api:support_difficulty_appeal": {"topic": "land", "urgency": "normal"},
    "api:arrival_add": {"month": "2024-03-01", "origin": "local", "amount": "1"},
    "api:event_line_add": {"project_id": 1, "role": "released"},
    "api:support_application_action": {"status": "submitted"},
    "api:approval_item_update": {"status": "preparing"},
    "api:innovation_recognition_patch": {"status": "revoked"},
    "api:finance_grant_create": {"bank_id": 1, "valid_until": "2027-06-30"},
    "api:finance_push": {"bank_id": 1},
    "api:finance_case_step": {"stage": "accepted"},
    "api:finance_case_refuse": {"reason": "走查"},
    "api:finance_disbursement_create": {"amount": "1", "on": "2024-03-01"},
    "api:finance_coord_entry_check": {"checks": [{"criterion": "lawful", "met": False}]},
    "api:finance_coord_entry_review": {"approve": False, "opinion": "走查"},
    "api:finance_coord_entry_push": {"bank_ids": [1]},
    "api:safety_hazard_step": {"action": "start"},
    "api:safety_drill_hazard": {"description": "走查", "deadline_days": 5},
}


def _request(client: Client, method: str, url: str, name: str) -> int:
    send: Callable[..., Any] = getattr(client, method.lower())
    if method in ("POST", "PATCH", "PUT"):
        body = BODIES.get(name, {"name": "改名", "address": "x"})
        return send(url, json.dumps(body), content_type="application/json").status_code
    return send(url).status_code


def test_outsiders_get_404_and_nothing_changes(world):
    outsiders = _outsiders(world)
    personas = {**world.personas(), "grid_member": User.objects.get(username="t-grid-walk")}
    for persona, objects in outsiders.items():
        client = Client()
        client.force_login(personas[persona])
        before = _fingerprint()
        changes = ChangeRecord.objects.count()
        for name, (kind, methods) in {**WALK, **API_WALK}.items():
            if kind not in objects:
                continue
            url = reverse(name, kwargs=_kwargs(name, kind, objects[kind]))
            for method in methods:
                status = _request(client, method, url, name)
                assert status == 404, f"{persona} {method} {url} answered {status}"
        assert ChangeRecord.objects.count() == changes, persona
        assert _fingerprint() == before, persona


def test_form_posts_out_of_scope_are_404(world):
    """Form-encoded posts (what the pages send) are refused the same way as JSON ones."""
    client = Client()
    client.force_login(world.park_a_officer)
    e = world.enterprise_y
    response = client.post(reverse("enterprises:contact_add", args=[e.pk]), {"name": "侵入"})
    assert response.status_code == 404
    assert not Contact.objects.filter(name="侵入").exists()


def test_anonymous_is_sent_to_login_everywhere(world):
    client = Client()
    for name in (
        "home",
        "enterprises:list",
        "enterprises:chains",
        "history",
        "users:list",
        "imports:list",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith("/login/"), name
    assert (
        client.get(reverse("enterprises:detail", args=[world.enterprise_x.pk])).status_code == 302
    )


def test_modules_a_role_may_not_use_are_404(world, login):
    assert login(world.ent_x_user).get(reverse("enterprises:chains")).status_code == 404
    assert login(world.ent_x_user).get(reverse("users:list")).status_code == 404
    assert login(world.park_a_officer).get(reverse("history")).status_code == 404
    assert login(world.bank_user).get(reverse("enterprises:list")).status_code == 404
    assert login(world.admin).get(reverse("users:list")).status_code == 200


def test_enterprise_user_reaches_own_record_but_not_the_registry(world, login):
    client = login(world.ent_x_user)
    assert client.get(reverse("enterprises:list")).status_code == 404
    mine = client.get(reverse("enterprises:mine"))
    assert mine.status_code == 200 and mine.context["enterprise"] == world.enterprise_x
    assert (
        client.get(reverse("enterprises:detail", args=[world.enterprise_x.pk])).status_code == 200
    )
    assert login(world.leader).get(reverse("enterprises:mine")).status_code == 404
