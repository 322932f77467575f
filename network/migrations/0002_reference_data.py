from django.db import migrations
from django.utils import translation
from django_countries import countries

from network.data.zones import ZONES, zone_of_country


def load(apps, schema_editor):
    """Every country (French name) in its zone; running it again updates, never duplicates."""
    Zone = apps.get_model("network", "Zone")
    Country = apps.get_model("network", "Country")
    zones = {}
    for name, parent in ZONES:
        zones[name], _ = Zone.objects.update_or_create(name=name, defaults={"parent": zones.get(parent)})
    zone_of = zone_of_country()
    with translation.override("fr"):
        for country in countries:
            Country.objects.update_or_create(
                code=country.code, defaults={"name": str(country.name), "zone": zones[zone_of[country.code]]}
            )


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
