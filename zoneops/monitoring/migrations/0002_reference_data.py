"""The real form indicators, default validation rules and default alert rules."""

from django.db import migrations

from zoneops.monitoring.reference import load_reference_data


def load(apps, schema_editor):
    load_reference_data(
        apps.get_model("monitoring", "Indicator"),
        apps.get_model("monitoring", "ValidationRule"),
        apps.get_model("monitoring", "AlertRule"),
    )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
