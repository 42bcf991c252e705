"""No lost update, at either door: the version a client read is compared under the row lock its write takes.

The API's version is the ETag of the object's answer (`If-Match`); a browser form's is the row's
`updated_at` as the form was rendered (its hidden `last_seen`). Either way the write takes the row
with SELECT ... FOR UPDATE inside its transaction first, and compares second: of two writers holding
the same version, the second waits for the first to commit, re-reads the row, sees a newer version
and is refused (412, or the stale-edit message on the form). Nothing it sent is written.
"""

import contextlib
from collections.abc import Callable

from django.db import transaction

STALE_EDIT_MESSAGE = (
    "Someone else saved a newer version of this while you were editing. "
    "Your change was not saved: reload the page to see theirs, then make yours again."
)


class StaleVersion(Exception):
    """The row changed since the client read it: the API answers 412, a form shows STALE_EDIT_MESSAGE."""

    def __init__(self, message: str = STALE_EDIT_MESSAGE):
        super().__init__(message)
        self.message = message


def lock(queryset):
    """The rows a write changes, locked until its transaction ends (only the model's own table)."""
    return queryset.select_for_update(of=("self",))


def check(seen: str | None, current: Callable[[], str], *, matches=None, required: bool = False) -> None:
    """Refuse a write whose client read an older version. Call it with the row already locked.

    `seen` is what the client sent (None: it sent nothing; the API's If-Match is optional, a form's
    version is `required`); `current` computes the version of the locked row; `matches` compares
    (an ETag list against one ETag, say), equality by default.
    """
    if not seen:
        if required:
            raise StaleVersion()
        return
    if not (matches(seen, current()) if matches else seen == current()):
        raise StaleVersion()


def row_version(instance) -> str:
    """A form's version of a row: when it was last saved (every save moves it)."""
    return instance.updated_at.isoformat()


@contextlib.contextmanager
def locked(queryset, *, seen: str | None, version: Callable = row_version, required: bool = True):
    """The one row of `queryset`, locked and checked against the version the client saw; write inside."""
    with transaction.atomic():
        instance = lock(queryset).get()
        check(seen, lambda: version(instance), required=required)
        yield instance
