"""`Authorization: Token <key>`: the token, its user, the user's roles and the data version, in one query.

Every API request runs this query first, so it is composed by the ORM once per process and then only
run: composing it (the roles' EXISTS subqueries, the version's subquery, the join) costs the ORM some
thirty times what PostgreSQL takes to run it, prepared, on a kept connection.
"""

import functools
import hmac

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connections
from django.db.models import Exists, OuterRef
from rest_framework import authentication, exceptions

from secreleases import versions
from secreleases.models import KEY_PREFIX_LENGTH, ApiToken, key_digest
from secreleases.roles import ROLES

PREFIX_PLACEHOLDER = "\x01prefix\x01"  # stands for the key's prefix while the query is composed


@functools.cache
def token_lookup(alias: str):
    """The composed query (SQL, parameters, where the prefix goes) and how to read its row back into models."""
    user_fields = {f"user__{f.attname}": f for f in get_user_model()._meta.concrete_fields}
    token_fields = {f.attname: f for f in ApiToken._meta.concrete_fields}
    in_role = {f"in_{role}": Exists(Group.objects.filter(user=OuterRef("user_id"), name=role)) for role in ROLES}
    query = (
        ApiToken.objects.using(alias)
        .filter(prefix=PREFIX_PLACEHOLDER, revoked_at__isnull=True)
        .annotate(**in_role, data_version=versions.version_expression())
        .values(*token_fields, *user_fields, *in_role, "data_version")
        .query
    )
    sql, params = query.sql_with_params()
    columns = []  # in the order the ORM's own values() reads them
    for name in [*query.extra_select, *query.values_select, *query.annotation_select]:
        if name in token_fields:
            columns.append(("token", token_fields[name]))
        elif name in user_fields:
            columns.append(("user", user_fields[name]))
        elif name == "data_version":
            columns.append(("version", None))
        else:
            columns.append(("role", name.removeprefix("in_")))
    return sql, list(params), params.index(PREFIX_PLACEHOLDER), columns


def read_row(alias: str, row, columns):
    """The row as a token with its user (the database's values turned into Python's, as the ORM does)."""
    connection = connections[alias]
    values = {"token": {}, "user": {}, "role": set(), "version": None}
    for value, (part, field) in zip(row, columns, strict=True):
        if part == "role":
            if value:
                values["role"].add(field)
        elif part == "version":
            values["version"] = value
        else:
            expression = field.get_col(field.model._meta.db_table)
            for convert in connection.ops.get_db_converters(expression) + field.get_db_converters(connection):
                value = convert(value, expression, connection)
            values[part][field.attname] = value
    user_model = get_user_model()
    user = user_model.from_db(alias, list(values["user"]), list(values["user"].values()))
    token = ApiToken.from_db(alias, list(values["token"]), list(values["token"].values()))
    token.user = user
    user._roles = frozenset(values["role"])
    token.data_version = values["version"]
    return token


def find_token(key: str, alias: str = "default") -> ApiToken | None:
    """The unrevoked token whose key this is, or None: found by its prefix, its digest compared in constant time."""
    if "\x00" in key:  # PostgreSQL cannot even compare it
        return None
    sql, params, at, columns = token_lookup(alias)
    params = [*params[:at], key[:KEY_PREFIX_LENGTH], *params[at + 1 :]]
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    token = read_row(alias, row, columns)
    if not hmac.compare_digest(token.digest, key_digest(key)):
        return None
    return token


class TokenAuthentication(authentication.TokenAuthentication):
    """Named, hashed API tokens (secreleases.models.ApiToken), nothing remembered between requests: a revoked
    or expired token, or a deactivated user, is refused on the next request."""

    model = ApiToken

    def authenticate(self, request):
        """The data version comes with the token, for the lists' ETags (secreleases/versions.py)."""
        found = super().authenticate(request)
        if found is not None:
            request._request.data_version = found[1].data_version
            found[1].note_use(request._request)
        return found

    def authenticate_credentials(self, key):
        token = find_token(key)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if token.is_expired():
            raise exceptions.AuthenticationFailed("Token expired.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        return token.user, token
