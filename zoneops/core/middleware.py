"""Language: Simplified Chinese unless the user chose otherwise with the language switch.

Django's LocaleMiddleware would follow the browser's Accept-Language; the zone's staff often
use English-language browsers yet work in Chinese, so only an explicit choice (the language
cookie set by the switch) changes the interface language.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils import translation


class ChineseFirstLocaleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        translation.deactivate()
        return response


class RejectNullCharactersMiddleware:
    """Refuse a request whose query string or JSON body carries a NUL character.

    No field of the platform can hold one, and PostgreSQL refuses it deep inside a query (a
    500); Django's forms already refuse it, the API's query parameters and bodies did not.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = unquote(request.META.get("QUERY_STRING", ""))
        body = request.body if request.content_type == "application/json" else b""
        if "\x00" in query or b"\x00" in body or b"\\u0000" in body:
            message = "请求中含有不允许的空字符（NUL）"
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)
