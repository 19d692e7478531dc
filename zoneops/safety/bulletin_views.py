"""The safety statistics page with the weekly bulletin (安全生产周报): a week, a park and a
grouping picked, the figures shown, the Word bulletin and the Excel table downloaded through
the one export path. Thin: parse, call ``bulletin``/``queries``, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from zoneops.core.exports import export
from zoneops.core.permissions import may, require
from zoneops.safety import bulletin, queries
from zoneops.safety.views import _user

GROUPS = (("park", _("按园区")), ("grid", _("按网格")), ("industry", _("按行业")))
HEADS = {"park": _("园区"), "grid": _("网格"), "industry": _("行业（大类）")}


def _week(request: HttpRequest) -> bulletin.Week:
    """The week and park asked for; a park out of sight is 404."""
    user = _user(request)
    require(may(user, "safety.bulletin"))
    try:
        return bulletin.chosen(user=user, params=request.GET, today=timezone.localdate())
    except LookupError as exc:
        raise Http404 from exc


@require_safe
@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require(may(user, "safety.bulletin"))
    today = timezone.localdate()
    try:
        week = bulletin.chosen(user=user, params=request.GET, today=today)
    except LookupError as exc:
        raise Http404 from exc
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("safety:statistics")
    by = request.GET.get("by", "park")
    by = by if by in queries.GROUPINGS else "park"
    stats = queries.statistics(
        user=user,
        start=week.start,
        end=week.end,
        by=by,
        park=week.park.pk if week.park else None,
        today=today,
    )
    query = request.GET.copy()
    query.pop("by", None)
    query["week"] = week.start.isoformat()
    return render(
        request,
        "safety/bulletin/statistics.html",
        {
            "week": week,
            "weeks": bulletin.weeks(today),
            "parks": bulletin.parks(user),
            "by": by,
            "groups": GROUPS,
            "head": HEADS[by],
            "stats": stats,
            "overall": bulletin.overall(stats, week.place),
            "query": query.urlencode(),
        },
    )


@require_safe
@login_required
def bulletin_document(request: HttpRequest) -> HttpResponse:
    """The week's 安全生产周报 as Word (written on the worker)."""
    try:
        week = _week(request)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("safety:statistics")
    return export(request, "safety.bulletin", title=bulletin.week_label(week.start))


@require_safe
@login_required
def bulletin_table(request: HttpRequest) -> HttpResponse:
    """The week's figures by park as Excel."""
    try:
        week = _week(request)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("safety:statistics")
    return export(request, "safety.bulletin_xlsx", title=bulletin.week_label(week.start))
