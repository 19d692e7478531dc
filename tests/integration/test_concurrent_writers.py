"""SQLite under concurrent writers (IMMEDIATE transactions and a busy timeout, settings.py):
16 threads submit monthly reports and file appeals at once, through the services, on a file
database (on PostgreSQL, a database of the test's own, when the suite runs there). No
"database is locked", nothing lost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.conftest import Site, postgres_database, suite_on_postgres

THREADS = 16


@pytest.fixture
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Site]:
    if suite_on_postgres():
        with postgres_database("zoneops_writers_test", tmp_path) as on_postgres:
            yield on_postgres
    else:
        yield request.getfixturevalue("sqlite_site")


@pytest.mark.integration
def test_sixteen_writers_at_once_lose_nothing(site: Site) -> None:
    done = site.drive("writers", str(THREADS))
    assert done["errors"] == [] and done["alive"] == 0, done
    assert done == {
        "errors": [],
        "alive": 0,
        "submitted": THREADS,
        "reports": THREADS,
        "appeals": THREADS,
        "numbers": THREADS,
        "events": THREADS,
    }
