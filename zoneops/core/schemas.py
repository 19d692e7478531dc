"""The API's one error body: what was refused, field by field or rule by rule where known."""

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    detail: str | list[dict[str, Any]]
    errors: dict[str, list[str]] = {}
    findings: list[dict[str, Any]] = []
