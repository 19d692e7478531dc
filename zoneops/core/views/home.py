"""The home page: one per role, each showing what that person works on first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from zoneops.core import home as home_queries
from zoneops.core.http import AuthedRequest


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    return render(request, "core/home.html", {"home": home_queries.home_for(user=request.user)})
