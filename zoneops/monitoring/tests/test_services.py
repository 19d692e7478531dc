"""Monthly reports: entry, validation rules, submit, return, approve, lock, revision, alerts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from zoneops.core.models import ChangeRecord
from zoneops.monitoring.models import Alert, AlertLevel, ReportStatus
from zoneops.monitoring.periods import period_get_or_create
from zoneops.monitoring.reports import figures as report_figures
from zoneops.monitoring.reports import services as report_services
from zoneops.monitoring.tests.factories import approved_report, figures

pytestmark = pytest.mark.django_db

WAN = 10_000  # 万元 in 元


def test_enterprise_fills_and_submits_its_own_report(world):
    period = period_get_or_create(2024, 3)
    report, changed = report_services.report_save(
        actor=world.ent_x_user,
        enterprise=world.enterprise_x,
        period=period,
        figures=figures(
            output_value=(500 * WAN, 1500 * WAN, 1400 * WAN), electricity=(90_000, 270_000, 260_000)
        ),
        submit=True,
    )
    assert changed and report.status == ReportStatus.SUBMITTED
    assert report_figures.figures_of(report)["output_value"]["ytd_value"] == Decimal(15_000_000)
    record = ChangeRecord.objects.get(model="monitoring.monthlyreport", object_id=str(report.pk))
    assert record.after["output_value"]["ytd_value"] == "15000000.00"


def test_enterprise_cannot_fill_another_enterprises_report(world):
    with pytest.raises(PermissionDenied):
        report_services.report_save(
            actor=world.ent_x_user,
            enterprise=world.enterprise_y,
            period=period_get_or_create(2024, 3),
            figures=figures(output_value=(1, 1, 1)),
        )


def test_ytd_below_last_month_is_an_error_that_blocks_submission(world):
    approved_report(world.enterprise_x, 2024, 4, output_value=(100, 400, 380))
    with pytest.raises(report_services.ReportRefused) as refused:
        report_services.report_save(
            actor=world.park_a_officer,
            enterprise=world.enterprise_x,
            period=period_get_or_create(2024, 5),
            figures=figures(output_value=(100, 350, 480)),
            submit=True,
        )
    rules = {f.rule for f in refused.value.findings}
    assert "ytd-not-below-previous" in rules and "ytd-equals-sum" in rules


def test_big_change_needs_an_explanation(world):
    period = period_get_or_create(2024, 6)
    data = figures(output_value=(None, 900, 400))
    with pytest.raises(report_services.ReportRefused) as refused:
        report_services.report_save(
            actor=world.park_a_officer,
            enterprise=world.enterprise_x,
            period=period,
            figures=data,
            submit=True,
        )
    assert [f.rule for f in refused.value.findings] == ["yoy-needs-explanation"]
    report, _ = report_services.report_save(
        actor=world.park_a_officer,
        enterprise=world.enterprise_x,
        period=period,
        figures=data,
        explanation="新生产线3月投产，产量翻番",
        submit=True,
    )
    assert report.status == ReportStatus.SUBMITTED


def test_negative_output_is_refused_but_negative_profit_is_fine(world):
    period = period_get_or_create(2024, 1)
    report, _ = report_services.report_save(
        actor=world.park_a_officer,
        enterprise=world.enterprise_x,
        period=period,
        figures=figures(total_profit=(-50, -50, 20)),
        submit=True,
        explanation="",
    )
    assert report.status == ReportStatus.SUBMITTED
    with pytest.raises(report_services.ReportRefused):
        report_services.report_save(
            actor=world.park_a_officer,
            enterprise=world.enterprise_y,
            period=period,
            figures=figures(output_value=(-5, -5, 10)),
            check=False,
            submit=True,
        )


def test_return_then_resubmit_then_approve_locks(world):
    period = period_get_or_create(2024, 1)
    report, _ = report_services.report_save(
        actor=world.ent_x_user,
        enterprise=world.enterprise_x,
        period=period,
        figures=figures(output_value=(100, 100, 95)),
        submit=True,
    )
    with pytest.raises(PermissionDenied):
        report_services.report_return(actor=world.park_b_officer, report=report, reason="x")
    report_services.report_return(actor=world.park_a_officer, report=report, reason="用电量漏填")
    assert report.status == ReportStatus.RETURNED
    report, _ = report_services.report_save(
        actor=world.ent_x_user,
        enterprise=world.enterprise_x,
        period=period,
        figures=figures(electricity=(5000, 5000, 4800)),
        submit=True,
    )
    report_services.report_approve(actor=world.econ, report=report)
    assert report.is_locked
    with pytest.raises(report_services.ReportRefused):
        report_services.report_save(
            actor=world.ent_x_user,
            enterprise=world.enterprise_x,
            period=period,
            figures=figures(output_value=(1, 1, 1)),
        )


def test_correction_after_approval_is_a_recorded_revision(world):
    report = approved_report(world.enterprise_x, 2024, 1, output_value=(100, 100, 95))
    report_services.report_correct(
        actor=world.econ,
        report=report,
        figures=figures(output_value=(110, 110, 95)),
        reason="企业更正",
    )
    report.refresh_from_db()
    assert report.revision == 1 and report.is_locked
    record = ChangeRecord.objects.filter(
        model="monitoring.monthlyreport", object_id=str(report.pk)
    ).first()
    assert record is not None and record.note.startswith("修订")
    assert record.before["output_value"]["ytd_value"] == "100.00"
    assert record.after["output_value"]["ytd_value"] == "110.00"


def test_identical_save_changes_nothing(world):
    period = period_get_or_create(2024, 2)
    data = figures(output_value=(100, 200, 190))
    report_services.report_save(
        actor=world.econ, enterprise=world.enterprise_x, period=period, figures=data
    )
    count = ChangeRecord.objects.count()
    _, changed = report_services.report_save(
        actor=world.econ, enterprise=world.enterprise_x, period=period, figures=data
    )
    assert not changed and ChangeRecord.objects.count() == count


def test_falling_output_raises_an_alert_at_the_right_colour_and_recovery_closes_it(world):
    report = approved_report(
        world.enterprise_x, 2024, 3, output_value=(80, 750, 1000), electricity=(70, 800, 1000)
    )
    alerts = {a.rule.code: a for a in Alert.objects.filter(enterprise=world.enterprise_x)}
    assert alerts["output-fall"].level == AlertLevel.RED  # −25 %
    assert alerts["electricity-fall"].level == AlertLevel.RED  # −20 %
    report_services.report_correct(
        actor=world.econ,
        report=report,
        figures=figures(output_value=(80, 1020, 1000), electricity=(70, 1010, 1000)),
        reason="更正",
    )
    assert set(
        Alert.objects.filter(enterprise=world.enterprise_x).values_list("status", flat=True)
    ) == {"closed"}


def test_electricity_output_divergence_alert(world):
    approved_report(
        world.enterprise_y, 2024, 5, output_value=(1, 1300, 1000), electricity=(1, 850, 1000)
    )
    alert = Alert.objects.get(enterprise=world.enterprise_y, rule__code="divergence")
    assert alert.level == AlertLevel.ORANGE  # +30 vs −15 → 45 points


def test_missing_report_alert_after_the_deadline_closes_when_the_report_arrives(world):
    import datetime as dt

    world.enterprise_x.is_above_scale = True
    world.enterprise_x.save()
    period = period_get_or_create(2024, 3)  # due 2024-04-10
    from zoneops.monitoring.alerts.services import evaluate_missing

    assert evaluate_missing(period, today=dt.date(2024, 4, 10)) == 0
    assert evaluate_missing(period, today=dt.date(2024, 4, 25)) == 1
    alert = Alert.objects.get(rule__code="missing-report")
    assert alert.level == AlertLevel.RED and "逾期15天" in alert.message
    approved_report(world.enterprise_x, 2024, 3, output_value=(1, 1, 1))
    evaluate_missing(period, today=dt.date(2024, 4, 26))
    alert.refresh_from_db()
    assert alert.status == "closed"


def test_a_batch_is_saved_recorded_and_alerted_like_single_reports(world):
    period = period_get_or_create(2024, 3)
    falling = figures(output_value=(50 * WAN, 150 * WAN, 300 * WAN))  # -50 %: red
    steady = figures(output_value=(100 * WAN, 300 * WAN, 290 * WAN))
    saved = report_services.reports_save(
        actor=world.econ,
        period=period,
        entries=[
            report_services.ReportEntry(world.enterprise_y, steady),
            report_services.ReportEntry(world.enterprise_x, falling, "订单减少"),
        ],
        submit=True,
    )
    assert [(r.enterprise, changed) for r, changed in saved] == [
        (world.enterprise_y, True),
        (world.enterprise_x, True),
    ]
    assert {r.status for r, _ in saved} == {ReportStatus.SUBMITTED}
    history = ChangeRecord.objects.filter(model="monitoring.monthlyreport")
    assert sorted(int(h.object_id) for h in history) == sorted(r.pk for r, _ in saved)
    alert = Alert.objects.get(period=period)
    assert (alert.enterprise, alert.level) == (world.enterprise_x, AlertLevel.RED)
    assert alert.owner is not None or not world.enterprise_x.park.officers.exists()
    again = report_services.reports_save(
        actor=world.econ,
        period=period,
        entries=[report_services.ReportEntry(world.enterprise_x, falling, "订单减少")],
        submit=True,
    )
    assert again[0][1] is False and history.count() == 2


def test_one_refused_entry_leaves_the_whole_batch_unwritten_and_names_its_enterprise(world):
    approved_report(world.enterprise_x, 2024, 4, output_value=(100, 400, 380))
    with pytest.raises(report_services.ReportRefused) as refused:
        report_services.reports_save(
            actor=world.econ,
            period=period_get_or_create(2024, 5),
            entries=[
                report_services.ReportEntry(
                    world.enterprise_y, figures(output_value=(100, 500, 480))
                ),
                report_services.ReportEntry(
                    world.enterprise_x, figures(output_value=(100, 350, 480))
                ),
            ],
            submit=True,
        )
    assert refused.value.enterprise == world.enterprise_x
    assert not world.enterprise_y.monthly_reports.exists()
    assert world.enterprise_x.monthly_reports.count() == 1  # April's only
