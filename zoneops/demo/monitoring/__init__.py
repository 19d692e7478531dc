"""The demo zone's monitoring data: three years of monthly reports, targets, alerts, official
and province figures, electricity accounts and the Spring Festival production survey.

``series`` plans every above-size industrial enterprise's months as a pure function of the
profiles and the seed; ``reports`` writes them through ``report_save`` and ``report_approve``,
so they carry history and raise alerts like reports entered by hand; ``figures`` adds what the
economy office keeps beside them.

Everything is dated against the demo's today (``ctx.today``, :class:`Span`): the 36 months up to
last month, whose reports are due on the 10th of this month and are partly in (some late once
the deadline has passed), and the Spring Festival survey of the coming festival (or of the last
one, closed, when the next is far off).
"""

from __future__ import annotations

from zoneops.demo.context import DemoContext
from zoneops.demo.monitoring import figures, reports
from zoneops.demo.monitoring.series import Series, Span, monitoring_plan, plan_digest
from zoneops.monitoring.alerts import services as alerts
from zoneops.monitoring.models import Alert, ReportValue
from zoneops.monitoring.nowcast.services import nowcast_run
from zoneops.monitoring.periods import period_get_or_create

PROVINCE_ZONES = figures.PROVINCE_ZONES


def build_monitoring(ctx: DemoContext) -> None:
    """Periods, electricity accounts, 36 months of reports, alerts, targets, official and
    province figures, and the Spring Festival survey."""
    span = Span.of(ctx.today)
    live = span.live
    periods = {t: period_get_or_create(*span.month_of(t)) for t in range(span.first, span.months)}
    plan = monitoring_plan(ctx.profiles, ctx.seed, span)
    figures.electricity_accounts(ctx, plan)
    writer = reports.ReportWriter(ctx, span, periods)
    fates = reports.live_fates(ctx.stream("monitoring-live"), plan, span)
    for t in periods:
        # A month at a time, as a zone's reports come in.
        active = [series for series in plan if series.first <= t]
        if t < live:
            writer.approved(active, t)
        elif active:
            writer.live(active, fates)
    reports.backdate(ctx.stream("monitoring-dates"), periods, ctx.today)
    closed = reports.close_old_alerts(ctx, span, periods)
    targets = figures.targets(ctx, span, plan)
    figures.official_figures(ctx, span, plan, periods)
    figures.province_figures(ctx, periods[live])
    responses = figures.survey(ctx, span, plan)
    missing = alerts.evaluate_missing(periods[live], today=ctx.today)
    # The grid's figures arrive first: estimate the live month's output from electricity.
    nowcast_run(period=periods[live], actor=None)
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
        f"missing for {periods[live]}), {targets} targets, {responses} survey responses"
    )


__all__ = [
    "PROVINCE_ZONES",
    "Series",
    "Span",
    "build_monitoring",
    "monitoring_plan",
    "plan_digest",
]
