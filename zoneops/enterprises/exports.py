"""The registry's export (企业库.xlsx): the list page's filters, the registry's own columns
(``columns.py``, the layout the import reads back). Small lists are written in the request;
the whole registry of a large zone is a job on the worker (core/exports.py)."""

from __future__ import annotations

from typing import IO, Any

from django.http import QueryDict

from zoneops.core.exports import Progress, Written, xlsx_write
from zoneops.core.navigation import module_allowed
from zoneops.core.params import query_int
from zoneops.enterprises import queries
from zoneops.enterprises.columns import EXPORT_HEADERS, export_row


def filters(params: QueryDict) -> queries.EnterpriseFilter:
    """The list page's filters, from its query (the page and the export read the same)."""
    return queries.EnterpriseFilter(
        q=params.get("q", "").strip(),
        park=query_int(params, "park"),
        industry=params.get("industry", "").strip(),
        chain=query_int(params, "chain"),
        tag=params.get("tag", ""),
        scale=params.get("scale", ""),
        status=params.get("status", ""),
        without_officer=params.get("officer") == "none",
        sort=params.get("sort", "name"),
    )


def allowed(user: Any) -> bool:
    return module_allowed(user, "enterprises")


def count(*, user: Any, params: QueryDict) -> int:
    return queries.enterprise_list(user=user, filters=filters(params)).count()


def write(*, user: Any, params: QueryDict, out: IO[bytes], progress: Progress) -> Written:
    enterprises = queries.enterprise_list(user=user, filters=filters(params))
    rows = xlsx_write(
        out,
        sheet="企业库",
        headers=EXPORT_HEADERS,
        rows=(export_row(e) for e in enterprises.iterator(chunk_size=500)),
        progress=progress,
        total=count(user=user, params=params),
    )
    return Written("企业库.xlsx", rows)
