"""The outsider walk: every scoped page and API endpoint, as every persona, against objects
outside that persona's scope, answers 404 and changes nothing.

A new URL fails ``test_every_url_is_walked`` until it is added to WALK (with the object kind
it is scoped by) or to UNSCOPED (with the reason it needs no object).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from zoneops.core.models import ChangeRecord, ImportJob
from zoneops.enterprises.models import Contact
from zoneops.enterprises.services import chain_membership_set
from zoneops.enterprises.tests.factories import ChainFactory, ChainNodeFactory
from zoneops.monitoring.models import Alert, ProductionSurvey
from zoneops.monitoring.tests.factories import approved_report
from zoneops.support.models import CultivationPool, FundingProgram, Notice
from zoneops.support.tests import factories as support_factories

pytestmark = pytest.mark.django_db

# url name -> (object kind, methods). The object kind names a key of the outsider objects.
WALK: dict[str, tuple[str, tuple[str, ...]]] = {
    "enterprises:detail": ("enterprise", ("GET",)),
    "enterprises:edit": ("enterprise", ("GET", "POST")),
    "enterprises:contact_add": ("enterprise", ("POST",)),
    "enterprises:contact_remove": ("contact", ("POST",)),
    "enterprises:chain_place": ("enterprise", ("POST",)),
    "enterprises:chain": ("chain", ("GET",)),
    "imports:detail": ("import_job", ("GET",)),
    "imports:commit": ("import_job", ("POST",)),
    "imports:progress": ("import_job", ("GET",)),
    "imports:errors": ("import_job", ("GET",)),
    "users:edit": ("user", ("GET", "POST")),
    "monitoring:report": ("report", ("GET",)),
    "monitoring:report_action": ("report", ("POST",)),
    "monitoring:report_correct": ("report", ("GET", "POST")),
    "monitoring:enterprise_history": ("enterprise", ("GET",)),
    "monitoring:alert_handle": ("alert", ("POST",)),
    "monitoring:survey_answer": ("enterprise", ("GET", "POST")),
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
}

# Pages and endpoints without an object in the URL: their lists are scoped (tested elsewhere)
# or they are reference data, sign-in, or the API's own documentation.
UNSCOPED = {
    "home",
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
    "users:list",
    "users:create",
    "imports:list",
    "imports:upload",
    "monitoring:dashboard",
    "monitoring:periods",
    "monitoring:period",
    "monitoring:fill",
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
    # The enterprise is in the body: an outsider's is 404 (zoneops/support/tests/test_scope.py).
    "api:support_application_create",
}

API_WALK: dict[str, tuple[str, tuple[str, ...]]] = {
    "api:enterprise_detail": ("enterprise", ("GET",)),
    "api:enterprise_patch": ("enterprise", ("PATCH",)),
    "api:report_detail": ("report", ("GET",)),
    "api:report_action": ("report", ("POST",)),
    "api:alert_handle": ("alert", ("POST",)),
    "api:support_match_detail": ("enterprise", ("GET",)),
    "api:support_enterprise_matches": ("enterprise", ("GET",)),
    "api:support_application_detail": ("application", ("GET",)),
    "api:support_application_action": ("application", ("POST",)),
    "api:support_difficulty_detail": ("difficulty", ("GET",)),
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
    in_b = {
        "report": report_y,
        "alert": alert_y,
        "enterprise": world.enterprise_y,
        "contact": contact_y,
        "chain": chain_y,
        "import_job": job,
        "user": world.admin,
        "notice": notice,
        **support_y,
    }
    in_a = {
        "report": report_x,
        "alert": alert_x,
        "enterprise": world.enterprise_x,
        "contact": contact_x,
        "chain": chain_x,
        "import_job": job,
        "user": world.admin,
        "notice": notice,
        **support_x,
    }
    # Zone-wide personas have no outside enterprise; they still meet the admin-only objects.
    admin_only = {"import_job": job, "user": world.admin, "notice": notice}
    return {
        "park_a_officer": in_b,
        "park_b_officer": in_a,
        "ent_x_user": in_b,
        "ent_y_user": in_a,
        "bank_user": in_b,
        "task_force": in_b,
        "leader": admin_only,
        "econ": admin_only,
    }


def _kwargs(name: str, kind: str, obj: Any) -> dict[str, int]:
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
        "user": "user_id",
        "report": "report_id",
        "alert": "alert_id",
        "application": "application_id",
        "difficulty": "difficulty_id",
        "membership": "membership_id",
        "notice": "notice_id",
    }[kind]
    return {key: obj.pk}


def _fingerprint() -> str:
    """A digest of every domain table, to prove a refused request changed nothing."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if (
                table.startswith(("core_", "enterprises_", "monitoring_", "support_"))
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
    "api:support_application_action": {"status": "submitted"},
}


def _request(client: Client, method: str, url: str, name: str) -> int:
    send: Callable[..., Any] = getattr(client, method.lower())
    if method in ("POST", "PATCH"):
        body = BODIES.get(name, {"name": "改名", "address": "x"})
        return send(url, json.dumps(body), content_type="application/json").status_code
    return send(url).status_code


def test_outsiders_get_404_and_nothing_changes(world):
    outsiders = _outsiders(world)
    personas = world.personas()
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
