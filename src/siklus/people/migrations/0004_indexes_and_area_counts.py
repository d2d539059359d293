"""Indexes that keep pages flat as the kabupaten grows (issue 9, item 8), and per-desa counters.

- NIK was indexed three times on PostgreSQL (plain, ``varchar_pattern_ops``, and the partial unique
  index of active NIKs); the unique one serves exact lookups and prefix search (a range), so the
  others go. ``name`` and ``name_key`` lose their B-tree and ``LIKE`` indexes: the list order is
  served by (name, id), name search by a trigram index (PostgreSQL) or FTS5 table (SQLite).
- ``created_at`` (the "recently registered" list), households by (head_name, id).
- ``AreaCount``: filled from the records here, then kept current by the people services.
"""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, Q

from siklus.people import search_index


def search_index_forward(apps, schema_editor):
    search_index.create(schema_editor.connection)


def search_index_backward(apps, schema_editor):
    search_index.drop(schema_editor.connection)


def restore_unique_nik(apps, schema_editor):
    # Django drops every B-tree index on a column whose db_index goes (PostgreSQL), the partial
    # unique index of active NIKs among them: put it back (it serves every NIK lookup now).
    Person = apps.get_model("people", "Person")
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        present = connection.introspection.get_constraints(cursor, Person._meta.db_table)
    if "person_unique_active_nik" not in present:
        schema_editor.add_constraint(
            Person, next(c for c in Person._meta.constraints if c.name == "person_unique_active_nik"))


def fill_counts(apps, schema_editor):
    AreaCount = apps.get_model("people", "AreaCount")
    Household = apps.get_model("people", "Household")
    Person = apps.get_model("people", "Person")
    rows = {}
    for desa, n in Household.objects.filter(voided_at__isnull=True).order_by().values_list("desa_id").annotate(n=Count("pk")):
        rows[desa] = AreaCount(desa_code=desa, households=n)
    for desa, n, without in (
        Person.objects.filter(voided_at__isnull=True).order_by().values_list("household__desa_id")
        .annotate(n=Count("pk"), without=Count("pk", filter=Q(nik__isnull=True) | Q(nik="")))
    ):
        row = rows.setdefault(desa, AreaCount(desa_code=desa))
        row.persons, row.without_nik = n, without
    AreaCount.objects.bulk_create(rows.values(), batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('areas', '0001_initial'),
        ('facilities', '0002_record_version'),
        ('people', '0003_record_version'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AreaCount',
            fields=[
                ('desa_code', models.CharField(max_length=40, primary_key=True, serialize=False)),
                ('households', models.IntegerField(default=0)),
                ('persons', models.IntegerField(default=0)),
                ('without_nik', models.IntegerField(default=0)),
            ],
        ),
        migrations.AlterField(
            model_name='person',
            name='name',
            field=models.CharField(max_length=150, verbose_name='nama lengkap'),
        ),
        migrations.AlterField(
            model_name='person',
            name='name_key',
            field=models.CharField(editable=False, max_length=150),
        ),
        migrations.AlterField(
            model_name='person',
            name='nik',
            field=models.CharField(blank=True, max_length=16, null=True, verbose_name='NIK'),
        ),
        migrations.RunPython(restore_unique_nik, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='household',
            index=models.Index(fields=['head_name', 'id'], name='household_head_name_id'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['name', 'id'], name='person_name_id'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['created_at'], name='person_created_at'),
        ),
        # After the field changes: on SQLite they rebuild people_person (and would drop triggers).
        migrations.RunPython(search_index_forward, search_index_backward),
        migrations.RunPython(fill_counts, migrations.RunPython.noop),
    ]
