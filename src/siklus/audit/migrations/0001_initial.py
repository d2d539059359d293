# The audit log moves from ``accounts`` to its own app. The table is kept (state only here) and
# renamed in 0002, so existing events stay.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("accounts", "0002_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("username", models.CharField(blank=True, max_length=150)),
                        ("action", models.CharField(choices=[("create", "buat"), ("update", "ubah"), ("void", "batalkan"), ("view", "lihat"), ("export", "ekspor"), ("login", "masuk"), ("login_failed", "gagal masuk")], db_index=True, max_length=14)),
                        ("model", models.CharField(blank=True, max_length=40)),
                        ("object_id", models.CharField(blank=True, db_index=True, max_length=64)),
                        ("object_repr", models.CharField(blank=True, max_length=200)),
                        ("area_code", models.CharField(blank=True, db_index=True, max_length=40)),
                        ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                        ("channel", models.CharField(blank=True, max_length=10)),
                        ("changes", models.JSONField(blank=True, default=dict)),
                        ("user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"ordering": ["-at"], "db_table": "accounts_auditevent"},
                ),
                migrations.AddIndex(
                    model_name="auditevent",
                    index=models.Index(fields=["model", "object_id", "at"], name="accounts_au_model_fea4cc_idx"),
                ),
            ],
            database_operations=[],
        ),
    ]
