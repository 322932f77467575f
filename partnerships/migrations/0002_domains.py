from django.db import migrations

from partnerships.data import DOMAINS


def load(apps, schema_editor):
    Domain = apps.get_model("partnerships", "Domain")
    for name in DOMAINS:
        Domain.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
