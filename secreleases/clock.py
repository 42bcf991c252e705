"""What day it is for SECAS: the UK's date, whatever the server's or the request's zone."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

UK = ZoneInfo("Europe/London")


def today() -> datetime.date:
    """Today in the UK: a cut-off passes, and a job's day starts, at midnight UK time."""
    return timezone.localdate(timezone=UK)
