from django.db import migrations

from cooperation.data import DIRECTORATES, REQUESTING_SERVICES, THEMES


def load(apps, schema_editor):
    Theme = apps.get_model("cooperation", "Theme")
    Directorate = apps.get_model("cooperation", "Directorate")
    RequestingService = apps.get_model("cooperation", "RequestingService")
    for name in THEMES:
        Theme.objects.get_or_create(name=name)
    for acronym, name in DIRECTORATES:
        Directorate.objects.get_or_create(acronym=acronym, defaults={"name": name})
    for acronym, name in REQUESTING_SERVICES:
        RequestingService.objects.get_or_create(acronym=acronym, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
