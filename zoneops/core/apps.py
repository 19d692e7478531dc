from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zoneops.core"
    label = "core"
    verbose_name = _("平台基础")

    def ready(self) -> None:
        # The worker learns the import and export tasks, their upkeep and the schedules from here.
        from zoneops.core import export_tasks, schedule_tasks  # noqa: F401
        from zoneops.core.imports import tasks  # noqa: F401
