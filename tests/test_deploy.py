"""Production settings pass Django's deployment checks; the development key does not."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "ZONEOPS_HTTPS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    full.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _check(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "zone.example.cn",
            "ZONEOPS_HTTPS": "1",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_refuses_the_development_key():
    result = _check({"DEBUG": "0", "ALLOWED_HOSTS": "zone.example.cn", "ZONEOPS_HTTPS": "1"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr
