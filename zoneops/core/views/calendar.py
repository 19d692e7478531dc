"""The statutory holiday calendar (节假日安排): the year's entered days, entry, import, export.

Every working-day clock counts on it (:mod:`zoneops.core.workdays`); the officers who run those
clocks may read it, the appeals window keeps it (``calendar.configure``).
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.core import services
from zoneops.core.exports import xlsx_response
from zoneops.core.forms import CalendarDayForm
from zoneops.core.models import CalendarDay, User
from zoneops.core.navigation import MONITORING
from zoneops.core.params import query_int
from zoneops.core.permissions import can_configure_calendar, require
from zoneops.core.workdays import package_knows, package_years


def _officer(request: HttpRequest) -> User:
    """The administration's officers; anyone else gets 404, as for a module they may not use."""
    user = cast(User, request.user)
    if user.role not in MONITORING:
        raise Http404
    return user


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    user = _officer(request)
    can_edit = can_configure_calendar(user)
    today = timezone.localdate()
    year = query_int(request, "year", low=2000, high=2100) or today.year + 1
    form = CalendarDayForm(request.POST or None)
    if request.method == "POST":
        require(can_edit)
        if form.is_valid():
            services.calendar_day_set(actor=user, **form.cleaned_data)
            messages.success(request, _("已保存"))
            day: dt.date = form.cleaned_data["date"]
            return redirect(f"{request.path}?year={day.year}")
    first, last = package_years()
    days = CalendarDay.objects.visible_to(user).filter(date__year=year)
    return render(
        request,
        "core/calendar.html",
        {
            "year": year,
            "years": range(today.year - 1, today.year + 3),
            "days": days,
            "form": form,
            "can_edit": can_edit,
            "package_first": first,
            "package_last": last,
            "package_knows": package_knows(year),
            "has_entries": days.exists(),
        },
    )


@login_required
@require_POST
def calendar_day_delete(request: HttpRequest, day_id: int) -> HttpResponse:
    user = _officer(request)
    day = get_object_or_404(CalendarDay.objects.visible_to(user), pk=day_id)
    services.calendar_day_delete(actor=user, day=day)
    messages.success(request, _("已删除"))
    return redirect(f"{reverse('calendar')}?year={day.date.year}")


@login_required
def calendar_export(request: HttpRequest) -> HttpResponse:
    user = _officer(request)
    days = CalendarDay.objects.visible_to(user)
    return xlsx_response(
        filename="节假日安排.xlsx",
        sheet="节假日安排",
        headers=["日期", "类型", "节日"],
        rows=([d.date, d.get_kind_display(), d.name] for d in days),
    )
