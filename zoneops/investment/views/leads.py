"""全员招商: every officer registers the leads of their own contacts and follows them; the
investment bureau qualifies (研判) and assigns them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.core.models import User
from zoneops.core.permissions import require
from zoneops.investment import queries, services
from zoneops.investment.forms import LeadForm, LeadReviewForm
from zoneops.investment.permissions import can_register_lead, can_review_leads
from zoneops.investment.views.common import attach_errors, error_text, signed_in


def _enter(request: HttpRequest) -> User:
    """Officers only (enterprises and banks: 404, like a module they may not use)."""
    user = signed_in(request)
    if not can_register_lead(user):
        raise Http404
    request.nav_module = "leads"  # type: ignore[attr-defined]
    return user


@login_required
def lead_list(request: HttpRequest) -> HttpResponse:
    user = _enter(request)
    reviewer = can_review_leads(user)
    return render(
        request,
        "investment/leads.html",
        {
            "mine": queries.leads_sourced_by(user=user),
            "to_review": queries.leads_to_review(user=user) if reviewer else None,
            "review_form": LeadReviewForm() if reviewer else None,
        },
    )


@login_required
def lead_create(request: HttpRequest) -> HttpResponse:
    user = _enter(request)
    form = LeadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lead = services.lead_register(actor=user, data=form.service_data())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request, _("线索“%(name)s”已登记，等待招商局研判") % {"name": lead.name}
            )
            return redirect("investment:leads")
    return render(request, "investment/lead_form.html", {"form": form})


@login_required
@require_POST
def lead_review(request: HttpRequest, project_id: int) -> HttpResponse:
    user = _enter(request)
    lead = get_object_or_404(queries.leads_to_review(user=user), pk=project_id)
    require(can_review_leads(user))
    form = LeadReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(form.errors))
        return redirect("investment:leads")
    try:
        services.lead_review(
            actor=user,
            project=lead,
            accept=form.cleaned_data["decision"] == "accept",
            follow_up=form.cleaned_data["follow_up"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("已研判：%(name)s") % {"name": lead.name})
    return redirect("investment:leads")
