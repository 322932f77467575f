"""The many-to-many history starts with what each record holds today: every historical row
already kept gets the record's current values, so that the first change recorded shows what
really changed, not a jump from nothing. (The earlier changes of these fields were not kept.)"""

from django.db import migrations


def snapshot(apps, schema_editor):
    quote = schema_editor.quote_name
    for model in apps.get_app_config("partnerships").get_models():
        if not model.__name__.startswith("Historical") or "_" not in model.__name__:
            continue  # not the history of a many-to-many field
        history = model._meta.get_field("history").related_model
        record = apps.get_model("partnerships", history.__name__.removeprefix("Historical"))
        relation = record._meta.get_field(model.__name__.split("_", 1)[1])
        through = relation.remote_field.through._meta
        source, target = relation.m2m_column_name(), relation.m2m_reverse_name()
        schema_editor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} (id, {quote(source)}, {quote(target)}, history_id) "
            f"SELECT t.id, t.{quote(source)}, t.{quote(target)}, h.history_id "
            f"FROM {quote(through.db_table)} t JOIN {quote(history._meta.db_table)} h ON h.id = t.{quote(source)}"
        )


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0005_many_to_many_history")]

    operations = [migrations.RunPython(snapshot, migrations.RunPython.noop)]
