import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0005_alerts_one_per_run")]

    operations = [
        migrations.AlterField(
            model_name="alert",
            name="last_period",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="monitoring.reportingperiod",
                verbose_name="最近月份",
            ),
        ),
    ]
