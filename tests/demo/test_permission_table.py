"""Every write page and API operation, as every demo login, answers what the one permission
table (``zoneops.core.permissions.ACTIONS``) says: allowed → neither 403 nor 404; refused →
403 (404 where the role may not use the module at all), and nothing is written.

The URL resolver and the OpenAPI schema list what there is: a write that is neither walked
here nor named in ``NOT_WALKED`` (with the reason) fails ``test_every_write_is_in_the_walk``,
so a new one cannot be missed. Each request runs in a savepoint rolled back after it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.demo.conftest import Demo
from zoneops.appeals.models import RoutingRule
from zoneops.approvals.models import ApprovalItem, ApprovalMatrix, TemplateItem
from zoneops.core import permissions
from zoneops.core.models import User
from zoneops.enterprises.models import Classification, Contact, Enterprise
from zoneops.finance.models import Assignment, Entry, Grant, LoanCase, Need, Product, Session
from zoneops.innovation.models import Recognition
from zoneops.investment.models import Project
from zoneops.monitoring.models import Alert
from zoneops.projects.models import FundingSource, KeyProject, Problem, TaskForceMember
from zoneops.safety import plan_queries as safety_plan_queries
from zoneops.safety import queries as safety_queries
from zoneops.safety.models import SafetyProfile
from zoneops.support.models import CultivationPool, FundingProgram, Policy

pytestmark = pytest.mark.django_db

Finder = Callable[[User], dict[str, Any] | None]


def _first(queryset: Any) -> Any:
    return queryset.order_by("pk").first()


def _enterprise(user: User) -> dict[str, int] | None:
    found = _first(Enterprise.objects.visible_to(user))
    return None if found is None else {"enterprise_id": found.pk}


def _contact(user: User) -> dict[str, int] | None:
    found = _first(Contact.objects.filter(enterprise__in=Enterprise.objects.visible_to(user)))
    return None if found is None else {"enterprise_id": found.enterprise_id, "contact_id": found.pk}


def _key_project(user: User) -> dict[str, int] | None:
    visible = KeyProject.objects.visible_to(user)
    found = _first(visible.filter(members__user=user)) or _first(visible)
    return None if found is None else {"project_id": found.pk}


def _project(user: User) -> dict[str, int] | None:
    found = _first(Project.objects.visible_to(user))
    return None if found is None else {"project_id": found.pk}


def _policy(user: User) -> dict[str, int] | None:
    found = _first(Policy.objects.all())
    return None if found is None else {"policy_id": found.pk}


def _program(user: User) -> dict[str, int] | None:
    found = _first(FundingProgram.objects.all())
    return None if found is None else {"program_id": found.pk}


def _other_user(user: User) -> dict[str, int] | None:
    found = _first(User.objects.exclude(pk=user.pk))
    return None if found is None else {"user_id": found.pk}


def _none(user: User) -> dict[str, Any] | None:
    return {}


def _alert(user: User) -> dict[str, Any] | None:
    visible = Alert.objects.visible_to(user)
    found = _first(visible.filter(owner=user)) or _first(visible)
    return None if found is None else {"alert_id": found.pk}


def _problem(user: User) -> dict[str, Any] | None:
    visible = Problem.objects.filter(project__in=KeyProject.objects.visible_to(user))
    found = (
        _first(visible.filter(department_id=user.department_id))
        or _first(visible.filter(project__members__user=user))
        or _first(visible)
    )
    return None if found is None else {"project_id": found.project_id, "problem_id": found.pk}


def _member(user: User) -> dict[str, Any] | None:
    visible = TaskForceMember.objects.filter(project__in=KeyProject.objects.visible_to(user))
    found = _first(visible)
    return None if found is None else {"project_id": found.project_id, "member_id": found.pk}


def _funding(user: User) -> dict[str, Any] | None:
    visible = FundingSource.objects.filter(project__in=KeyProject.objects.visible_to(user))
    found = _first(visible)
    return None if found is None else {"project_id": found.project_id, "funding_id": found.pk}


def _pool_enterprise(user: User) -> dict[str, Any] | None:
    pool = _first(CultivationPool.objects.all())
    enterprise = _enterprise(user)
    return None if pool is None or enterprise is None else {"pool_id": pool.pk, **enterprise}


def _program_enterprise(user: User) -> dict[str, Any] | None:
    program = _program(user)
    enterprise = _enterprise(user)
    return None if program is None or enterprise is None else {**program, **enterprise}


def _safety_enterprise(user: User) -> dict[str, int] | None:
    """An enterprise in the login's safety sight (a grid member's: their grid's)."""
    found = _first(safety_queries.enterprises(user=user).filter(safety_profile__isnull=False))
    return None if found is None else {"enterprise_id": found.pk}


