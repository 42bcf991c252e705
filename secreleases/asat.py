"""The record as at a day, for the pages of every app.

Reading the record as it stood needs every app's history, so releases provides the reader
(releases.asat_pages, registered in ReleasesConfig.ready); a lower app's page (the modification page)
asks through here, and the apps still depend one way.
"""

_pages = None


def provide(pages) -> None:
    """Releases registers the module with `record_asked`, `as_at_context` and `as_at_status`."""
    global _pages
    _pages = pages


def record_asked(request):
    """`(record, form)`: the record as at `?as_at=` (live without it) and the form that read the day."""
    return _pages.record_asked(request)


def as_at_context(request, record, form) -> dict:
    """What a page of the past needs: the banner, the date picker, the links that keep the day."""
    return _pages.as_at_context(request, record, form)


def as_at_status(form) -> int:
    """400 for a day that is not one, else 200."""
    return _pages.as_at_status(form)
