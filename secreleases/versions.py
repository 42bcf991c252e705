"""The data version: a number the database replaces whenever a row of the domain apps changes.

The API's lists name their answers by it. A list reads the version in the same statement as its rows,
so the answer it builds belongs exactly to that version; a later request that reads the same version
(with its token, in the one query that authenticates it) may answer 304 or send the bytes built
before, and after any write the version differs, so nothing stale is ever answered.

Triggers keep it, not signals: every write counts, whatever the door (the verbs, the admin, a data
migration, raw SQL). On PostgreSQL the trigger is a deferred constraint trigger: the version row is
written at commit, once per commit (every row's trigger runs in the COMMIT statement), and locked only
while the transaction commits, so writers do not queue behind it; on SQLite (`make run`) one writer
runs at a time and a plain trigger does.
"""

from django.apps import apps
from django.db.models import Subquery

from .models import DataVersion
from .roles import DOMAIN_APPS

TABLE = DataVersion._meta.db_table
TRIGGER = "secreleases_data_version"
# A new version is a random 62-bit number, not the old one plus one: a database restored from a backup,
# or a test rolled back, never meets a version again that a cache kept an answer under.
NEW_VERSION = "floor(random() * 4611686018427387903)::bigint"
POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger AS $$
BEGIN
    INSERT INTO {TABLE} (id, version, last_writer)
    VALUES (1, {NEW_VERSION}, txid_current() || ' ' || statement_timestamp())
    ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, last_writer = EXCLUDED.last_writer
    WHERE {TABLE}.last_writer IS DISTINCT FROM EXCLUDED.last_writer;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def versioned_tables() -> list[str]:
    """Every table of the domain apps but their history tables, which are written with the rows they record."""
    tables = []
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if not model._meta.model_name.startswith("historical"):
                tables.append(model._meta.db_table)
    return sorted(set(tables))


def postgresql_statements(table: str) -> list[str]:
    return [
        f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"',
        f'CREATE CONSTRAINT TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()",
    ]


def sqlite_statements(table: str) -> list[str]:
    bump = (
        f"INSERT INTO {TABLE} (id, version, last_writer) VALUES (1, abs(random() / 2), '') "
        "ON CONFLICT (id) DO UPDATE SET version = excluded.version"
    )
    return [
        f'CREATE TRIGGER IF NOT EXISTS {TRIGGER}_{event.lower()}_{table} AFTER {event} ON "{table}" BEGIN {bump}; END'
        for event in ("INSERT", "UPDATE", "DELETE")
    ]


def install_triggers(sender=None, using="default", **kwargs) -> None:
    """post_migrate: every domain table (new ones included) replaces the version when it changes. Idempotent."""
    if sender is not None and sender.label != DOMAIN_APPS[-1]:
        return
    from django.db import connections

    db = connections[using]
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute(POSTGRESQL_FUNCTION)
            statements = [s for table in versioned_tables() for s in postgresql_statements(table)]
        elif db.vendor == "sqlite":
            statements = [s for table in versioned_tables() for s in sqlite_statements(table)]
        else:
            raise NotImplementedError(f"No data-version triggers for {db.vendor}")
        for statement in statements:
            cursor.execute(statement)


def version_expression():
    """The current version, as a column of another query (it reads in that query's own snapshot)."""
    return Subquery(DataVersion.objects.filter(id=1).values("version")[:1])


def current() -> int | None:
    """The current version, read alone; None where the row is missing (a test database just flushed)."""
    return DataVersion.objects.filter(id=1).values_list("version", flat=True).first()