def _safety_risk(user: User) -> dict[str, int] | None:
    found = _first(safety_queries.risk_points(user=user))
    return None if found is None else {"point_id": found.pk}


def _safety_plan(user: User) -> dict[str, int] | None:
    found = _first(safety_queries.emergency_plans(user=user))
    return None if found is None else {"plan_id": found.pk}


def _safety_inspection_plan(user: User) -> dict[str, int] | None:
    found = _first(safety_plan_queries.plans(user=user))
    return None if found is None else {"plan_id": found.pk}


def _safety_drill(user: User) -> dict[str, int] | None:
    found = _first(safety_queries.drills(user=user))
    return None if found is None else {"drill_id": found.pk}


def _routing_rule(user: User) -> dict[str, Any] | None:
    found = _first(RoutingRule.objects.all())
    return None if found is None else {"rule_id": found.pk}


def _approval_matrix(user: User) -> dict[str, Any] | None:
    visible = ApprovalMatrix.objects.visible_to(user)
    found = _first(visible.filter(key_project__members__user=user)) or _first(visible)
    return None if found is None else {"matrix_id": found.pk}


def _approval_item(user: User) -> dict[str, Any] | None:
    visible = ApprovalItem.objects.visible_to(user)
    found = _first(visible.filter(matrix__key_project__members__user=user)) or _first(visible)
    return None if found is None else {"item_id": found.pk}


def _template_item(user: User) -> dict[str, Any] | None:
    found = _first(TemplateItem.objects.all())
    return None if found is None else {"item_id": found.pk}


def _recognition(user: User) -> dict[str, Any] | None:
    found = _first(Recognition.objects.visible_to(user))
    return None if found is None else {"recognition_id": found.pk}


def _finance_need(user: User) -> dict[str, Any] | None:
    found = _first(Need.objects.visible_to(user))
    return None if found is None else {"need_id": found.pk}


def _finance_grant(user: User) -> dict[str, Any] | None:
    found = _first(Grant.objects.visible_to(user).filter(revoked_at__isnull=True))
    return None if found is None else {"grant_id": found.pk}


def _finance_case(user: User) -> dict[str, Any] | None:
    found = _first(LoanCase.objects.visible_to(user))
    return None if found is None else {"case_id": found.pk}


def _finance_product(user: User) -> dict[str, Any] | None:
    found = _first(Product.objects.visible_to(user))
    return None if found is None else {"product_id": found.pk}


def _finance_session(user: User) -> dict[str, Any] | None:
    found = _first(Session.objects.visible_to(user))
    return None if found is None else {"session_id": found.pk}


def _finance_assignment(user: User) -> dict[str, Any] | None:
    found = _first(Assignment.objects.visible_to(user))
    return None if found is None else {"assignment_id": found.pk}


def _finance_entry(user: User) -> dict[str, Any] | None:
    found = _first(Entry.objects.visible_to(user).filter(status="listed"))
    return None if found is None else {"entry_id": found.pk}


def _classification(user: User) -> dict[str, Any] | None:
    found = _first(Classification.objects.all())
    return None if found is None else {"classification_id": found.pk}


