"""Language: Simplified Chinese unless the user chose otherwise with the language switch.

Django's LocaleMiddleware would follow the browser's Accept-Language; the zone's staff often
use English-language browsers yet work in Chinese, so only an explicit choice (the language
cookie set by the switch) changes the interface language.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import unquote

from django.conf import settings
from django.contrib.auth import SESSION_KEY as SESSION_USER_KEY
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils import translation

# When a signed-in session last moved its end (epoch seconds): see SessionIdleTimeoutMiddleware.
SEEN_KEY = "zoneops_seen"


class ChineseFirstLocaleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
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


class SessionIdleTimeoutMiddleware:
    """A signed-in session ends ``SESSION_COOKIE_AGE`` seconds after its last activity.

    Django fixes a session's end when the session is saved; saving it on every request
    (SESSION_SAVE_EVERY_REQUEST) would write the session table on every page and every htmx
    fragment. Here a session is saved again, and so its end moved, at most once every
    ``SESSION_TOUCH_SECONDS``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # After the view, so that the request that signs in starts the clock too.
        session = getattr(request, "session", None)
        if session is not None and SESSION_USER_KEY in session:
            now = int(time.time())
            if now - int(session.get(SEEN_KEY, 0)) >= settings.SESSION_TOUCH_SECONDS:
                session[SEEN_KEY] = now
        return response
