"""Alerts raised month after month become one alert per run of months.

Before, every month in which a rule held raised its own alert: the same enterprise's red alert
in October, November and December was three alerts. Each run of consecutive periods of one
enterprise and rule becomes its first alert (open since that month), with the run's months in
AlertMonth; it takes the status, level, message, owner and closing time of the run's latest
month, and the notes of all of them. The other alerts of the run are removed.
"""

from django.db import migrations


def merge(apps, schema_editor):
    Alert = apps.get_model("monitoring", "Alert")
    AlertMonth = apps.get_model("monitoring", "AlertMonth")
    ReportingPeriod = apps.get_model("monitoring", "ReportingPeriod")
    rank = {
        pk: n
        for n, pk in enumerate(
            ReportingPeriod.objects.order_by("year", "month").values_list("pk", flat=True)
        )
    }
    runs: list[list] = []
    last_key = None
    for alert in Alert.objects.order_by("enterprise_id", "rule_id").iterator():
        key = (alert.enterprise_id, alert.rule_id)
        if key != last_key:
            last_key = key
            runs.append([])
        runs[-1].append(alert)
    months, removed, kept = [], [], []
    for alerts in runs:
        alerts.sort(key=lambda a: rank[a.period_id])
        run = [alerts[0]]
        for alert in alerts[1:]:
            if rank[alert.period_id] == rank[run[-1].period_id] + 1:
                run.append(alert)
                continue
            kept.append(_fold(run, months, removed, AlertMonth))
            run = [alert]
        kept.append(_fold(run, months, removed, AlertMonth))
    Alert.objects.bulk_update(
        kept,
        ["last_period", "status", "level", "message", "owner", "closed_at", "note"],
        batch_size=500,
    )
    for start in range(0, len(removed), 500):
        Alert.objects.filter(pk__in=removed[start : start + 500]).delete()
    AlertMonth.objects.bulk_create(months, batch_size=500)


def _fold(run, months, removed, AlertMonth):
    first, latest = run[0], run[-1]
    months += [
        AlertMonth(alert_id=first.pk, period_id=a.period_id, level=a.level, message=a.message)
        for a in run
    ]
    removed += [a.pk for a in run[1:]]
    first.last_period_id = latest.period_id
    first.status, first.level, first.message = latest.status, latest.level, latest.message
    first.owner_id, first.closed_at = latest.owner_id, latest.closed_at
    first.note = "\n".join(dict.fromkeys(a.note for a in run if a.note))
    return first


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0004_alerts_persist")]

    operations = [migrations.RunPython(merge, migrations.RunPython.noop)]