def _indicator_kind(user: User) -> dict[str, Any] | None:
    return {"kind": "indicator"}


# url name -> (action of the table, how to find an object the login sees, methods)
WALK: dict[str, tuple[str, Finder, tuple[str, ...]]] = {
    "users:create": ("users.manage", _none, ("GET", "POST")),
    "users:edit": ("users.manage", _other_user, ("GET", "POST")),
    "enterprises:create": ("enterprises.edit", _none, ("GET", "POST")),
    "enterprises:edit": ("enterprises.edit", _enterprise, ("GET", "POST")),
    "enterprises:contact_add": ("enterprises.edit", _enterprise, ("POST",)),
    "enterprises:contact_remove": ("enterprises.edit", _contact, ("POST",)),
    "enterprises:chain_place": ("enterprises.edit", _enterprise, ("POST",)),
    "enterprises:classification_create": ("enterprises.classify", _none, ("GET", "POST")),
    "enterprises:classification_import": ("enterprises.classify", _classification, ("POST",)),
    "monitoring:structure_share": ("monitoring.official_shares", _none, ("POST",)),
    "monitoring:catalogue_add": ("monitoring.catalogue", _indicator_kind, ("POST",)),
    "monitoring:target_add": ("monitoring.catalogue", _none, ("POST",)),
    "monitoring:growth_point_add": ("enterprises.capacity", _none, ("POST",)),
    "monitoring:output_target_add": ("enterprises.capacity", _none, ("POST",)),
    "projects:create": ("projects.plan", _none, ("GET", "POST")),
    "projects:edit": ("projects.plan", _key_project, ("GET", "POST")),
    "projects:member_add": ("projects.plan", _key_project, ("POST",)),
    "projects:funding_add": ("projects.plan", _key_project, ("POST",)),
    "projects:update_add": ("projects.ledger", _key_project, ("POST",)),
    "projects:problem_resolve": ("projects.resolve", _problem, ("POST",)),
    "projects:member_remove": ("projects.plan", _member, ("POST",)),
    "projects:funding_remove": ("projects.plan", _funding, ("POST",)),
    "monitoring:alert_handle": ("monitoring.alerts", _alert, ("POST",)),
    "support:difficulty_add": ("support.apply", _enterprise, ("GET", "POST")),
    "support:membership_add": ("support.serve", _pool_enterprise, ("GET", "POST")),
    "support:application_create": ("support.apply", _program_enterprise, ("GET", "POST")),
    "projects:problem_add": ("projects.ledger", _key_project, ("POST",)),
    "investment:project_create": ("investment.edit", _none, ("GET", "POST")),
    "investment:project_edit": ("investment.edit", _project, ("GET", "POST")),
    "investment:project_move": ("investment.edit", _project, ("POST",)),
    "investment:arrival_add": ("investment.edit", _project, ("POST",)),
    "investment:worklog_create": ("investment.edit", _none, ("GET", "POST")),
    "investment:event_create": ("investment.edit", _none, ("GET", "POST")),
    "investment:target_add": ("investment.targets", _none, ("POST",)),
    "investment:lead_create": ("investment.lead_register", _none, ("GET", "POST")),
    "support:policy_create": ("support.programs", _none, ("GET", "POST")),
    "support:policy_edit": ("support.programs", _policy, ("GET", "POST")),
    "support:program_create": ("support.programs", _none, ("GET", "POST")),
    "support:program_edit": ("support.programs", _program, ("GET", "POST")),
    "support:rule_row": ("support.programs", _none, ("GET",)),
    "appeals:create": ("appeals.file", _none, ("GET", "POST")),
    "appeals:rules": ("appeals.configure", _none, ("POST",)),
    "appeals:rule_edit": ("appeals.configure", _routing_rule, ("POST",)),
    "appeals:limits": ("appeals.configure", _none, ("POST",)),
    "calendar": ("calendar.configure", _none, ("POST",)),
    "approvals:item": ("approvals.matrix", _approval_item, ("GET", "POST")),
    "approvals:escalate": ("approvals.matrix", _approval_matrix, ("POST",)),
    "approvals:intake": ("approvals.intake", _none, ("GET", "POST")),
    "approvals:template_item_edit": ("approvals.templates", _template_item, ("GET", "POST")),
    "innovation:recognition_create": ("innovation.edit", _none, ("GET", "POST")),
    "innovation:recognition_edit": ("innovation.edit", _recognition, ("GET", "POST")),
    "innovation:talent_create": ("innovation.talents", _none, ("GET", "POST")),
    "finance:grant_add": ("finance.need", _finance_need, ("POST",)),
    "finance:grant_revoke": ("finance.need", _finance_grant, ("POST",)),
    "finance:push": ("finance.route", _finance_need, ("POST",)),
    "finance:claim": ("finance.bank", _finance_need, ("POST",)),
    "finance:case_step": ("finance.bank", _finance_case, ("POST",)),
    "finance:case_refuse": ("finance.bank", _finance_case, ("POST",)),
    "finance:case_disburse": ("finance.bank", _finance_case, ("POST",)),
    "finance:product_review": ("finance.route", _finance_product, ("POST",)),
    "finance:product_add": ("finance.bank", _none, ("GET", "POST")),
    "finance:product_edit": ("finance.bank", _finance_product, ("GET", "POST")),
    "finance:product_rule_row": ("finance.bank", _none, ("GET",)),
    "finance:advisor_create": ("finance.route", _none, ("POST",)),
    "finance:session_create": ("finance.route", _none, ("POST",)),
    "finance:signing_add": ("finance.route", _finance_session, ("POST",)),
    "finance:log_add": ("finance.advise", _finance_assignment, ("POST",)),
    "finance:measure_add": ("finance.advise", _finance_assignment, ("POST",)),
    "finance:problem_add": ("finance.advise", _finance_assignment, ("POST",)),
    "finance:coord_visit_add": ("finance.coordinate", _none, ("POST",)),
    "finance:coord_entry_check": ("finance.coordinate", _finance_entry, ("POST",)),
    "finance:coord_entry_decide": ("finance.route", _finance_entry, ("POST",)),
    "finance:coord_entry_push": ("finance.route", _finance_entry, ("POST",)),
    "safety:profile_edit": ("safety.profile", _safety_enterprise, ("GET", "POST")),
    "safety:inspection_add": ("safety.inspect", _safety_enterprise, ("GET", "POST")),
    "safety:risk_add": ("safety.risk", _safety_enterprise, ("GET", "POST")),
    "safety:plan_add": ("safety.emergency", _safety_enterprise, ("GET", "POST")),
    "safety:drill_add": ("safety.emergency", _safety_enterprise, ("GET", "POST")),
    "safety:accident_add": ("safety.accident", _safety_enterprise, ("GET", "POST")),
    "safety:shutdown_add": ("safety.shutdown", _safety_enterprise, ("GET", "POST")),
    "safety:inspection_plan_add": ("safety.plan", _none, ("GET", "POST")),
    "safety:inspection_plan_edit": ("safety.plan", _safety_inspection_plan, ("GET", "POST")),
    "safety:restart_plan_add": ("safety.plan", _none, ("GET", "POST")),
    "safety:risk_edit": ("safety.risk", _safety_risk, ("GET", "POST")),
    "safety:plan_edit": ("safety.emergency", _safety_plan, ("GET", "POST")),
    "safety:drill_edit": ("safety.emergency", _safety_drill, ("GET", "POST")),
}

