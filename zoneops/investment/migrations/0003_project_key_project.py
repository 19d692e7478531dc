from django.db import migrations, models


def copy_links(apps, schema_editor):
    """Each key project's link to its investment project, copied onto the investment project."""
    KeyProject = apps.get_model("projects", "KeyProject")
    Project = apps.get_model("investment", "Project")
    links = KeyProject.objects.filter(investment_project__isnull=False).values_list(
        "pk", "investment_project_id"
    )
    for key_project_id, project_id in links:
        Project.objects.filter(pk=project_id).update(key_project_id=key_project_id)


def copy_links_back(apps, schema_editor):
    KeyProject = apps.get_model("projects", "KeyProject")
    Project = apps.get_model("investment", "Project")
    links = Project.objects.filter(key_project__isnull=False).values_list("pk", "key_project_id")
    for project_id, key_project_id in links:
        KeyProject.objects.filter(pk=key_project_id).update(investment_project_id=project_id)
    # PostgreSQL checks foreign keys at commit; the column dropped next, in the same
    # transaction, may not be altered while those checks are pending. Check them now.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    """The hand-over link moves to the investment side (investment → projects, no cycle):
    add Project.key_project, copy the existing links, then projects 0004 drops its column."""

    dependencies = [
        ("investment", "0002_lead_source_and_review"),
        ("projects", "0003_investment_origin_unnamed"),
    ]
    run_before = [
        ("projects", "0004_remove_keyproject_investment_project"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="key_project",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=models.deletion.SET_NULL,
                related_name="investment_project",
                to="projects.keyproject",
                verbose_name="列入的重点项目",
            ),
        ),
        migrations.RunPython(copy_links, copy_links_back),
    ]
