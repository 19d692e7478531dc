from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestmentConfig(AppConfig):
    name = "zoneops.investment"
    label = "investment"
    verbose_name = _("招商引资")

    def ready(self) -> None:
        # A key project's page shows the signed project it came from (the hand-over runs
        # investment → projects, so the plan learns of it through this source, not an import).
        from zoneops.investment.queries import key_project_origin
        from zoneops.projects.public import register_origin

        register_origin(key_project_origin)