# Writes whose answer the table alone does not decide, each tested where it is decided.
NOT_WALKED = {
    # Confirming a partial membership is the reviewers' (their park's enterprises), adding or
    # removing by hand the economy office's: the decision in the form decides
    # (zoneops/enterprises/tests/test_classifications.py).
    "enterprises:classification_decide": "per decision (classification tests)",
    # Who may add to an appeal depends on the appeal: its enterprise, the department handling
    # it, the officer who took it in (zoneops/appeals/tests/test_screens.py).
    "appeals:attachment_add": "per appeal (appeals tests)",
    # Qualifying a lead depends on its state (待研判 only): zoneops/investment/tests/test_leads.py.
    "investment:lead_review": "per lead state (investment tests)",
    # Running a job runs it for real: tests/core/test_schedules.py (404 for non-admins).
    "schedules:run": "runs the job (core schedule tests)",
    # Each import kind asks its own row (enterprises.import, monitoring.review, …):
    # zoneops/core/tests/test_imports*.py.
    "imports:upload": "per import kind",
    # An export job is its owner's alone (404 to anyone else: tests/test_scope_walk.py,
    # tests/core/test_export_jobs.py); every person may export what they see.
    "exports:cancel": "the owner's own job (core export tests)",
    "exports:retry": "the owner's own job (core export tests)",
    "imports:commit": "per import kind",
    # A report's own enterprise submits, a reviewer returns or approves: per report status.
    "monitoring:fill": "the enterprise in the query (monitoring tests)",
    "monitoring:period_approve": "reports named in the form (monitoring tests)",
    "monitoring:report_action": "per action and status (monitoring tests)",
    "monitoring:report_correct": "approved reports only (monitoring tests)",
    "monitoring:catalogue_edit": "an indicator or rule code in the URL (monitoring tests)",
    "monitoring:survey_answer": "the survey's enterprises (monitoring tests)",
    "appeals:act": "the department the appeal is routed to, per state (appeals tests)",
    "appeals:rate": "the appeal's own enterprise after the reply (appeals tests)",
    "appeals:extension_request": "the handling department (appeals tests)",
    "appeals:extension_decide": "a pending request (appeals tests)",
    "appeals:rule_delete": "a rule in the URL (appeals tests)",
    "calendar_delete": "a day in the URL (zoneops/core/tests/test_calendar.py)",
    "projects:rules": "warning rules (projects tests)",
    # Offered only for a key project without a matrix that the login may open one for.
    "approvals:create": "key projects without a matrix (approvals tests)",
    "investment:arrival_remove": "an arrival in the URL (investment tests)",
    "investment:project_register": "signed projects only (investment tests)",
    "investment:project_make_key": "signed projects only (investment tests)",
    "investment:worklog": "the log's own author (investment tests)",
    "investment:event_edit": "an event in the URL (investment tests)",
    "investment:event_line_add": "an event in the URL (investment tests)",
    "investment:event_line_remove": "an event line in the URL (investment tests)",
    "investment:target": "a target in the URL (investment tests)",
    "investment:chain_officer_add": "a chain in the URL (investment tests)",
    "investment:chain_officer_remove": "a chain team member in the URL (investment tests)",
    "support:application": "per application status (support tests)",
    "support:application_action": "per action: apply or decide (support tests)",
    "support:difficulty_create": "the enterprise in the form (support tests)",
    "support:difficulty": "reporter or officer fields (support tests)",
    "support:difficulty_appeal": "open difficulties only (support tests)",
    "support:membership": "per membership (support tests)",
    "support:notice_read": "the notice's own recipient (scope walk)",
    "finance:need_create": "the enterprise in the query or the user's own (finance tests)",
    "safety:hazard_act": "per hazard status and step (safety tests)",
    "briefing:report_create": "a month with approved reports, a place among the writer's own "
    "(tests/demo/test_briefing_document.py)",
    "password_change": "every signed-in person's own password",
    "set_language": "every visitor",
    "login": "every visitor",
    "logout": "every signed-in person",
    "api:token_create": "every person with a password",
}

