from django.db import migrations, models


class Migration(migrations.Migration):
    """The link to the originating investment project loses its name on that side, so that
    investment can hold the link itself under the same name (investment 0003), before this app
    drops its column (0004)."""

    dependencies = [
        ("projects", "0002_investment_origin"),
    ]

    operations = [
        migrations.AlterField(
            model_name="keyproject",
            name="investment_project",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=models.deletion.SET_NULL,
                related_name="+",
                to="investment.project",
                verbose_name="来源招商项目",
            ),
        ),
    ]
