"""Writes to innovation records: one function per action, atomic, recording history.

The registry's tags that a title implies (高新技术企业, 省级专精特新, 专精特新小巨人) follow the
records: every save and the daily job re-derive them through the registry's own service, so a
funding program whose rule asks for "高企" matches exactly the enterprises whose 高企 is in
force that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.core.history import assign, record, record_save, snapshot_stored
from zoneops.core.models import ChangeRecord, Role, User
from zoneops.core.permissions import require
from zoneops.enterprises.models import Enterprise, Tag
from zoneops.enterprises.services import enterprise_update
from zoneops.innovation.models import TAGS, Kind, Recognition, Status, Talent
from zoneops.innovation.permissions import can_edit_for, can_manage_talents
from zoneops.support.public import notice_send

RECOGNITION_FIELDS = (
    "enterprise",
    "kind",
    "level",
    "name",
    "recognised_by",
    "document_number",
    "certificate_number",
    "issued_on",
    "valid_until",
    "review_years",
    "edition",
    "status",
)
TALENT_FIELDS = ("name", "id_number", "enterprise", "programme", "tier", "mode", "year", "support")
# Reminders before a title expires: a first one 90 days ahead, a second 30 days ahead.
REMIND_DAYS = (90, 30)


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


@transaction.atomic
def recognition_save(
    *,
    actor: User | None,
    data: Mapping[str, Any],
    recognition: Recognition | None = None,
    today: dt.date | None = None,
    check: bool = True,
) -> Recognition:
    """Record a platform or title (or change one). A title without an end of validity gets
    the one its rules give (three years; 科技型中小企业: the evaluation year)."""
    is_new = recognition is None
    recognition = recognition or Recognition()
    before = None if is_new else snapshot_stored(recognition)
    stored_enterprise = None if is_new else recognition.enterprise
    assign(recognition, data, RECOGNITION_FIELDS)
    if check:
        require(actor is not None and can_edit_for(actor, recognition.enterprise))
        if stored_enterprise is not None and stored_enterprise != recognition.enterprise:
            require(can_edit_for(actor, stored_enterprise))  # type: ignore[arg-type]
    if recognition.valid_until is None:
        recognition.valid_until = recognition.default_validity()
    recognition.full_clean()
    recognition.save()
    record_save(actor=actor, obj=recognition, before=before)
    sync_tags(recognition.enterprise, today=_today(today))
    if stored_enterprise is not None and stored_enterprise != recognition.enterprise:
        sync_tags(stored_enterprise, today=_today(today))
    return recognition


def sync_tags(enterprise: Enterprise, *, today: dt.date) -> bool:
    """Give an enterprise that has records exactly the title tags its records in force imply
    (its other tags stay as they are). Returns whether its tags changed."""
    held = {
        TAGS[Kind(kind)]
        for kind in Recognition.objects.filter(enterprise=enterprise)
        .in_force(today)
        .values_list("kind", flat=True)
        if kind in TAGS
    }
    current = set(enterprise.tags.values_list("code", flat=True))
    wanted = (current - set(TAGS.values())) | held
    if wanted == current:
        return False
    enterprise_update(
        actor=None,
        enterprise=enterprise,
        data={},
        tags=Tag.objects.filter(code__in=wanted),
        check=False,
    )
    return True


@transaction.atomic
def talent_save(
    *,
    actor: User | None,
    data: Mapping[str, Any],
    talent: Talent | None = None,
    check: bool = True,
) -> Talent:
    if check:
        require(actor is not None and can_manage_talents(actor))
    is_new = talent is None
    talent = talent or Talent()
    before = None if is_new else snapshot_stored(talent, exclude=("id_number",))
    assign(talent, data, TALENT_FIELDS)
    if is_new and actor is not None and actor.pk:
        talent.created_by = actor
    talent.full_clean()
    talent.save()
    # The ID number is kept out of the history, which more people read than the talent list.
    after = snapshot_stored(talent, exclude=("id_number",))

    record(
        actor=actor,
        obj=talent,
        action=ChangeRecord.Action.CREATE if is_new else ChangeRecord.Action.UPDATE,
        before=before,
        after=after,
    )
    return talent


@dataclass
class RenewalRun:
    expired: int = 0
    reminded: int = 0
    tags_changed: int = 0


def renewals_run(*, today: dt.date | None = None) -> dict[str, int]:
    """Daily: titles past their validity become 到期 (and lose their tags); a title about to
    expire reminds its enterprise's users and its service officer (包联干部), once per stage."""
    day = _today(today)
    run = RenewalRun()
    ended = Recognition.objects.filter(status__in=(Status.VALID,), valid_until__lt=day)
    for recognition in ended.select_related("enterprise"):
        with transaction.atomic():
            recognition_save(
                actor=None,
                recognition=recognition,
                data={"status": Status.EXPIRED},
                today=day,
                check=False,
            )
            run.expired += 1
    # Only enterprises with records: a tag typed in the registry before any record existed
    # stays until the first record of that enterprise is entered.
    for enterprise in Enterprise.objects.filter(recognitions__isnull=False).distinct():
        run.tags_changed += sync_tags(enterprise, today=day)
    horizon = day + dt.timedelta(days=max(REMIND_DAYS))
    due = Recognition.objects.filter(
        status__in=(Status.VALID, Status.REVIEWING),
        valid_until__gte=day,
        valid_until__lte=horizon,
    ).select_related("enterprise__service_officer")
    for recognition in due:
        assert recognition.valid_until is not None
        left = (recognition.valid_until - day).days
        stage = min(d for d in REMIND_DAYS if left <= d)
        enterprise = recognition.enterprise
        message = _(
            "%(enterprise)s的“%(title)s”将于%(days)s天后（%(date)s）到期，请及时复核或重新申报"
        ) % {
            "enterprise": enterprise.name,
            "title": recognition.name or recognition.get_kind_display(),
            "days": left,
            "date": recognition.valid_until.isoformat(),
        }
        recipients = list(
            User.objects.filter(role=Role.ENTERPRISE, enterprise=enterprise, is_active=True)
        )
        if enterprise.service_officer is not None:
            recipients.append(enterprise.service_officer)
        url = reverse("innovation:enterprise", args=[enterprise.pk])
        for user in recipients:
            key = f"innovation:{recognition.pk}:{recognition.valid_until}:{stage}"
            if notice_send(recipient=user, key=key, message=message, url=url):
                run.reminded += 1
    return {"expired": run.expired, "reminded": run.reminded, "tags": run.tags_changed}
