"""Test data for appeals, written through the services like every other appeal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from zoneops.appeals import services
from zoneops.appeals.models import Appeal, Category, Channel, Topic, Urgency
from zoneops.core.models import Department
from zoneops.core.tests.factories import DepartmentFactory


def window_department() -> Department:
    found = Department.objects.filter(code="service").first()
    return found or department("service", "企业服务中心")


def department(code: str, name: str) -> Department:
    made: Department = DepartmentFactory(code=code, name=name)  # type: ignore[assignment]
    return made


def make_appeal(
    enterprise: Any,
    *,
    actor: Any = None,
    channel: str = Channel.PHONE,
    category: str = Category.HELP,
    urgency: str = Urgency.NORMAL,
    topic: str = Topic.OTHER,
    title: str = "用电报装进度咨询",
    content: str = "新厂房用电报装已提交两周，请协调供电公司加快。",
    received_on: dt.date | None = None,
) -> Appeal:
    return services.appeal_create(
        actor,
        enterprise=enterprise,
        channel=channel,
        category=category,
        urgency=urgency,
        topic=topic,
        title=title,
        content=content,
        received_on=received_on,
        check=False,
    )
