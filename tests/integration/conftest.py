"""Databases of their own for the tests that run real processes (the worker, backup, many
writers): a migrated SQLite file (migrated once per session, copied per test) or a PostgreSQL
database named after this process, created and dropped here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("driver.py")
PG = "postgres://postgres@127.0.0.1:5432"


def _base_env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "TASKS_URL", "PYTEST_CURRENT_TEST"}
    }
    env.update(
        ZONEOPS_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="zoneops.settings",
        TASKS_IMMEDIATE="0",
        # Every upload goes to the worker.
        IMPORT_INLINE_BYTES="0",
        TASKS_QUEUE=f"zoneops_test_{os.getpid()}",
    )
    env.update(extra)
    return env


@dataclass
class Site:
    """One install: its environment, and the worker processes it started."""

    env: dict[str, str]
    var_dir: Path
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def drive(self, *args: str) -> Any:
        done = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, str(DRIVER), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    def manage(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done

    def start_worker(self) -> subprocess.Popen[bytes]:
        log = (self.var_dir / f"worker-{len(self.workers)}.log").open("wb")
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, str(ROOT / "manage.py"), "run_huey", "--workers", "1"],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append(worker)
        return worker

    def wait_for(self, job: int, statuses: set[str], timeout: float = 120) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            state: dict[str, Any] = self.drive("status", str(job))
            if state["status"] in statuses:
                return state
            assert time.monotonic() < deadline, (state, self.worker_log())
            time.sleep(0.3)

    def worker_log(self) -> str:
        return "\n".join(p.read_text()[-2000:] for p in sorted(self.var_dir.glob("worker-*.log")))

    def stop(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.wait()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A var/ directory with a migrated SQLite database, made once."""
    var_dir = tmp_path_factory.mktemp("template-var")
    site = Site(_base_env(var_dir), var_dir)
    site.manage("migrate", "--noinput", "-v", "0")
    return var_dir


@pytest.fixture
def sqlite_site(migrated_sqlite: Path, tmp_path: Path) -> Iterator[Site]:
    var_dir = tmp_path / "var"
    shutil.copytree(migrated_sqlite, var_dir)
    site = Site(_base_env(var_dir), var_dir)
    yield site
    site.stop()


def _psql(sql: str) -> None:
    subprocess.run(  # noqa: S603 - psql with a fixed statement
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql],  # noqa: S607
        check=True,
        capture_output=True,
        timeout=60,
    )


def suite_on_postgres() -> bool:
    """Whether the suite runs on PostgreSQL (its DATABASE_URL), as the lead's second run does."""
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@contextmanager
def postgres_database(prefix: str, tmp_path: Path) -> Iterator[Site]:
    """A database of this test's own (``<prefix>_<pid>``), migrated, dropped after."""
    name = f"{prefix}_{os.getpid()}"
    _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _psql(f'CREATE DATABASE "{name}"')
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    url = f"{PG}/{name}"
    site = Site(_base_env(var_dir, DATABASE_URL=url), var_dir)
    try:
        site.manage("migrate", "--noinput", "-v", "0")
        yield site
    finally:
        site.stop()
        _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_site(tmp_path: Path) -> Iterator[Site]:
    """A database of this test's own (zoneops_tasks_test_<pid>), migrated, dropped after."""
    with postgres_database("zoneops_tasks_test", tmp_path) as site:
        yield site
