"""Styled error pages, in the user's language (Chinese by default)."""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def _render(request: HttpRequest, template: str, status: int) -> HttpResponse:
    try:
        body = render_to_string(template, request=request)
    except Exception:
        body = render_to_string(template)
    return HttpResponse(body, status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, "errors/404.html", 404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, "errors/403.html", 403)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: whatever broke may break again while rendering it.
    return HttpResponse(render_to_string("errors/500.html"), status=500)
