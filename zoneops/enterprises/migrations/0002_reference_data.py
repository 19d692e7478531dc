"""Ship the GB/T 4754-2017 门类 and 大类 levels and the registry's standard tags.

The finer levels (中类, 小类) come from the official file through ``import_industries``.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "gbt4754_2017_sections_divisions.csv"

TAGS = [
    ("high_tech", "高新技术企业"),
    ("srdi_province", "省级专精特新"),
    ("little_giant", "专精特新小巨人"),
    ("leading", "龙头企业"),
    ("chain_owner", "链主企业"),
    ("listed", "上市企业"),
    ("listing_reserve", "上市后备"),
    ("growth_point", "新增长点"),
    ("seasonal", "季节性生产"),
]


def load(apps, schema_editor):
    Industry = apps.get_model("enterprises", "Industry")
    Tag = apps.get_model("enterprises", "Tag")
    by_code = {}
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            industry, _ = Industry.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "level": int(row["level"]),
                    "parent": by_code.get(row["parent"]),
                },
            )
            by_code[industry.code] = industry
    for order, (code, name) in enumerate(TAGS):
        Tag.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
