"""The API's one error body: what was refused, field by field or rule by rule where known."""

from typing import Any

from ninja import Schema
from pydantic import ModelWrapValidatorHandler, model_validator


class ErrorOut(Schema):
    detail: str | list[dict[str, Any]]
    errors: dict[str, list[str]] = {}
    findings: list[dict[str, Any]] = []


class InputSchema(Schema):
    """What a client sends (a body, a query's filters): a JSON object and nothing else.

    django-ninja's Schema reads attributes of whatever it is given, so that ORM objects answer;
    a body of ``[null, null]`` or ``7`` would then be read as an object with every field unset,
    and a PATCH "succeeds" having changed nothing. Inputs are refused unless they are objects.
    """

    @model_validator(mode="wrap")
    @classmethod
    def _an_object(cls, values: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        if not isinstance(values, dict | cls):
            raise ValueError("应为 JSON 对象（{...}）")
        return handler(values)
