"""The five cultivation pools (reference rows: the platform ships them)."""

from decimal import Decimal

from django.db import migrations

POOLS = [
    ("above_scale", "入统培育库（升规入限）", Decimal("20000000"), "主营业务收入达到2000万元纳入规上统计"),
    ("tier_1b", "10亿级企业培育库", Decimal("1000000000"), "营业收入或工业产值迈上10亿元"),
    ("tier_5b", "50亿级企业培育库", Decimal("5000000000"), "营业收入或工业产值迈上50亿元"),
    ("tier_10b", "100亿级企业培育库", Decimal("10000000000"), "营业收入或工业产值迈上100亿元"),
    ("chain_owner", "链主企业培育库", None, "培育产业链链主企业"),
]


def add_pools(apps, schema_editor):
    pool = apps.get_model("support", "CultivationPool")
    for order, (kind, name, threshold, description) in enumerate(POOLS):
        pool.objects.get_or_create(
            kind=kind,
            defaults={
                "name": name,
                "threshold": threshold,
                "description": description,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]
    operations = [migrations.RunPython(add_pools, migrations.RunPython.noop)]
