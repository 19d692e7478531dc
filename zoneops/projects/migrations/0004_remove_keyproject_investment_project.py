from django.db import migrations


class Migration(migrations.Migration):
    """The plan no longer points at investment: investment.Project.key_project holds the link
    (copied there by investment 0003, which runs before this)."""

    dependencies = [
        ("projects", "0003_investment_origin_unnamed"),
    ]

    operations = [
        migrations.RemoveField(model_name="keyproject", name="investment_project"),
    ]
