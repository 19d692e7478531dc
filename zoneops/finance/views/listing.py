"""Pages of 企业上市: the pipeline board, the candidates found from the figures, a company's
road. Officers only (banks and enterprises get 404); writes need ``finance.listing``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zoneops.core.models import User
from zoneops.core.permissions import may, may_for_enterprise
from zoneops.enterprises.models import Enterprise, EnterpriseStatus
from zoneops.finance import forms, queries, services
from zoneops.finance.models import ListingCompany, ListingStage
from zoneops.finance.views.common import _fail, _form_errors, _run
from zoneops.finance.views.figures import _officer

SHOWN = 20  # candidates shown per tier before "显示全部"


@login_required
def listing_board(request: HttpRequest) -> HttpResponse:
    user = _officer(request)
    today = timezone.localdate()
    columns = queries.listing_board(user=user, today=today)
    return render(
        request,
        "finance/listing_board.html",
        {
            "columns": columns,
            "total": sum(len(cells) for _key, _label, cells in columns),
            "late": sum(1 for _key, _label, cells in columns for r in cells if r.overdue),
            "may_write": may(user, "finance.listing"),
        },
    )


@login_required
def listing_candidates(request: HttpRequest) -> HttpResponse:
    user = _officer(request)
    return render(
        request,
        "finance/listing_candidates.html",
        {
            "candidates": queries.listing_candidates(user=user),
            "shown": None if request.GET.get("all") == "1" else SHOWN,
            "may_write": may(user, "finance.listing"),
            "form": forms.ListingForm(),
        },
    )


@login_required
@require_POST
def listing_enrol(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    user = _officer(request)
    visible = Enterprise.objects.visible_to(user).filter(status=EnterpriseStatus.OPERATING)
    enterprise = get_object_or_404(visible, pk=enterprise_id)
    if not may_for_enterprise(user, "finance.listing", enterprise):
        raise PermissionDenied
    form = forms.ListingForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return HttpResponseRedirect(reverse("finance:listing_candidates"))
    try:
        company = services.listing_enrol(actor=user, enterprise=enterprise, data=form.cleaned_data)
    except ValidationError as exc:
        _fail(request, exc)
        return HttpResponseRedirect(reverse("finance:listing_candidates"))
    return HttpResponseRedirect(reverse("finance:listing_company", args=[company.pk]))


def _company(request: HttpRequest, company_id: int) -> ListingCompany:
    user = _officer(request)
    return get_object_or_404(queries.listing_company_list(user=user), pk=company_id)


@login_required
def listing_company(request: HttpRequest, company_id: int) -> HttpResponse:
    user = _officer(request)
    company = _company(request, company_id)
    road = queries.road_of(company, today=timezone.localdate())
    last_year, standing = queries.listing_standing(company)
    by_stage = {m.stage: m for m in company.milestones.all()}
    stages = [(stage, by_stage.get(stage.value)) for stage in ListingStage]
    return render(
        request,
        "finance/listing_company.html",
        {
            "company": company,
            "road": road,
            "stages": stages,
            "last_year": last_year,
            "standing": standing,
            "issues": company.issues.all(),
            "may_write": may_for_enterprise(user, "finance.listing", company.enterprise),
            "edit_form": forms.ListingForm(
                initial={
                    "tier": company.tier_id,
                    "board": company.board,
                    "sponsor": company.sponsor,
                    "law_firm": company.law_firm,
                    "accountant": company.accountant,
                    "note": company.note,
                }
            ),
            "milestone_form": forms.MilestoneForm(
                initial={"stage": road.next.stage if road.next else ""}
            ),
            "issue_form": forms.GreenChannelForm(),
        },
    )


def _writer(request: HttpRequest, company_id: int) -> tuple[ListingCompany, User]:
    user = _officer(request)
    company = _company(request, company_id)
    if not may_for_enterprise(user, "finance.listing", company.enterprise):
        raise PermissionDenied
    return company, user


def _back(company: ListingCompany) -> HttpResponse:
    return HttpResponseRedirect(reverse("finance:listing_company", args=[company.pk]))


@login_required
@require_POST
def listing_update(request: HttpRequest, company_id: int) -> HttpResponse:
    company, user = _writer(request, company_id)
    _run(
        request,
        forms.ListingForm(request.POST),
        lambda data: services.listing_update(actor=user, company=company, data=data),
    )
    return _back(company)


@login_required
@require_POST
def listing_milestone(request: HttpRequest, company_id: int) -> HttpResponse:
    company, user = _writer(request, company_id)
    _run(
        request,
        forms.MilestoneForm(request.POST),
        lambda data: services.milestone_set(actor=user, company=company, **data),
    )
    return _back(company)


@login_required
@require_POST
def listing_issue(request: HttpRequest, company_id: int) -> HttpResponse:
    company, user = _writer(request, company_id)
    _run(
        request,
        forms.GreenChannelForm(request.POST),
        lambda data: services.green_channel_add(actor=user, company=company, **data),
    )
    return _back(company)
