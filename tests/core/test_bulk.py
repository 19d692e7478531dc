"""zoneops.core.bulk writes what the ORM would write: read back through the ORM, the rows
equal those saved one by one (keys, times, JSON, decimals), on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from zoneops.core import bulk
from zoneops.core.models import ChangeRecord
from zoneops.enterprises.tests.factories import EnterpriseFactory
from zoneops.monitoring.models import Indicator, MonthlyReport, ReportValue
from zoneops.monitoring.periods import period_get_or_create
from zoneops.monitoring.reports.validation import FIELDS

pytestmark = pytest.mark.django_db


def test_insert_sets_keys_times_and_json_as_save_would() -> None:
    saved = ChangeRecord(action="create", model="x.y", object_id="0", after={"a": "1"})
    saved.save()
    before = timezone.now()
    records = [
        ChangeRecord(
            action="update",
            model="x.y",
            object_id=str(n),
            object_repr=f"第{n}条",
            before={"n": n, "text": "原值"},
            after={"n": n + 1, "list": [1, None]},
        )
        for n in range(1200)  # more than one statement on either backend
    ]
    bulk.insert(records, returning=True)
    assert [r.pk for r in records] == sorted({r.pk for r in records})
    assert all(r.pk > saved.pk and not r._state.adding for r in records)
    stored = {r.pk: r for r in ChangeRecord.objects.filter(pk__in=[r.pk for r in records])}
    assert len(stored) == 1200
    for record in records:
        row = stored[record.pk]
        assert (row.object_id, row.object_repr, row.before, row.after) == (
            record.object_id,
            record.object_repr,
            record.before,
            record.after,
        )
        assert row.at == record.at and row.at >= before
    # Times are stored as the ORM stores them, so ORM filters on them still work.
    assert ChangeRecord.objects.filter(at__gte=before, action="update").count() == 1200
    assert ChangeRecord.objects.filter(at__lt=before).get() == saved


def test_insert_rows_stores_decimals_exactly() -> None:
    report = MonthlyReport.objects.create(
        enterprise=EnterpriseFactory(), period=period_get_or_create(2024, 3)
    )
    indicators = list(Indicator.objects.order_by("pk")[:3])
    bulk.insert_rows(
        ReportValue,
        ("report_id", "indicator_id", *FIELDS),
        [
            (report.pk, i.pk, Decimal("1234567.89"), Decimal("-0.01"), None, Decimal("0.00"))
            for i in indicators
        ],
    )
    stored = [tuple(getattr(v, f) for f in FIELDS) for v in report.values.order_by("indicator")]
    assert stored == [(Decimal("1234567.89"), Decimal("-0.01"), None, Decimal("0.00"))] * 3


def test_insert_rows_refuses_columns_that_need_the_field() -> None:
    with pytest.raises(ValueError, match="at"):
        bulk.insert_rows(ChangeRecord, ("at",), [(timezone.now(),)])


def test_new_makes_the_object_the_model_makes() -> None:
    enterprise = EnterpriseFactory()
    period = period_get_or_create(2024, 3)
    for model, values in (
        (MonthlyReport, {"enterprise": enterprise, "period": period, "source": "import"}),
        (MonthlyReport, {"enterprise_id": enterprise.pk, "period_id": period.pk}),
        (ChangeRecord, {"actor": None, "action": "create", "model": "x.y", "after": {"a": 1}}),
    ):
        made, expected = bulk.new(model, **values), model(**values)
        fields = [f.attname for f in model._meta.concrete_fields]
        assert [getattr(made, f) for f in fields] == [getattr(expected, f) for f in fields]
        assert made._state.adding and made._state.db is None and made.pk is None
    report = bulk.new(MonthlyReport, enterprise=enterprise, period=period)
    assert report.enterprise is enterprise  # cached, as assigning it would: no query
    bulk.insert([report], returning=True)
    assert MonthlyReport.objects.get(pk=report.pk).enterprise_id == enterprise.pk
