"""The registry's spreadsheet layout: the export writes these columns and the import reads
them (by header name, in any order), so an exported file re-imports unchanged."""

from __future__ import annotations

from typing import Any

from zoneops.enterprises.models import Enterprise

# (header, what it holds). The first five are the minimum an import needs.
ENTERPRISE_COLUMNS: list[tuple[str, str]] = [
    ("统一社会信用代码", "credit_code"),
    ("企业名称", "name"),
    ("园区", "park"),
    ("行业代码", "industry"),
    ("是否规上", "is_above_scale"),
    ("纳入规上时间", "above_scale_since"),
    ("行业名称", "industry_name"),  # informative on export; ignored on import
    ("经营状态", "status"),
    ("标签", "tags"),
    ("地址", "address"),
    ("法定代表人", "legal_representative"),
    ("成立日期", "established_on"),
    ("包联干部", "service_officer"),
]
EXPORT_HEADERS = [header for header, _ in ENTERPRISE_COLUMNS]


def export_row(e: Enterprise) -> list[Any]:
    """One enterprise as a row of the layout above (relations prefetched by the caller)."""
    return [
        e.credit_code,
        e.name,
        e.park.name,
        e.industry.code,
        "是" if e.is_above_scale else "否",
        e.above_scale_since,
        e.industry.name,
        e.get_status_display(),
        "、".join(t.name for t in e.tags.all()),
        e.address,
        e.legal_representative,
        e.established_on,
        e.service_officer.username if e.service_officer else "",
    ]