# API operations: operationId -> (action, finder, body)
API_WALK: dict[str, tuple[str, Finder, dict[str, Any]]] = {
    "api:enterprise_patch": ("enterprises.edit", _enterprise, {}),
    "api:key_project_patch": ("projects.plan", _key_project, {}),
    "api:project_patch": ("investment.edit", _project, {}),
    "api:approval_item_update": ("approvals.matrix", _approval_item, {}),
    "api:innovation_recognition_patch": ("innovation.edit", _recognition, {}),
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


def _api_writes(client: Client) -> dict[str, tuple[str, str]]:
    """URL name -> (method, path) for every write operation of the OpenAPI schema."""
    schema = client.get("/api/openapi.json").json()
    # An operation's id ends with its URL name (ninja: module path + function name).
    api_names = sorted(
        (n.removeprefix("api:") for n in _names(get_resolver()) if n.startswith("api:")),
        key=len,
        reverse=True,
    )
    writes = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in ("post", "put", "patch", "delete"):
                op = operation["operationId"]
                name = next((n for n in api_names if op == n or op.endswith("_" + n)), op)
                writes[f"api:{name}"] = (method.upper(), path)
    return writes


def _write_names() -> set[str]:
    """Page URLs that accept a write (by their name: create, edit, add, remove, action …)."""
    words = (
        "create", "edit", "add", "remove", "delete", "action", "act", "rate", "move",
        "register", "make_key", "commit", "upload", "approve", "correct", "handle", "answer",
        "resolve", "request", "decide", "read", "place", "appeal", "rules", "limits",
        "calendar", "target", "worklog", "application", "difficulty", "membership", "fill",
        "rule_row", "password_change", "set_language", "login", "logout", "rule_edit",
    )  # fmt: skip
    found = set()
    for name in _names(get_resolver()):
        if name.startswith("api:"):
            continue
        last = name.split(":")[-1]
        if last.endswith(("export", "_done", "_totals")):
            continue  # downloads and the page after a write
        if any(last == w or last.endswith("_" + w) or last.startswith(w + "_") for w in words):
            found.add(name)
    return found


def test_every_write_is_in_the_walk(demo: Demo) -> None:
    reads = {"investment:targets", "monitoring:targets", "support:applications"}
    pages = _write_names() - reads
    unknown = pages - set(WALK) - set(NOT_WALKED)
    assert not unknown, f"walk these writes against the permission table: {sorted(unknown)}"
    client = demo.client("admin")
    api_ops = set(_api_writes(client))
    assert api_ops, "the schema lists no write"
    unknown_api = api_ops - set(API_WALK) - set(NOT_WALKED) - set(API_NOT_WALKED)
    assert not unknown_api, f"walk these API operations: {sorted(unknown_api)}"


API_NOT_WALKED = {
    name: "a body the schema requires; its endpoint calls the service, which asks the table"
    for name in (
        "api:enterprise_create",
        "api:report_put",
        "api:report_action",
        "api:alert_handle",
        "api:survey_respond",
        "api:appeal_create",
        "api:appeal_act",
        "api:appeal_rate",
        "api:key_project_create",
        "api:key_project_update_create",
        "api:key_project_problem_create",
        "api:key_project_problem_resolve",
        "api:key_project_member_put",
        "api:key_project_funding_create",
        "api:project_create",
        "api:project_move",
        "api:project_make_key",
        "api:arrival_add",
        "api:worklog_create",
        "api:event_create",
        "api:event_line_add",
        "api:target_create",
        "api:support_policy_create",
        "api:support_program_create",
        "api:support_program_rules_put",
        "api:support_application_create",
        "api:support_application_action",
        "api:support_difficulty_create",
        "api:support_difficulty_appeal",
        "api:approval_matrix_create",
        "api:approval_intake_create",
        "api:innovation_recognition_create",
        "api:innovation_talent_create",
        "api:finance_need_create",
        "api:finance_grant_create",
        "api:finance_grant_revoke",
        "api:finance_push",
        "api:finance_claim",
        "api:finance_case_step",
        "api:finance_case_refuse",
        "api:finance_disbursement_create",
        "api:finance_coord_visit_create",
        "api:finance_coord_entry_check",
        "api:finance_coord_entry_review",
        "api:finance_coord_entry_push",
        "api:safety_hazard_create",
        "api:safety_hazard_step",
        "api:safety_risk_create",
        "api:safety_plan_create",
        "api:safety_drill_create",
        "api:safety_drill_hazard",
        "api:safety_accident_create",
        "api:safety_shutdown_create",
        "api:token_create",
    )
}
# Every signed-in user revokes their own tokens, whatever their role
# (zoneops/core/tests/test_sign_in_security.py).
API_NOT_WALKED["api:token_revoke"] = "one's own tokens (core sign-in tests)"


def _allowed(user: User, action: str, name: str, kwargs: dict[str, Any]) -> bool:
    """What the table says for this login on this object. Visibility already bounds a park
    officer to their park and an enterprise to itself; a reach that needs more (a task force's
    own projects) is checked on the object here."""
    reaches = permissions.reach(user, action)
    Reach = permissions.Reach
    if reaches & {Reach.ALL, Reach.PARK, Reach.OWN, Reach.CHAIN}:
        return True
    allowed = False
    if Reach.TEAM in reaches and name.startswith("projects:") and "project_id" in kwargs:
        team = KeyProject.objects.filter(pk=kwargs["project_id"], members__user=user)
        allowed |= team.exists()
    if Reach.TEAM in reaches and ("item_id" in kwargs or "matrix_id" in kwargs):
        matrices = ApprovalMatrix.objects.filter(key_project__members__user=user)
        if "item_id" in kwargs:
            allowed |= matrices.filter(items__pk=kwargs["item_id"]).exists()
        else:
            allowed |= matrices.filter(pk=kwargs["matrix_id"]).exists()
    if Reach.ROUTED in reaches and "problem_id" in kwargs:
        problem = Problem.objects.get(pk=kwargs["problem_id"])
        allowed |= problem.department_id is not None and problem.department_id == user.department_id
    if Reach.GRID in reaches and "enterprise_id" in kwargs:
        profile = SafetyProfile.objects.filter(enterprise_id=kwargs["enterprise_id"])
        allowed |= profile.filter(grid__members=user).exists()
    if Reach.ASSIGNED in reaches and "alert_id" in kwargs:
        allowed |= Alert.objects.filter(pk=kwargs["alert_id"], owner=user).exists()
    return allowed


def _status(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> int:
    with transaction.atomic():
        if body is None:
            response = getattr(client, method.lower())(url)
        else:
            response = getattr(client, method.lower())(
                url, json.dumps(body), content_type="application/json"
            )
        transaction.set_rollback(True)
    return int(response.status_code)


def test_every_write_answers_as_the_table_says(demo: Demo) -> None:
    wrong: list[str] = []
    walked = 0
    for username in [*demo.usernames, "taskforce"]:
        user = demo.user(username)
        client = demo.client(username)
        client.raise_request_exception = False
        for name, (action, finder, methods) in WALK.items():
            kwargs = finder(user)
            if kwargs is None:
                continue  # nothing of this kind in the login's sight
            allowed = _allowed(user, action, name, kwargs)
            url = reverse(name, kwargs=kwargs)
            for method in methods:
                status = _status(client, method, url)
                walked += 1
                ok = status not in (403, 404) if allowed else status in (403, 404)
                if not ok or status >= 500:
                    wrong.append(f"{username} {method} {url}: {status}, table says {allowed}")
        for name, (action, finder, body) in API_WALK.items():
            kwargs = finder(user)
            if kwargs is None:
                continue
            allowed = _allowed(user, action, name, kwargs)
            url = reverse(name, kwargs=kwargs)
            status = _status(client, "PATCH", url, body)
            walked += 1
            ok = status not in (403, 404) if allowed else status in (403, 404)
            if not ok or status >= 500:
                wrong.append(f"{username} PATCH {url}: {status}, table says {allowed}")
    print(f"permission walk: {walked} requests")
    assert walked > 200
    assert not wrong, "\n".join(wrong)
