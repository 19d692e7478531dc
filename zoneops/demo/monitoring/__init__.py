"""The demo zone's monitoring data: three years of monthly reports, targets, alerts, official
and province figures, electricity accounts and the Spring Festival production survey.

``series`` plans every above-size industrial enterprise's months as a pure function of the
profiles and the seed; ``reports`` writes them through ``report_save`` and ``report_approve``,
so they carry history and raise alerts like reports entered by hand; ``figures`` adds what the
economy office keeps beside them.

Everything is dated against :data:`MONITORING_TODAY` (mid-January 2025): the 2024-12 reports are
due on 10 January and some are late, and the Spring Festival survey is still open.
"""

from __future__ import annotations

from zoneops.demo.context import DemoContext
from zoneops.demo.monitoring import figures, reports
from zoneops.demo.monitoring.series import (
    FIRST_YEAR,
    LIVE,
    MONITORING_TODAY,
    MONTHS,
    Series,
    index_of,
    monitoring_plan,
    month_of,
    plan_digest,
)
from zoneops.monitoring import alerts
from zoneops.monitoring.models import Alert, ReportValue
from zoneops.monitoring.nowcast import nowcast_run
from zoneops.monitoring.periods import period_get_or_create

PROVINCE_ZONES = figures.PROVINCE_ZONES


def build_monitoring(ctx: DemoContext) -> None:
    """Periods, electricity accounts, 36 months of reports, alerts, targets, official and
    province figures, and the Spring Festival survey."""
    periods = {
        t: period_get_or_create(*month_of(t)) for t in range(index_of(FIRST_YEAR, 1), MONTHS)
    }
    plan = monitoring_plan(ctx.profiles, ctx.seed)
    figures.electricity_accounts(ctx, plan)
    writer = reports.ReportWriter(ctx, periods)
    fates = reports.live_fates(ctx.stream("monitoring-live"), plan)
    for t in periods:
        # A month at a time, as a zone's reports come in.
        active = [series for series in plan if series.first <= t]
        if t < LIVE:
            writer.approved(active, t)
        elif active:
            writer.live(active, fates)
    reports.backdate(ctx.stream("monitoring-dates"), periods)
    closed = reports.close_old_alerts(ctx, periods)
    targets = figures.targets(ctx, plan)
    figures.official_figures(ctx, plan, periods)
    figures.province_figures(ctx, periods[LIVE])
    responses = figures.survey(ctx, plan)
    missing = alerts.evaluate_missing(periods[LIVE], today=MONITORING_TODAY)
    # The grid's figures arrive first: estimate the live month's output from electricity.
    nowcast_run(period=periods[LIVE], actor=None)
    ctx.counts.update(
        monthly_reports=writer.reports,
        report_values=ReportValue.objects.count(),
        alerts=Alert.objects.count(),
        targets=targets,
        survey_responses=responses,
    )
    ctx.say(
        f"Monitoring: {writer.reports} monthly reports ({len(plan)} enterprises, "
        f"{len(periods)} months), {ctx.counts['report_values']} values, "
        f"{ctx.counts['alerts']} alerts ({closed} earlier ones handled, {missing} reports "
        f"missing for {periods[LIVE]}), {targets} targets, {responses} survey responses"
    )


__all__ = [
    "LIVE",
    "MONITORING_TODAY",
    "PROVINCE_ZONES",
    "Series",
    "build_monitoring",
    "index_of",
    "monitoring_plan",
    "plan_digest",
]
