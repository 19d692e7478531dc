"""Sign-in and password change, both throttled (zoneops/core/auth.py); sign-out is Django's."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from zoneops.core import services
from zoneops.core.auth import (
    client_address,
    login_is_locked,
    note_login_failure,
    note_login_success,
)
from zoneops.core.models import User


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("用户名或密码不正确。"),
        "inactive": _("该账号已停用。"),
        "locked": _("登录失败次数过多，账号已暂时锁定，请 15 分钟后再试或联系管理员。"),
    }

    def clean(self) -> dict[str, Any]:
        username = (self.data.get("username") or "").strip()
        address = client_address(self.request)
        if login_is_locked(username, address):
            raise ValidationError(self.error_messages["locked"], code="locked")
        try:
            data = super().clean()
        except ValidationError:
            note_login_failure(username, address)
            raise
        note_login_success(username, address)
        return data


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        request: HttpRequest = self.request
        context["show_demo_hint"] = request.GET.get("demo") is not None
        return context


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Guesses at the old password count like failed sign-ins, for the same account and address:
    a session left open is not a way around the sign-in throttle."""

    def __init__(self, user: User, *args: Any, request: HttpRequest | None = None, **kwargs: Any):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self) -> str:
        username = self.user.get_username()
        address = client_address(self.request)
        if login_is_locked(username, address):
            raise ValidationError(
                ThrottledAuthenticationForm.error_messages["locked"], code="locked"
            )
        try:
            old_password: str = super().clean_old_password()
        except ValidationError:
            note_login_failure(username, address)
            raise
        note_login_success(username, address)
        return old_password

    def save(self, commit: bool = True) -> Any:
        user = super().save(commit=commit)
        if commit:
            services.password_changed(user=user)
        return user


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ThrottledPasswordChangeForm
    template_name = "registration/password_change.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}
