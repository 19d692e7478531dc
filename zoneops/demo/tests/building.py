"""The demo's tests build a zone once per module: inside a transaction rolled back at the
module's end, each test running in a savepoint on top of it (pytest-django's ``db``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.test import override_settings

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def rolled_back(django_db_blocker: Any) -> Iterator[None]:
    """Open the database for a module-scoped fixture; all it writes is undone at the end."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
