"""The holiday calendar moves to core (every working-day clock counts on it, not appeals
alone): its rows are copied with their ids, so the history of each day still names it, then
appeals' table goes."""

from django.core.management.color import no_style
from django.db import migrations


def _move(apps, schema_editor, source, target, old_kind, new_kind):
    src = apps.get_model(*source)
    dst = apps.get_model(*target)
    dst.objects.bulk_create(
        dst(pk=day.pk, date=day.date, kind=day.kind, name=day.name) for day in src.objects.all()
    )
    # Rows copied with their ids leave a PostgreSQL sequence behind: move it past them.
    connection = schema_editor.connection
    for sql in connection.ops.sequence_reset_sql(no_style(), [dst]):
        with connection.cursor() as cursor:
            cursor.execute(sql)
    ChangeRecord = apps.get_model("core", "ChangeRecord")
    ChangeRecord.objects.filter(model=".".join(source).lower()).update(
        model=".".join(target).lower()
    )
    ImportJob = apps.get_model("core", "ImportJob")
    ImportJob.objects.filter(kind=old_kind).update(kind=new_kind)


def forwards(apps, schema_editor):
    _move(apps, schema_editor, ("appeals", "CalendarDay"), ("core", "CalendarDay"),
          "appeal_calendar", "calendar")  # fmt: skip


def backwards(apps, schema_editor):
    _move(apps, schema_editor, ("core", "CalendarDay"), ("appeals", "CalendarDay"),
          "calendar", "appeal_calendar")  # fmt: skip
    apps.get_model("core", "CalendarDay").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0002_attachments_and_phone"),
        ("core", "0006_calendar_day"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="CalendarDay"),
    ]
