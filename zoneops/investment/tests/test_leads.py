"""全员招商 (seed §5, issue 12 item 17): any officer of the zone registers a lead from their
own contacts; the investment bureau qualifies (研判) and assigns it; the officer stays on it as
its source; the dashboard counts the leads by person and by unit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from zoneops.investment import analysis, services
from zoneops.investment.models import Project, Review, Stage
from zoneops.investment.periods import Period
from zoneops.investment.tests.factories import YI

pytestmark = pytest.mark.django_db

FORM = {
    "name": "年产5000吨锂电回收项目",
    "investor": "无锡某新能源科技公司",
    "investor_region": "江苏省无锡市",
    "total_investment": "6.5",
    "method": "via_investor",
    "content": "同学在该公司任副总，有意来区内设厂，联系人张总 13897112345",
}


def _form(**changes: str) -> dict[str, str]:
    return {**FORM, "lead_on": timezone.localdate().isoformat(), **changes}


def test_an_economy_officer_registers_a_lead_that_waits_for_the_bureau(world, inv, login):
    client = login(world.econ)
    # The investment module itself stays the bureau's: the economy office gets 404 there.
    assert client.get(reverse("investment:dashboard")).status_code == 404
    assert "全员招商" in client.get("/").content.decode()
    response = client.post(reverse("investment:lead_create"), _form())
    assert response.status_code == 302
    lead = Project.objects.get(name=FORM["name"])
    assert (lead.source, lead.review, lead.stage, lead.follow_up) == (
        world.econ,
        Review.PENDING,
        Stage.LEAD,
        None,
    )
    assert lead.total_investment == Decimal("6.5") * YI
    page = client.get(reverse("investment:leads"))
    assert [p.pk for p in page.context["mine"]] == [lead.pk]
    assert page.context["to_review"] is None  # the economy office does not qualify leads
    # Every bureau officer sees it waiting, whichever chain they work on.
    for officer in (inv.officer_a, inv.officer_b):
        queue = login(officer).get(reverse("investment:leads")).context["to_review"]
        assert [p.pk for p in queue] == [lead.pk]


def test_a_park_officer_and_a_task_force_member_may_register_but_not_enterprises_or_banks(
    world, inv, login
):
    for officer in (world.park_b_officer, world.task_force):
        response = login(officer).post(
            reverse("investment:lead_create"), _form(name=f"{officer.username}的线索")
        )
        assert response.status_code == 302
    for outsider in (world.ent_x_user, world.bank_user):
        client = login(outsider)
        assert client.get(reverse("investment:leads")).status_code == 404
        assert client.post(reverse("investment:lead_create"), _form()).status_code == 404
    assert Project.objects.filter(source__isnull=False).count() == 2
    with pytest.raises(PermissionDenied):
        services.lead_register(actor=world.ent_x_user, data={})


def test_a_lead_may_not_come_from_the_future(world, inv):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    data = {**FORM, "total_investment": 6 * YI, "lead_on": tomorrow}
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.lead_register(actor=world.econ, data=data)
    assert not Project.objects.filter(name=FORM["name"]).exists()


def test_the_bureau_assigns_the_lead_and_its_source_keeps_following_it(world, inv, login):
    login(world.econ).post(reverse("investment:lead_create"), _form())
    lead = Project.objects.get(name=FORM["name"])
    response = login(inv.officer_a).post(
        reverse("investment:lead_review", args=[lead.pk]),
        {"decision": "accept", "follow_up": inv.officer_b.pk, "note": "符合锂电回收补链方向"},
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.review, lead.follow_up, lead.reviewed_by) == (
        Review.ACCEPTED,
        inv.officer_b,
        inv.officer_a,
    )
    # The officer it was given to works it; the source still sees it and who follows it.
    assert Project.objects.visible_to(inv.officer_b).filter(pk=lead.pk).exists()
    mine = login(world.econ).get(reverse("investment:leads"))
    html = mine.content.decode()
    assert "已采纳" in html and str(inv.officer_b) in html
    # Signing it shows on the source's page too.
    services.project_move(
        actor=inv.officer_b, project=lead, to_stage=Stage.SIGNED, on=timezone.localdate()
    )
    assert "6.50亿元" in login(world.econ).get(reverse("investment:leads")).content.decode()
    # It is no longer waiting: a second review is refused.
    with pytest.raises(ValidationError):
        services.lead_review(actor=inv.officer_a, project=lead, accept=False, note="x")


def test_declining_needs_a_reason_which_the_source_reads(world, inv, login):
    login(world.econ).post(reverse("investment:lead_create"), _form())
    lead = Project.objects.get(name=FORM["name"])
    with pytest.raises(ValidationError, match="不采纳须说明理由"):
        services.lead_review(actor=inv.officer_a, project=lead, accept=False)
    with pytest.raises(ValidationError, match="跟进人"):
        services.lead_review(actor=inv.officer_a, project=lead, accept=True, follow_up=world.econ)
    services.lead_review(actor=inv.officer_a, project=lead, accept=False, note="投资方资金不实")
    lead.refresh_from_db()
    assert (lead.review, lead.stage) == (Review.DECLINED, Stage.DROPPED)
    html = login(world.econ).get(reverse("investment:leads")).content.decode()
    assert "未采纳" in html and "投资方资金不实" in html


def test_only_the_bureau_and_zone_leaders_review(world, inv, login):
    login(world.econ).post(reverse("investment:lead_create"), _form())
    lead = Project.objects.get(name=FORM["name"])
    # The source sees their lead but may not qualify it (403); an officer who cannot see it
    # at all gets 404.
    response = login(world.econ).post(
        reverse("investment:lead_review", args=[lead.pk]), {"decision": "decline", "note": "x"}
    )
    assert response.status_code == 403
    response = login(world.park_b_officer).post(
        reverse("investment:lead_review", args=[lead.pk]), {"decision": "decline", "note": "x"}
    )
    assert response.status_code == 404
    lead.refresh_from_db()
    assert lead.review == Review.PENDING


def test_officers_leads_count_by_person_and_unit_on_the_dashboard(world, inv, login):
    today = timezone.localdate()
    for n, officer in enumerate((world.econ, world.econ, world.park_a_officer)):
        services.lead_register(
            actor=officer,
            data={**FORM, "name": f"线索{n}", "total_investment": 5 * YI, "lead_on": today},
        )
    first = Project.objects.get(name="线索0")
    services.lead_review(actor=inv.officer_a, project=first, accept=True, follow_up=inv.officer_a)
    services.project_move(actor=inv.officer_a, project=first, to_stage=Stage.SIGNED, on=today)

    quarter = (today.month - 1) // 3 + 1
    people, units = analysis.lead_tallies(period=Period(today.year, quarter))
    econ = next(t for t in people if t.label == str(world.econ))
    assert (econ.unit, econ.registered, econ.pending, econ.accepted, econ.signed) == (
        "经济发展局",
        2,
        1,
        1,
        1,
    )
    assert econ.amount == 5 * YI
    assert {u.label: u.registered for u in units} == {"经济发展局": 2, "东川工业园": 1}

    page = login(world.leader).get(
        reverse("investment:dashboard") + f"?period={today.year}-Q{quarter}"
    )
    html = page.content.decode()
    assert 'id="leads-by-person"' in html and 'id="leads-by-unit"' in html
    assert "经济发展局" in html and str(world.econ) in html
