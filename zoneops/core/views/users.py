"""User management by administrators: roles and data scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.core import permissions, queries, services
from zoneops.core.forms import UserForm
from zoneops.core.history import timeline
from zoneops.core.http import AuthedRequest
from zoneops.core.models import ApiToken, Role
from zoneops.core.navigation import require_module


@login_required
def user_list(request: AuthedRequest) -> HttpResponse:
    require_module(request.user, "users")
    search = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    page = Paginator(queries.user_list(user=request.user, search=search, role=role), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "core/user_list.html",
        {
            "page": page,
            "q": search,
            "role": role,
            "roles": Role.choices,
            "permission_holders": permissions.HOLDERS,
            "permission_matrix": permissions.matrix(),
        },
    )


@login_required
def user_edit(request: AuthedRequest, user_id: int | None = None) -> HttpResponse:
    require_module(request.user, "users")
    target = None
    if user_id is not None:
        target = get_object_or_404(queries.user_list(user=request.user), pk=user_id)
    form = UserForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        saved = services.user_save(
            actor=request.user,
            data=data,
            user=target,
            password=form.cleaned_data.get("password") or None,
        )
        messages.success(request, _("已保存用户 %(name)s") % {"name": saved})
        return redirect("users:edit", user_id=saved.pk)
    return render(
        request,
        "core/user_form.html",
        {
            "form": form,
            "target": target,
            "history": timeline(target)[:30] if target else [],
            "valid_tokens": ApiToken.valid().filter(user=target).count() if target else 0,
        },
    )


@login_required
@require_POST
def user_revoke_tokens(request: AuthedRequest, user_id: int) -> HttpResponse:
    """Revoke every API token of a user (a lost laptop, a leaked script)."""
    require_module(request.user, "users")
    target = get_object_or_404(queries.user_list(user=request.user), pk=user_id)
    revoked = services.tokens_revoke(actor=request.user, user=target)
    messages.success(
        request,
        _("已撤销用户 %(name)s 的 %(n)d 个 API 令牌") % {"name": target, "n": revoked},
    )
    return redirect("users:edit", user_id=target.pk)
