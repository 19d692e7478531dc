"""Running the platform: the scheduled jobs' page and the health checks (views/ops.py)."""

from django.urls import include, path

from zoneops.core.views import ops

schedules_patterns = (
    [
        path("", ops.schedule_list, name="list"),
        path("<str:key>/run/", ops.schedule_run, name="run"),
    ],
    "schedules",
)

urlpatterns = [
    path("healthz", ops.healthz, name="healthz"),
    path("readyz", ops.readyz, name="readyz"),
    path("schedules/", include(schedules_patterns)),
]
