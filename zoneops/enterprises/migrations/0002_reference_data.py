"""Ship the GB/T 4754-2017 门类 and 大类 levels and the registry's standard tags.

The finer levels (中类, 小类) come from the official file through ``import_industries``.
"""

from django.db import migrations

from zoneops.enterprises.reference import load_reference_data


def load(apps, schema_editor):
    load_reference_data(apps.get_model("enterprises", "Industry"), apps.get_model("enterprises", "Tag"))


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
