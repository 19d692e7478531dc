"""/healthz and /readyz for load balancers: anonymous, the checks' outcomes and nothing else,
503 when a check fails; readiness also fails while migrations are pending."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.conf import settings
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.utils import timezone

from zoneops.core.models import ImportJob, ScheduleRun
from zoneops.core.views import ops

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _ask_for_migrations(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each test starts from a process that has not yet seen the migrations applied.
    monkeypatch.setattr(ops, "_migrated", False)


def test_healthz_answers_anonymously_with_the_checks_only():
    response = Client().get("/healthz")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "queue"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["queue"]["depth"] == 0
    assert body["checks"]["queue"]["oldest_pending_seconds"] is None
    text = response.content.decode()
    for secret in (str(settings.BASE_DIR), "django", "python", "sqlite", "huey", "version"):
        assert secret not in text.lower()
    assert "no-cache" in response["Cache-Control"] and "Set-Cookie" not in response


def test_the_oldest_waiting_job_is_reported(world):
    job = ImportJob.objects.create(
        kind="enterprises",
        file_name="名录.xlsx",
        stored_path="x.xlsx",
        status=ImportJob.Status.UPLOADED,
        created_by=world.admin,
    )
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(minutes=5))
    ScheduleRun.objects.create(job="support.reminders", trigger="manual", status="queued")
    queue = Client().get("/healthz").json()["checks"]["queue"]
    assert 300 <= queue["oldest_pending_seconds"] < 400


def test_a_failing_check_answers_503_without_its_reason(monkeypatch):
    def down() -> None:
        raise RuntimeError("connection to /srv/zoneops/db refused for user zoneops")

    monkeypatch.setattr(ops, "_database", down)
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail" and body["checks"]["database"] == {"ok": False}
    assert "srv" not in response.content.decode() and "refused" not in response.content.decode()


def test_a_cache_that_keeps_nothing_fails_the_check(monkeypatch):
    monkeypatch.setattr(ops.cache, "get", lambda key, default=None: None)
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["checks"]["cache"] == {"ok": False}


def test_readiness_fails_while_migrations_are_pending():
    assert Client().get("/readyz").status_code == 200
    assert Client().get("/healthz?ready").json()["checks"]["migrations"] == {
        "ok": True,
        "pending": 0,
        "ms": pytest.approx(0, abs=10_000),
    }
    ops._migrated = False
    latest = MigrationRecorder.Migration.objects.filter(app="core").order_by("-name").first()
    assert latest is not None
    latest.delete()  # as if the release that brought it had not been migrated yet
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["migrations"] == {"ok": False}
    assert Client().get("/healthz?ready").status_code == 503
    # Liveness does not depend on migrations.
    assert Client().get("/healthz").status_code == 200


def test_behind_https_the_checks_are_not_redirected(tmp_path):
    """A load balancer probes over plain HTTP: under ZONEOPS_HTTPS the pages redirect to
    HTTPS, the health checks answer."""
    import os
    import subprocess
    import sys

    probe = (
        "import django; django.setup(); from django.test import Client; c = Client(); "
        "print(c.get('/healthz').status_code, c.get('/readyz').status_code, "
        "c.get('/login/').status_code)"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env.update(
        ZONEOPS_HTTPS="1",
        ZONEOPS_VAR_DIR=str(tmp_path),
        SECRET_KEY="x" * 60,
        DJANGO_SETTINGS_MODULE="zoneops.settings",
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter, a fixed script
        [sys.executable, "-c", probe],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    health, ready, login = done.stdout.split()[-3:]
    assert login == "301", done.stderr[-2000:]
    # The fresh database has no tables: unready, but answered, not redirected.
    assert (health, ready) == ("503", "503")
