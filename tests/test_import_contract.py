"""The plan of the building holds (pyproject.toml's import-linter contracts), and a new import
that breaks it fails with the contract's message."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).parent / "lint-imports"
CONTRACT = "Apps use each other through their declared public module only"


def lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own lint-imports, fixed arguments)
        [str(LINT), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_the_tree_keeps_every_contract():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout[-4000:]
    assert "BROKEN" not in result.stdout


def test_support_reaching_into_monitorings_models_breaks_the_contract(tmp_path):
    shutil.copytree(ROOT / "zoneops", tmp_path / "zoneops", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "tools", tmp_path / "tools", ignore=shutil.ignore_patterns("*.pyc"))
    probe = tmp_path / "zoneops" / "support" / "probe.py"
    probe.write_text("import zoneops.monitoring.models  # noqa: F401\n")
    result = lint(tmp_path)
    assert result.returncode != 0
    assert CONTRACT in result.stdout
    assert "zoneops.support.probe -> zoneops.monitoring.models" in result.stdout


def test_core_importing_a_domain_app_breaks_the_layers(tmp_path):
    shutil.copytree(ROOT / "zoneops", tmp_path / "zoneops", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "tools", tmp_path / "tools", ignore=shutil.ignore_patterns("*.pyc"))
    (tmp_path / "zoneops" / "core" / "probe.py").write_text(
        "from zoneops.appeals import services  # noqa: F401\n"
    )
    result = lint(tmp_path)
    assert result.returncode != 0
    assert "zoneops.core is not allowed to import zoneops.appeals" in result.stdout


def test_an_apps_own_tests_are_held_to_the_contracts_too(tmp_path):
    shutil.copytree(ROOT / "zoneops", tmp_path / "zoneops", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "tools", tmp_path / "tools", ignore=shutil.ignore_patterns("*.pyc"))
    (tmp_path / "zoneops" / "innovation" / "tests" / "test_probe.py").write_text(
        "from zoneops.support.models import Notice  # noqa: F401\n"
    )
    result = lint(tmp_path)
    assert result.returncode != 0
    assert "zoneops.innovation.tests.test_probe -> zoneops.support.models" in result.stdout


def test_a_module_no_one_listed_is_closed_too(tmp_path):
    """Closed unless opened: a module added to an app tomorrow (here a helper of projects) is
    not reachable from another app, though no contract names it."""
    _copy(tmp_path)
    (tmp_path / "zoneops" / "projects" / "helpers.py").write_text("VALUE = 1\n")
    (tmp_path / "zoneops" / "investment" / "probe.py").write_text(
        "from zoneops.projects.helpers import VALUE  # noqa: F401\n"
    )
    result = lint(tmp_path)
    assert result.returncode != 0
    assert CONTRACT in result.stdout
    assert "zoneops.investment.probe -> zoneops.projects.helpers (l.1)" in result.stdout


def test_the_public_module_stays_open(tmp_path):
    _copy(tmp_path)
    (tmp_path / "zoneops" / "investment" / "probe.py").write_text(
        "from zoneops.projects import public  # noqa: F401\n"
        "from zoneops.projects.public import key_project_create  # noqa: F401\n"
    )
    result = lint(tmp_path)
    assert result.returncode == 0, result.stdout[-2000:]


def test_another_apps_services_and_queries_are_closed(tmp_path):
    """What an app offers the others is what its public module declares: its services and
    queries are its own, so reaching past the declaration breaks the contract."""
    _copy(tmp_path)
    (tmp_path / "zoneops" / "investment" / "probe.py").write_text(
        "from zoneops.projects import queries  # noqa: F401\n"
        "from zoneops.projects.services import key_project_create  # noqa: F401\n"
    )
    result = lint(tmp_path)
    assert result.returncode != 0
    assert CONTRACT in result.stdout
    assert "zoneops.investment.probe -> zoneops.projects.queries (l.1)" in result.stdout
    assert "zoneops.investment.probe -> zoneops.projects.services (l.2)" in result.stdout


def _copy(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "zoneops", tmp_path / "zoneops", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copytree(ROOT / "tools", tmp_path / "tools", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
