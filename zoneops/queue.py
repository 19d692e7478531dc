"""Which task queue (TASKS_URL) and which cache (CACHE_URL) the worker and the app servers share.

Tasks are written against Django's tasks API (DEP 14: the ``django-tasks`` backport on Django
5.2); Huey runs them. Without TASKS_URL the queue is a SQLite file of its own under var/, so
queueing a task never waits for the application database's write lock. ``redis://`` and
``postgres://`` URLs name a shared queue for installs with more than one server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


def huey_settings(
    url: str, var_dir: Path, *, immediate: bool, name: str = "zoneops"
) -> dict[str, Any]:
    """The ``HUEY`` setting for ``url`` ("" for the local SQLite file).

    ``immediate`` runs every task in the calling process at once (the tests): Huey then keeps
    its queue in memory and no worker is needed.
    """
    # Schedules are written in the zone's local time (Django sets the process's TZ).
    common: dict[str, Any] = {
        "name": name,
        "immediate": immediate,
        "utc": False,
        # Polling backs off to at most a second: a queued import starts within it.
        "consumer": {
            "workers": 2,
            "worker_type": "thread",
            "periodic": True,
            "initial_delay": 0.1,
            "backoff": 1.15,
            "max_delay": 1.0,
        },
    }
    scheme = urlsplit(url).scheme if url else "sqlite"
    if scheme in {"redis", "rediss", "unix"}:
        return {**common, "huey_class": "huey.RedisHuey", "url": url}
    if scheme in {"postgres", "postgresql"}:
        # Huey keeps its tables (huey_task, huey_schedule, huey_kv) beside the application's.
        return {**common, "huey_class": "huey.PostgresHuey", "dsn": url}
    if scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path, as DATABASE_URL writes them.
        path = urlsplit(url).path[1:] if url else ""
        filename = path or str(var_dir / "tasks.sqlite3")
        return {**common, "huey_class": "huey.SqliteHuey", "filename": filename}
    raise ValueError(f"TASKS_URL: unsupported queue {scheme!r} (use redis://, postgres://)")


def cache_settings(url: str, var_dir: Path, *, prefix: str = "") -> dict[str, Any]:
    """The default cache for ``url`` (CACHE_URL): "" keeps the file cache under var/ (one
    machine); ``redis://`` (or ``rediss://``, ``unix://``) is a Redis shared by every server."""
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(var_dir / "cache"),
        }
    scheme = urlsplit(url).scheme
    if scheme in {"redis", "rediss", "unix"}:
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                # A Redis that stops answering fails a request quickly instead of hanging it.
                "SOCKET_CONNECT_TIMEOUT": 2,
                "SOCKET_TIMEOUT": 2,
            },
        }
    raise ValueError(f"CACHE_URL: unsupported cache {scheme!r} (use redis://)")
