from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "zoneops.support"
    label = "support"
    verbose_name = _("企业服务")

    def ready(self) -> None:
        from zoneops.core.schedules import daily, schedule
        from zoneops.support import jobs

        schedule(
            "support.reminders",
            _("申报截止提醒"),
            jobs.window_reminders,
            daily(7, 10),
            counts={"programs": _("临近截止项目"), "notices": _("新发提醒")},
        )
