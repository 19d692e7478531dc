"""More than one app server: two gunicorn processes on two ports share one PostgreSQL, one
Redis (CACHE_URL: sign-in throttles and sessions; TASKS_URL: the queue) and one MEDIA_ROOT,
as docs/deploy.md draws it behind nginx.

- five failed sign-ins on the first server lock the account on the second;
- a session begun on one server is good on the other;
- an import uploaded on the first is followed (progress, preview) and confirmed on the second,
  and its result read on the first.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.integration.conftest import ROOT, Site, postgres_database

REDIS = ("127.0.0.1", 6379)
PASSWORD = "zoneops-两台-服务器"
ROWS = 2000
ARGS = ("--workers", "1", "--threads", "2", "--timeout", "120")


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """One gunicorn (one process, two threads) of the install."""

    def __init__(self, site: Site, name: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = site.var_dir / f"gunicorn-{name}.log"
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [gunicorn, "zoneops.wsgi:application", "--bind", f"127.0.0.1:{self.port}", *ARGS],
            cwd=ROOT,
            env=site.env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while not _reachable("127.0.0.1", self.port):
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            assert time.monotonic() < deadline, self.log.read_text()[-3000:]
            time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _csrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=30)
    assert page.status_code == 200, (url, page.status_code)
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert found, url
    return found.group(1)


def _sign_in(session: requests.Session, server: Server, password: str) -> requests.Response:
    token = _csrf(session, f"{server.url}/login/")
    return session.post(
        f"{server.url}/login/",
        data={"username": "integration-admin", "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{server.url}/login/"},
        timeout=30,
        allow_redirects=False,
    )


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[tuple[Site, Server, Server]]:
    # Like the worker's tests, this one needs the real services: it fails, never skips, without
    # them (.ci/run starts whichever is down).
    assert _reachable(*REDIS), "Redis is not reachable at 127.0.0.1:6379"
    assert _reachable("127.0.0.1", 5432), "PostgreSQL is not reachable at 127.0.0.1:5432"
    with postgres_database("zoneops_two_servers", tmp_path) as site:
        site.env.update(
            CACHE_URL="redis://127.0.0.1:6379/2",
            CACHE_PREFIX=f"zoneops_test_{os.getpid()}",
            TASKS_URL="redis://127.0.0.1:6379/0",
            SECRET_KEY="two-servers-test-key-" + "x" * 40,
            ZONEOPS_PLAIN_STATIC="1",
            MEDIA_ROOT=str(tmp_path / "shared-media"),
        )
        servers = [Server(site, "a"), Server(site, "b")]
        try:
            yield site, servers[0], servers[1]
        finally:
            for server in servers:
                server.stop()
            site.stop()
            site.drive("flush")
            # The test's own cache keys (sign-in counts, sessions) go with it.
            import redis

            client = redis.Redis(host=REDIS[0], port=REDIS[1], db=2)
            for key in client.scan_iter(f"{site.env['CACHE_PREFIX']}:*"):
                client.delete(key)


@pytest.mark.integration
def test_two_app_servers_share_sign_in_throttles_sessions_and_import_jobs(
    two_servers: tuple[Site, Server, Server], tmp_path: Path
) -> None:
    site, a, b = two_servers
    book = tmp_path / "名录.xlsx"
    site.drive("world", str(ROWS), str(book))
    site.drive("password", PASSWORD)

    # A session begun on A is good on B (the database and Redis hold it, not the process).
    browser = requests.Session()
    assert _sign_in(browser, a, PASSWORD).status_code == 302
    assert browser.get(f"{b.url}/imports/", timeout=30, allow_redirects=False).status_code == 200

    # Five wrong passwords on A lock the account on B, even with the right one.
    guesser = requests.Session()
    for _ in range(5):
        refused = _sign_in(guesser, a, "not-the-password")
        assert refused.status_code == 200 and "用户名或密码不正确" in refused.text
    locked = _sign_in(requests.Session(), b, PASSWORD)
    assert locked.status_code == 200 and "账号已暂时锁定" in locked.text

    # An import uploaded on A (checked by the worker) is followed on B.
    site.start_worker()
    token = _csrf(browser, f"{a.url}/imports/enterprises/upload/")
    with book.open("rb") as handle:
        uploaded = browser.post(
            f"{a.url}/imports/enterprises/upload/",
            data={"csrfmiddlewaretoken": token},
            files={"file": (book.name, handle)},
            headers={"Referer": f"{a.url}/imports/"},
            timeout=60,
            allow_redirects=False,
        )
    assert uploaded.status_code == 302, uploaded.text[-2000:]
    job = int(uploaded.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    seen = _follow(browser, b, job, "previewed")
    assert any(status in seen for status in ("uploaded", "checking", "previewed"))
    detail = browser.get(f"{b.url}/imports/{job}/", timeout=30)
    assert detail.status_code == 200 and str(ROWS) in detail.text

    # Confirmed on B, its end read on A.
    token = _csrf(browser, f"{b.url}/imports/{job}/")
    confirmed = browser.post(
        f"{b.url}/imports/{job}/commit/",
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": f"{b.url}/imports/{job}/"},
        timeout=60,
        allow_redirects=False,
    )
    assert confirmed.status_code == 302
    _follow(browser, a, job, "committed")
    assert site.drive("status", str(job))["summary"]["created"] == ROWS


def _follow(browser: requests.Session, server: Server, job: int, end: str) -> list[str]:
    """Poll the job's progress fragment on ``server`` (as the page does) until the job reaches
    ``end``; the statuses it showed on the way."""
    seen: list[str] = []
    deadline = time.monotonic() + 180
    while True:
        fragment = browser.get(f"{server.url}/imports/{job}/progress/", timeout=30)
        assert fragment.status_code == 200, fragment.status_code
        found = re.search(r'data-job-status="(\w+)"', fragment.text)
        assert found, fragment.text[-2000:]
        seen.append(found.group(1))
        if seen[-1] == end:
            return seen
        assert seen[-1] not in {"refused", "failed", "cancelled"}, (seen, fragment.text)
        assert time.monotonic() < deadline, seen
        time.sleep(0.5)
