"""The need's form starts from the monthly figures: revenue, total profit and 资产负债率 from
the enterprise's newest approved report, shown for it to confirm and kept on the need."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from zoneops.finance.models import Need
from zoneops.monitoring.tests.factories import approved_report

pytestmark = pytest.mark.django_db


def test_the_need_form_shows_and_keeps_the_monthly_figures(world, login):
    enterprise = world.enterprise_x
    enterprise.is_above_scale = True
    enterprise.save()
    approved_report(
        enterprise,
        2026,
        9,
        revenue=(1_000_000, 36_000_000, 30_000_000),
        total_profit=(100_000, 2_500_000, 2_000_000),
        total_assets=(None, 80_000_000, 70_000_000),
        total_liabilities=(None, 46_000_000, 40_000_000),
    )
    client = login(world.ent_x_user)
    page = client.get(reverse("finance:need_create"))
    figures = page.context["figures"]
    assert figures["revenue"] == "36000000.00"
    assert figures["profit"] == "2500000.00"
    assert figures["debt_ratio"] == "57.5"  # 4600 ÷ 8000
    html = page.content.decode()
    assert "3,600.00万元" in html and "250.00万元" in html and "57.5%" in html
    response = client.post(
        reverse("finance:need_create"),
        {
            "amount": "300",
            "term_months": "12",
            "purpose": "working_capital",
            "nature": "new",
            "grant_days": "90",
            "figures_confirmed": "on",
        },
    )
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.figures["debt_ratio"] == "57.5"
    assert Decimal(need.figures["profit"]) == Decimal("2500000")
    assert "57.5%" in client.get(reverse("finance:need", args=[need.pk])).content.decode()


def test_without_reports_the_form_shows_no_figures(world, login):
    page = login(world.ent_x_user).get(reverse("finance:need_create"))
    assert "revenue" not in page.context["figures"]
    assert "debt_ratio" not in page.context["figures"]
