# Reads of many records (list, search), lockouts and account actions get their own actions; the
# database itself refuses to change or delete an audit event.
#
# PostgreSQL: a row trigger refuses UPDATE and DELETE. TRUNCATE fires no row trigger, so the test
# flush (TRUNCATE) still works; TRUNCATE needs the table owner's privilege, which the
# application role should not have in production.
# SQLite: a trigger refuses UPDATE only. Django's flush between transactional tests on SQLite is
# ``DELETE FROM`` every table (SQLite has no TRUNCATE), which a DELETE trigger would abort, and a
# trigger cannot tell a flush from any other delete. The model guards still refuse deletes.
# Note: on SQLite a later migration that remakes this table drops the trigger; re-create it there.

from django.db import migrations, models

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditevent;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit_auditevent
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS audit_no_update;"


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql.strip())
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_table_renamed'),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditevent',
            name='action',
            field=models.CharField(choices=[('create', 'buat'), ('update', 'ubah'), ('void', 'batalkan'), ('view', 'lihat'), ('export', 'ekspor'), ('login', 'masuk'), ('login_failed', 'gagal masuk'), ('list', 'daftar'), ('search', 'cari'), ('locked_out', 'terkunci'), ('password_change', 'ganti kata sandi'), ('password_reset', 'atur ulang kata sandi'), ('token_create', 'buat token'), ('token_revoke', 'cabut token')], db_index=True, max_length=20),
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
