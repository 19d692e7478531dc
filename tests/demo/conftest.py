"""The whole demo zone, built once for this package, for tests that walk the site as its people
do: every page, form, export and API operation as every demo login.

The zone is built inside a transaction that is rolled back when the package's last test ends,
so the rest of the suite never sees it; each test runs in its own savepoint on top of it (the
`db` fixture), so what one test writes the next does not see. Keep every test here bounded:
the package is paid for on SQLite and on PostgreSQL in every CI run.

The zone is built for a pinned day (``TODAY``, a 6th: last month's reports partly in, before
their deadline), so no test depends on the machine's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from zoneops.core.models import User
from zoneops.demo.zone import LOGIN_ORDER

SEED = 2024
TODAY = dt.date(2026, 12, 6)
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Demo:
    output: str
    today: dt.date

    @property
    def usernames(self) -> list[str]:
        """The demo logins the README lists, in the order `make run` prints them."""
        return list(LOGIN_ORDER)

    def user(self, username: str) -> User:
        return User.objects.get(username=username)

    def client(self, username: str | None, language: str = "zh-hans") -> Client:
        """A test client signed in as ``username`` (anonymous for None), in ``language``."""
        client = Client()
        client.cookies["django_language"] = language
        if username is not None:
            client.force_login(self.user(username))
        return client


@pytest.fixture(scope="package")
def demo_zone(django_db_setup: None, django_db_blocker: Any) -> Iterator[Demo]:
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = StringIO()
            call_command("demo_zone", seed=SEED, today=TODAY, stdout=out)
            yield Demo(output=out.getvalue(), today=TODAY)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_zone: Demo, db: None) -> Demo:
    """The demo zone, in a savepoint of this test's own."""
    return demo_zone
