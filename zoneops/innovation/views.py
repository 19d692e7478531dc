"""Innovation pages. Thin: parse the request, call a query or a service, render."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.core.models import User
from zoneops.core.navigation import require_module
from zoneops.core.params import query_int
from zoneops.core.permissions import require
from zoneops.enterprises.queries import enterprise_list
from zoneops.innovation import queries, services
from zoneops.innovation.forms import RecognitionForm, TalentForm
from zoneops.innovation.models import PLATFORMS, Kind, Level
from zoneops.innovation.permissions import can_edit_for, can_manage_talents, edits_some

MODULE = "innovation"


def _user(request: HttpRequest) -> User:
    require_module(request.user, MODULE)
    request.nav_module = MODULE  # type: ignore[attr-defined]
    return cast(User, request.user)


def _errors(form: object, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error)  # type: ignore[attr-defined]
    else:
        for error in exc.messages:
            form.add_error(None, error)  # type: ignore[attr-defined]


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    kind = request.GET.get("kind", "")
    level = request.GET.get("level", "")
    rows = queries.recognition_list(user=user).order_by("valid_until", "enterprise__name", "pk")
    if kind in Kind.values:
        rows = rows.filter(kind=kind)
    if level in Level.values:
        rows = rows.filter(level=level)
    due = request.GET.get("due") == "1"
    if due:
        rows = rows.in_force(today).filter(valid_until__lte=dt.date(today.year, 12, 31))
    return render(
        request,
        "innovation/dashboard.html",
        {
            "stats": queries.statistics(user=user, today=today),
            "page": Paginator(rows, 30).get_page(request.GET.get("page")),
            "kinds": Kind.choices,
            "levels": Level.choices,
            "kind": kind,
            "level": level,
            "due": due,
            "today": today,
            "can_edit": edits_some(user),
        },
    )


@login_required
def enterprise(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    user = _user(request)
    found = get_object_or_404(enterprise_list(user=user), pk=enterprise_id)
    today = timezone.localdate()
    rows = list(queries.enterprise_recognitions(user=user, enterprise=found))
    for row in rows:
        row.active = row.in_force(today)  # type: ignore[attr-defined]
    return render(
        request,
        "innovation/enterprise.html",
        {
            "enterprise": found,
            "platforms": [r for r in rows if r.kind in PLATFORMS],
            "titles": [r for r in rows if r.kind not in PLATFORMS],
            "talents": queries.talent_list(user=user).filter(enterprise=found),
            "full_ids": can_manage_talents(user),
            "can_edit": can_edit_for(user, found),
            "today": today,
        },
    )


@login_required
def recognition_edit(request: HttpRequest, recognition_id: int | None = None) -> HttpResponse:
    user = _user(request)
    recognition = (
        get_object_or_404(queries.recognition_list(user=user), pk=recognition_id)
        if recognition_id
        else None
    )
    if recognition is not None:
        require(can_edit_for(user, recognition.enterprise))
    elif not edits_some(user):
        raise Http404
    enterprises = enterprise_list(user=user)
    initial = {}
    if recognition is None and (chosen := query_int(request, "enterprise")):
        initial["enterprise"] = get_object_or_404(enterprises, pk=chosen)
    form = RecognitionForm(
        request.POST or None, instance=recognition, enterprises=enterprises, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        stored = (
            get_object_or_404(queries.recognition_list(user=user), pk=recognition_id)
            if recognition_id
            else None
        )
        try:
            saved = services.recognition_save(actor=user, data=data, recognition=stored)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("innovation:enterprise", saved.enterprise_id)
    return render(
        request, "innovation/recognition_form.html", {"form": form, "recognition": recognition}
    )


@login_required
def talents(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "innovation/talents.html",
        {
            "page": Paginator(queries.talent_list(user=user), 50).get_page(request.GET.get("page")),
            "full_ids": can_manage_talents(user),
        },
    )


@login_required
def talent_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not can_manage_talents(user):
        raise Http404
    form = TalentForm(request.POST or None, enterprises=enterprise_list(user=user))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.talent_save(actor=user, data=data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("innovation:talents")
    return render(request, "innovation/talent_form.html", {"form": form})
