"""DRF's tokens (rest_framework.authtoken, no longer installed) become named API tokens, kept only as digests.

Each key keeps working: its first 8 characters become the prefix, the whole key's SHA-256 the digest. The old
table, which held the keys in plain text, is then dropped with its app's migration records, content types and
permissions, so no plain key stays in the database. On a database that never had it, this does nothing.
"""

import hashlib

from django.db import migrations

OLD_TABLE = "authtoken_token"
PREFIX_LENGTH = 8
NAME = "Token made before named tokens"


def hash_the_drf_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("secreleases", "ApiToken")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id, created FROM {OLD_TABLE}")
        rows = cursor.fetchall()
    taken = set(ApiToken.objects.values_list("prefix", flat=True))
    for key, user_id, created in rows:
        prefix = key[:PREFIX_LENGTH]
        if prefix in taken:  # two 40-hex keys sharing 8 characters: that one must be made again
            continue
        taken.add(prefix)
        ApiToken.objects.create(
            user_id=user_id,
            name=NAME,
            prefix=prefix,
            digest=hashlib.sha256(key.encode()).hexdigest(),
            created_at=created,
        )
    schema_editor.execute(f"DROP TABLE {OLD_TABLE}")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="authtoken").delete()  # and, by cascade, its permissions
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = %s", ["authtoken"])


class Migration(migrations.Migration):
    dependencies = [
        ("secreleases", "0003_api_tokens_and_idempotent_requests"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # Backwards there is nothing to restore: the plain keys are gone, by design.
    operations = [migrations.RunPython(hash_the_drf_tokens, migrations.RunPython.noop)]
