"""The API's one pagination: {"items": [...], "count": N}, ?page=&page_size=."""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    class Input(Schema):
        # Bounded so that page × page_size always fits the databases' OFFSET.
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=500)
