"""The pipeline board: one column per stage; moving a project is one recorded action (htmx
posts the move and swaps the board)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zoneops.core.queries import park_list
from zoneops.enterprises import queries as registry
from zoneops.investment import queries
from zoneops.investment.forms import investment_staff
from zoneops.investment.models import PIPELINE, Stage
from zoneops.investment.permissions import can_edit_projects
from zoneops.investment.views.common import enter, project_filters, signed_in


def _context(request: HttpRequest) -> dict[str, object]:
    user = signed_in(request)
    filters = project_filters(request)
    return {
        "filters": filters,
        "columns": queries.board(user=user, filters=filters),
        "stages": [(s.value, s.label) for s in (*PIPELINE, Stage.DROPPED)],
        "chains": registry.chain_list(user=user),
        "parks": park_list(user=user),
        "officers": investment_staff().order_by("username"),
        "can_edit": can_edit_projects(user),
        "today": timezone.localdate(),
    }


@login_required
def board(request: HttpRequest) -> HttpResponse:
    enter(request)
    context = _context(request)
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "board":
        return render(request, "investment/board.html#board", context)
    return render(request, "investment/board.html", context)


def board_response(
    request: HttpRequest, *, error: str = "", notice: str = "", moved: int | None = None
) -> HttpResponse:
    """The board after a move, keeping the filters the board was showing (sent as hx-vals)."""
    request.GET = request.POST  # the board's filters came along
    context = _context(request)
    context.update({"error": error, "notice": notice, "moved": moved})
    return render(request, "investment/board.html#board", context)
