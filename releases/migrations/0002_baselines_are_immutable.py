"""A baselined RID never changes after the fact: the database refuses, whatever the caller."""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION releases_refuse_baseline_change() RETURNS trigger AS $$
BEGIN
    IF OLD.baselined_on IS NOT NULL THEN
        RAISE EXCEPTION 'A baselined RID (version %) cannot be changed or deleted', OLD.version
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER releases_ridversion_baseline_immutable
    BEFORE UPDATE OR DELETE ON releases_ridversion
    FOR EACH ROW EXECUTE FUNCTION releases_refuse_baseline_change();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS releases_ridversion_baseline_immutable ON releases_ridversion;
DROP FUNCTION IF EXISTS releases_refuse_baseline_change();
"""
SQLITE_UP = [
    """
    CREATE TRIGGER releases_ridversion_baseline_no_update BEFORE UPDATE ON releases_ridversion
    FOR EACH ROW WHEN OLD.baselined_on IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'A baselined RID cannot be changed or deleted'); END;
    """,
    """
    CREATE TRIGGER releases_ridversion_baseline_no_delete BEFORE DELETE ON releases_ridversion
    FOR EACH ROW WHEN OLD.baselined_on IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'A baselined RID cannot be changed or deleted'); END;
    """,
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS releases_ridversion_baseline_no_update;",
    "DROP TRIGGER IF EXISTS releases_ridversion_baseline_no_delete;",
]


def forwards(apps, schema_editor):
    run(schema_editor, POSTGRES_UP, SQLITE_UP)


def backwards(apps, schema_editor):
    run(schema_editor, POSTGRES_DOWN, SQLITE_DOWN)


def run(schema_editor, postgres_sql, sqlite_statements):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgres_sql, params=None)
    elif vendor == "sqlite":
        for statement in sqlite_statements:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("releases", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
