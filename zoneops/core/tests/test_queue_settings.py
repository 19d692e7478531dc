"""TASKS_URL and CACHE_URL as settings.py turns them into Huey's and Django's settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from zoneops.queue import cache_settings, huey_settings


def test_no_cache_url_keeps_the_file_cache_under_var(tmp_path: Path) -> None:
    assert cache_settings("", tmp_path) == {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path / "cache"),
    }


def test_a_redis_cache_url_is_django_redis_with_the_install_s_prefix(tmp_path: Path) -> None:
    cache = cache_settings("redis://10.0.0.20:6379/1", tmp_path, prefix="zone-a")
    assert cache["BACKEND"] == "django_redis.cache.RedisCache"
    assert (cache["LOCATION"], cache["KEY_PREFIX"]) == ("redis://10.0.0.20:6379/1", "zone-a")


def test_an_unknown_cache_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="CACHE_URL"):
        cache_settings("memcached://10.0.0.20", tmp_path)


def test_the_queue_follows_tasks_url(tmp_path: Path) -> None:
    assert huey_settings("", tmp_path, immediate=False)["filename"] == str(
        tmp_path / "tasks.sqlite3"
    )
    assert huey_settings("redis://h:6379/0", tmp_path, immediate=False)["huey_class"] == (
        "huey.RedisHuey"
    )
    assert huey_settings("postgres://u@h/db", tmp_path, immediate=False)["huey_class"] == (
        "huey.PostgresHuey"
    )
