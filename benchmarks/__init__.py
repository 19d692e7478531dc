"""Benchmarks of the hot paths against their peers, in the same run (``make bench``).

Not part of the test suite: ``benchmarks/run.py`` generates its own databases (a SQLite file
under ``var/bench/`` and a PostgreSQL database ``zoneops_bench`` it creates and drops) and
prints a table of times and ratios.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"


def setup_django() -> None:
    """Configure Django for a benchmark process (DATABASE_URL picks the database)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zoneops.settings")
    import django

    django.setup()


def timed(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The median of ``repeat`` runs after a warm-up (connection, page cache, query plans),
    and the last run's result."""
    result = run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result
