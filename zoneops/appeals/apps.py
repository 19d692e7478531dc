from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "zoneops.appeals"
    label = "appeals"
    verbose_name = _("有诉必应")

    def ready(self) -> None:
        from zoneops.appeals.services import deadlines_run
        from zoneops.core.schedules import daily, schedule

        schedule(
            "appeals.deadlines",
            _("诉求到期提醒与超期督办"),
            deadlines_run,
            daily(7, 0),
            counts={
                "checked": _("检查诉求"),
                "reminded": _("到期提醒"),
                "department_head": _("升级至部门负责人"),
                "leader": _("升级至管委会领导"),
            },
        )
