"""The platform's URLs and the load test's bare view (benchmarks/settings.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from zoneops.urls import urlpatterns as platform


def bare(request: HttpRequest) -> HttpResponse:
    """The least a Django view does: the middleware, a small response, no database."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *platform]
