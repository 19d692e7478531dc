"""Reference data that ships with the project: GB/T 4754-2017 门类 and 大类, standard tags.

The migration loads it with the historical models; tests that flush the database (browser
tests on a live server) load it again with the current ones. Loading twice changes nothing.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "gbt4754_2017_sections_divisions.csv"

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


def load_reference_data(industry_model: Any, tag_model: Any) -> None:
    by_code: dict[str, Any] = {}
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            industry, _ = industry_model.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "level": int(row["level"]),
                    "parent": by_code.get(row["parent"]),
                },
            )
            by_code[industry.code] = industry
    for order, (code, name) in enumerate(TAGS):
        tag_model.objects.update_or_create(code=code, defaults={"name": name, "order": order})
