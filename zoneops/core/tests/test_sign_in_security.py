"""Sign-in that no stranger can shut down, tokens that end, a key of our own, sessions that idle
out (issue 12, item 11)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from zoneops.core import services
from zoneops.core.auth import client_address
from zoneops.core.middleware import SEEN_KEY
from zoneops.core.models import ApiToken

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
NGINX = "127.0.0.1"  # docs/deploy.md: nginx on the same machine, a trusted proxy by default


def sign_in(client: Client, username: str, password: str, *, via: str, client_ip: str = ""):
    extra = {"REMOTE_ADDR": via}
    if client_ip:
        extra["HTTP_X_FORWARDED_FOR"] = client_ip
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- the client's address -------------------------------------------------------------------


def test_client_address_comes_from_the_header_only_behind_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    factory = RequestFactory()

    def address(remote: str, forwarded: str = "") -> str:
        extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
        return client_address(factory.get("/", REMOTE_ADDR=remote, **extra))

    assert address("127.0.0.1", "203.0.113.9") == "203.0.113.9"
    # The client wrote its own X-Forwarded-For; nginx appended the real address: the rightmost
    # address that is not one of our proxies is the client.
    assert address("127.0.0.1", "1.2.3.4, 203.0.113.9") == "203.0.113.9"
    assert address("127.0.0.1", "203.0.113.9, 10.1.2.3") == "203.0.113.9"
    # Anyone else's header is ignored: a client cannot choose its address.
    assert address("198.51.100.7", "203.0.113.9") == "198.51.100.7"
    assert address("127.0.0.1", "not-an-address") == "127.0.0.1"
    assert address("127.0.0.1") == "127.0.0.1"


# --- throttling -----------------------------------------------------------------------------


def test_twenty_strangers_behind_nginx_do_not_lock_the_zone_out(world, settings):
    stranger = Client()
    for attempt in range(settings.LOGIN_MAX_FAILURES_PER_ADDRESS + 5):
        sign_in(stranger, f"guess-{attempt}", "nope", via=NGINX, client_ip="203.0.113.9")

    officer = Client()
    response = sign_in(officer, "t-econ", PASSWORD, via=NGINX, client_ip="198.51.100.7")
    assert response.status_code == 302 and signed_in(officer)
    # The stranger's own address is locked, whatever account it tries.
    response = sign_in(Client(), "t-leader", PASSWORD, via=NGINX, client_ip="203.0.113.9")
    assert "锁定" in response.content.decode()


def test_forged_forwarded_for_does_not_escape_the_address_lock(world, settings):
    stranger = Client()
    for attempt in range(settings.LOGIN_MAX_FAILURES_PER_ADDRESS):
        # Straight to gunicorn, claiming a new address each time: the header is not believed.
        sign_in(
            stranger, f"guess-{attempt}", "nope", via="203.0.113.9", client_ip=f"10.9.9.{attempt}"
        )
    response = sign_in(stranger, "t-leader", PASSWORD, via="203.0.113.9", client_ip="10.9.9.200")
    assert "锁定" in response.content.decode() and not signed_in(stranger)


def test_guessing_at_an_account_never_refuses_its_owner_elsewhere(world, settings):
    stranger = Client()
    for _ in range(settings.LOGIN_MAX_FAILURES + 3):
        sign_in(stranger, "t-econ", "nope", via=NGINX, client_ip="203.0.113.9")
    response = sign_in(stranger, "t-econ", PASSWORD, via=NGINX, client_ip="203.0.113.9")
    assert "锁定" in response.content.decode() and not signed_in(stranger)

    owner = Client()
    response = sign_in(owner, "t-econ", PASSWORD, via=NGINX, client_ip="198.51.100.7")
    assert response.status_code == 302 and signed_in(owner)


def test_guessing_from_many_addresses_locks_the_account(world, settings):
    settings.LOGIN_MAX_FAILURES_PER_ACCOUNT = 12
    for attempt in range(12):
        sign_in(Client(), "t-econ", "nope", via=NGINX, client_ip=f"203.0.113.{attempt}")
    response = sign_in(Client(), "t-econ", PASSWORD, via=NGINX, client_ip="198.51.100.7")
    assert "锁定" in response.content.decode()


def test_token_endpoint_is_throttled_by_the_real_address(world, settings):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        Client().post(
            "/api/token",
            {"username": "t-econ", "password": "nope"},
            content_type="application/json",
            REMOTE_ADDR=NGINX,
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    refused = Client().post(
        "/api/token",
        {"username": "t-econ", "password": PASSWORD},
        content_type="application/json",
        REMOTE_ADDR=NGINX,
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert refused.status_code == 429
    elsewhere = Client().post(
        "/api/token",
        {"username": "t-econ", "password": PASSWORD},
        content_type="application/json",
        REMOTE_ADDR=NGINX,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert elsewhere.status_code == 200


def test_old_password_guesses_on_the_password_page_are_throttled(world, login, settings):
    client = login(world.econ)
    for _ in range(12):
        client.post(
            reverse("password_change"),
            {
                "old_password": "guess",
                "new_password1": "Gaoyuan-2024-xn",
                "new_password2": "Gaoyuan-2024-xn",
            },
        )
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Gaoyuan-2024-xn",
            "new_password2": "Gaoyuan-2024-xn",
        },
    )
    assert response.status_code == 200 and "锁定" in response.content.decode()
    world.econ.refresh_from_db()
    assert world.econ.check_password(PASSWORD)


# --- API tokens -----------------------------------------------------------------------------


def _token(username: str = "t-econ", password: str = PASSWORD) -> str:
    response = Client().post(
        "/api/token", {"username": username, "password": password}, content_type="application/json"
    )
    assert response.status_code == 200
    return str(response.json()["token"])


def _api(token: str) -> int:
    return Client().get("/api/parks", HTTP_AUTHORIZATION=f"Bearer {token}").status_code


def test_token_expires(world, settings):
    settings.API_TOKEN_DAYS = 7
    token = _token()
    stored = ApiToken.objects.get(key_hash=ApiToken.hash(token))
    assert stored.expires_at is not None
    assert abs(stored.expires_at - (timezone.now() + dt.timedelta(days=7))) < dt.timedelta(
        minutes=1
    )
    assert _api(token) == 200
    ApiToken.objects.filter(pk=stored.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert _api(token) == 401


def test_password_change_revokes_tokens(world, login):
    token = _token()
    response = login(world.econ).post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Gaoyuan-2024-xn",
            "new_password2": "Gaoyuan-2024-xn",
        },
    )
    assert response.status_code == 302
    assert _api(token) == 401


def test_password_reset_by_an_administrator_revokes_tokens(world):
    token = _token()
    services.user_save(actor=world.admin, data={}, user=world.econ, password="Gaoyuan-2024-xn")
    assert _api(token) == 401


def test_delete_api_token_revokes_the_token_used(world):
    token, other = _token(), _token()
    response = Client().delete("/api/token", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response.json() == {"revoked": 1}
    assert _api(token) == 401
    assert _api(other) == 200


def test_administrator_revokes_a_users_tokens_on_the_user_page(world, login):
    token = _token()
    admin = login(world.admin)
    page = admin.get(reverse("users:edit", args=[world.econ.pk])).content.decode()
    assert "该用户有 1 个有效的 API 令牌" in page and "撤销全部令牌" in page
    response = admin.post(reverse("users:revoke_tokens", args=[world.econ.pk]))
    assert response.status_code == 302
    assert _api(token) == 401
    assert "已撤销用户" in admin.get(response["Location"]).content.decode()


def test_only_user_managers_may_revoke_tokens(world, login):
    token = _token()
    response = login(world.park_a_officer).post(
        reverse("users:revoke_tokens", args=[world.econ.pk])
    )
    assert response.status_code == 404
    assert _api(token) == 200


# --- the secret key -------------------------------------------------------------------------


def _start_wsgi(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environ |= {"ZONEOPS_VAR_DIR": str(tmp_path / "var"), "DEBUG": "0", **env}
    code = "import zoneops.wsgi; from django.conf import settings; print(settings.SECRET_KEY)"
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True
    )


def test_outside_debug_the_server_refuses_the_development_key(tmp_path):
    started = _start_wsgi(tmp_path)
    assert started.returncode != 0
    assert "SECRET_KEY is not set" in started.stderr


def test_the_server_uses_the_key_kept_in_var(tmp_path):
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "secret_key").write_text("k" * 50 + "\n")
    started = _start_wsgi(tmp_path)
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "k" * 50
    assert _start_wsgi(tmp_path, SECRET_KEY="from-the-environment" * 3).stdout.strip() == (
        "from-the-environment" * 3
    )


def test_debug_may_run_with_the_development_key(tmp_path):
    assert _start_wsgi(tmp_path, DEBUG="1").returncode == 0


# --- sessions -------------------------------------------------------------------------------


def _session_end(client: Client) -> dt.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_sessions_end_after_two_idle_hours_and_activity_moves_the_end(world, settings):
    client = Client()
    sign_in(client, "t-econ", PASSWORD, via="198.51.100.7")
    end = _session_end(client)
    assert abs(end - (timezone.now() + dt.timedelta(hours=2))) < dt.timedelta(minutes=1)

    # A minute and more later, any page moves the end.
    session = client.session
    session[SEEN_KEY] = int(session[SEEN_KEY]) - settings.SESSION_TOUCH_SECONDS - 1
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=end - dt.timedelta(minutes=30)
    )
    assert client.get("/").status_code == 200
    assert _session_end(client) > end - dt.timedelta(minutes=1)

    # An idle session is over: the next page asks to sign in again.
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
