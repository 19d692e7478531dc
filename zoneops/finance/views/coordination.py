"""融资协调工作机制: the visit log, the 申报清单 with its five-criteria checklist, the review that
makes the 推荐清单, the push to banks (through the need's ordinary cases), and the ranking for
the daily 通报 (exported as Excel)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zoneops.core.exports import xlsx_response
from zoneops.core.models import Role, User
from zoneops.core.permissions import may, may_for_enterprise
from zoneops.core.units import to_display
from zoneops.enterprises import queries as registry
from zoneops.finance import forms, queries, services
from zoneops.finance.models import Entry
from zoneops.finance.views.common import _fail, _form_errors, _run, _user
from zoneops.finance.views.figures import _officer, _period


@login_required
def coordination(request: HttpRequest) -> HttpResponse:
    """The 申报清单 and 推荐清单 (a bank: the entries pushed to it), and the visit log."""
    user = _user(request)
    if user.role == Role.ENTERPRISE:
        raise Http404
    status = request.GET.get("status", "")
    if status not in Entry.Status.values:
        status = ""
    officer = user.role != Role.BANK
    may_visit = officer and may(user, "finance.coordinate")
    return render(
        request,
        "finance/coordination.html",
        {
            "entries": queries.entry_list(user=user, status=status)[:200],
            "visits": queries.visit_list(user=user)[:50] if officer else [],
            "status": status,
            "statuses": Entry.Status.choices,
            "visit_form": forms.VisitForm() if may_visit else None,
        },
    )


@login_required
def coord_visit_add(request: HttpRequest) -> HttpResponse:
    """Log a visit to an enterprise the officer sees (by its credit code)."""
    user = _user(request)
    if not may(user, "finance.coordinate"):
        raise PermissionDenied
    form = forms.VisitForm(request.POST or None)
    if request.method == "POST":
        code = request.POST.get("credit_code", "").strip().upper()[:18]
        enterprise = (
            registry.enterprise_detail_queryset(user=user).filter(credit_code=code).first()
            if code
            else None
        )
        if enterprise is None:
            messages.error(
                request, _("统一社会信用代码“%(code)s”不在您可见的企业之中") % {"code": code}
            )
        elif not may_for_enterprise(user, "finance.coordinate", enterprise):
            raise PermissionDenied
        elif form.is_valid():
            try:
                visit = services.visit_record(
                    actor=user, enterprise=enterprise, officer=user, data=form.data_for_service()
                )
            except ValidationError as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("走访已登记"))
                if hasattr(visit, "entry"):
                    return redirect("finance:coord_entry", visit.entry.pk)
                return redirect("finance:coordination")
        else:
            _form_errors(request, form)
    return render(
        request,
        "finance/coord_visit_form.html",
        {"form": form, "credit_code": request.POST.get("credit_code", "")},
    )


def _entry(request: HttpRequest, entry_id: int) -> tuple[User, Entry]:
    user = _user(request)
    if user.role == Role.ENTERPRISE:
        raise Http404
    return user, get_object_or_404(queries.entry_list(user=user), pk=entry_id)


@login_required
def coord_entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    user, entry = _entry(request, entry_id)
    officer = user.role != Role.BANK
    listed = entry.status == Entry.Status.LISTED
    cases = list(queries.cases_of(entry.need, user=user)) if entry.need else []
    push_form = forms.EntryPushForm()
    push_form.fields["banks"].queryset = push_form.fields["banks"].queryset.exclude(  # type: ignore[attr-defined]
        pk__in=[c.bank_id for c in cases]
    )
    return render(
        request,
        "finance/coord_entry.html",
        {
            "entry": entry,
            "cases": cases,
            "may_check": officer
            and listed
            and may_for_enterprise(user, "finance.coordinate", entry.enterprise),
            "may_review": officer and listed and may(user, "finance.route"),
            "may_push": officer
            and entry.status == Entry.Status.RECOMMENDED
            and may(user, "finance.route"),
            "check_form": forms.ChecklistForm(entry=entry),
            "review_form": forms.EntryReviewForm(),
            "push_form": push_form,
        },
    )


@login_required
@require_POST
def coord_entry_check(request: HttpRequest, entry_id: int) -> HttpResponse:
    user, entry = _entry(request, entry_id)
    if not may_for_enterprise(user, "finance.coordinate", entry.enterprise):
        raise PermissionDenied
    form = forms.ChecklistForm(request.POST, entry=entry)
    _run(
        request,
        form,
        lambda _data: services.entry_check(actor=user, entry=entry, checks=form.checks()),
    )
    return redirect("finance:coord_entry", entry.pk)


@login_required
@require_POST
def coord_entry_decide(request: HttpRequest, entry_id: int) -> HttpResponse:
    user, entry = _entry(request, entry_id)
    if not may(user, "finance.route"):
        raise PermissionDenied
    _run(
        request,
        forms.EntryReviewForm(request.POST),
        lambda data: services.entry_review(
            actor=user, entry=entry, approve=data["approve"], opinion=data["opinion"]
        ),
    )
    return redirect("finance:coord_entry", entry.pk)


@login_required
@require_POST
def coord_entry_push(request: HttpRequest, entry_id: int) -> HttpResponse:
    user, entry = _entry(request, entry_id)
    if not may(user, "finance.route"):
        raise PermissionDenied
    _run(
        request,
        forms.EntryPushForm(request.POST),
        lambda data: services.entry_push(actor=user, entry=entry, banks=list(data["banks"])),
    )
    return redirect("finance:coord_entry", entry.pk)


RANK_HEADERS = (
    gettext_lazy("排名"),
    gettext_lazy("名称"),
    gettext_lazy("走访企业（户）"),
    gettext_lazy("列入申报清单（户）"),
    gettext_lazy("列入推荐清单（户）"),
    gettext_lazy("银行已对接（户）"),
    gettext_lazy("授信金额（万元）"),
    gettext_lazy("放款金额（万元）"),
)


@login_required
def coord_ranking(request: HttpRequest) -> HttpResponse:
    user = _officer(request)
    start, end = _period(request)
    ranking = queries.coordination_ranking(user=user, start=start, end=end)
    return render(
        request,
        "finance/coord_ranking.html",
        {
            "ranking": ranking,
            "tables": (
                ("by-park", _("按园区"), ranking.parks),
                ("by-officer", _("按走访人"), ranking.officers),
                ("by-bank", _("按银行"), ranking.banks),
            ),
            "start": start,
            "end": end,
        },
    )


@login_required
def coord_ranking_export(request: HttpRequest) -> HttpResponse:
    """The ranking as Excel for the daily 通报: one block per dimension, with the total."""
    user = _officer(request)
    start, end = _period(request)
    ranking = queries.coordination_ranking(user=user, start=start, end=end)
    rows: list[list[object]] = []
    for prefix, lines in (
        (_("园区"), ranking.parks),
        (_("走访人"), ranking.officers),
        (_("银行"), ranking.banks),
    ):
        for r in lines:
            rows.append(
                [
                    r.rank,
                    f"{prefix} · {r.label}",
                    r.visited if r.visited is not None else "—",
                    r.listed if r.listed is not None else "—",
                    r.recommended,
                    r.contacted,
                    to_display(r.credited, "万元"),
                    to_display(r.disbursed, "万元"),
                ]
            )
    t = ranking.total
    rows.append(
        [
            "",
            t.label,
            t.visited,
            t.listed,
            t.recommended,
            t.contacted,
            to_display(t.credited, "万元"),
            to_display(t.disbursed, "万元"),
        ]
    )
    title = _("小微企业融资协调工作机制进展通报（%(start)s至%(end)s）") % {
        "start": start,
        "end": end,
    }
    return xlsx_response(
        filename=f"融资协调进展通报-{start}-{end}.xlsx",
        sheet=_("进展排名"),
        headers=[str(h) for h in RANK_HEADERS],
        rows=rows,
        title=title,
    )
