"""The minister's roadmap priorities that objectives serve, in French as the register stores its
reference lists; the deletions index of the new history tables (see 0006)."""

from django.db import migrations

PRIORITIES = [
    "Criminalité organisée et narcotrafic",
    "Immigration irrégulière",
    "Terrorisme et radicalisation",
    "Sécurité du quotidien",
    "Cybersécurité et cybercriminalité",
    "Sécurité civile et gestion de crise",
    "Influence et coopération institutionnelle",
]

TABLES = ["network_historicalpriority", "network_historicalobjectivesletter", "network_historicalobjective"]


def load(apps, schema_editor):
    Priority = apps.get_model("network", "Priority")
    for name in PRIORITIES:
        Priority.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("network", "0007_accountability")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        *(
            migrations.RunSQL(
                f"""CREATE INDEX "{table}_deletions" ON "{table}" ("history_date") WHERE "history_type" = '-' """,
                f'DROP INDEX "{table}_deletions"',
            )
            for table in TABLES
        ),
    ]
