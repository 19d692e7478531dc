"""Reads of organisation data; every list starts from visible_to(user)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zoneops.core.models import Department, Park, User


def park_list(*, user: User) -> QuerySet[Park]:
    return Park.objects.visible_to(user).order_by("order", "division_code")


def department_list() -> QuerySet[Department]:
    return Department.objects.order_by("order", "code")


def user_list(*, user: User, search: str = "", role: str = "") -> QuerySet[User]:
    users = User.objects.visible_to(user).select_related("department", "enterprise", "bank")
    if search:
        users = users.filter(
            Q(username__icontains=search)
            | Q(full_name__icontains=search)
            | Q(phone__icontains=search)
        )
    if role:
        users = users.filter(role=role)
    return users.prefetch_related("parks").order_by("username")
