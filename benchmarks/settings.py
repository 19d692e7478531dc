"""The platform's settings with one addition for the load test: a bare Django view at
``/bench/bare/`` (benchmarks/urls.py), served by the same gunicorn as the real pages, so that
the pages' throughput is compared with the framework's own in the same run."""

from zoneops.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
