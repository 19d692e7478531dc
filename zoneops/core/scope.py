"""Data scope: the one door through which every read passes.

A user's scope is derived from their role and the organisation units attached to them. Every
scoped model's queryset subclasses :class:`ScopedQuerySet` and names, in ``scope_paths``, the
lookup from the model to a park, an enterprise, a department or a bank. ``visible_to(user)``
turns the user's scope into one filter; an object outside it is simply not there (a 404).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Self, TypeVar, cast

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from zoneops.core.models import User

_M = TypeVar("_M", bound=models.Model)


@dataclass(frozen=True)
class Scope:
    """What a user may see. ``zone`` means everything in the zone."""

    zone: bool = False
    parks: frozenset[int] = field(default_factory=frozenset)
    departments: frozenset[int] = field(default_factory=frozenset)
    enterprises: frozenset[int] = field(default_factory=frozenset)
    banks: frozenset[int] = field(default_factory=frozenset)
    # Department officers see zone-wide reference data (the registry) but only their own
    # department's work items; a model with a department path is filtered, others are not.
    department_sees_zone: bool = False

    @property
    def empty(self) -> bool:
        return not (self.zone or self.parks or self.departments or self.enterprises or self.banks)


NOTHING = Scope()


def scope_of(user: object) -> Scope:
    """The scope of a user, derived from role and attached units (cached on the user object);
    nothing for anyone not signed in."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return NOTHING
    person = cast("User", user)  # signed in: a User (AnonymousUser is never authenticated)
    cached = vars(person).get("_zoneops_scope")
    if isinstance(cached, Scope):
        return cached
    scope = _compute_scope(person)
    vars(person)["_zoneops_scope"] = scope
    return scope


def _compute_scope(user: User) -> Scope:
    from zoneops.core.models import Role

    role = user.role
    if role in (Role.ZONE_LEADER, Role.ADMIN) or user.is_superuser:
        return Scope(zone=True)
    if role == Role.DEPARTMENT_OFFICER and user.department_id:
        return Scope(departments=frozenset({user.department_id}), department_sees_zone=True)
    if role == Role.PARK_OFFICER:
        return Scope(parks=frozenset(user.parks.values_list("pk", flat=True)))
    if role == Role.ENTERPRISE and user.enterprise_id:
        return Scope(enterprises=frozenset({user.enterprise_id}))
    if role == Role.BANK and user.bank_id:
        return Scope(banks=frozenset({user.bank_id}))
    # Task-force members reach their projects through the projects app's own paths; in the
    # registry they see nothing until a project links them to an enterprise.
    return NOTHING


class ScopedQuerySet(models.QuerySet[_M]):
    """A queryset that knows how its model relates to the units a scope is made of.

    ``scope_paths`` maps a kind of unit to a lookup from the model: ``"park"``,
    ``"enterprise"``, ``"department"``, ``"bank"``; the empty string means the model itself is
    that unit. ``reference = True`` marks data every signed-in user may read (codes, parks).
    """

    scope_paths: ClassVar[dict[str, str]] = {}
    reference: ClassVar[bool] = False

    def visible_to(self, user: User) -> Self:
        scope = scope_of(user)
        if scope.empty:
            return self.none()
        if scope.zone or self.reference:
            return self
        paths = self.scope_paths
        if scope.department_sees_zone and "department" not in paths:
            return self
        condition = Q(pk__in=[])
        for kind, ids in (
            ("park", scope.parks),
            ("enterprise", scope.enterprises),
            ("department", scope.departments),
            ("bank", scope.banks),
        ):
            if ids and kind in paths:
                path = paths[kind]
                lookup = f"{path}__in" if path else "pk__in"
                condition |= Q(**{lookup: ids})
        return self.filter(condition)
