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


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: a parameter that is not what it should be, named (core/params.py)."""
    message = str(exception) if exception is not None and str(exception) else ""
    try:
        body = render_to_string("errors/400.html", {"message": message}, request=request)
    except Exception:
        body = render_to_string("errors/400.html", {"message": message})
    return HttpResponse(body, status=400)
