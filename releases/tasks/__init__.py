"""Celery tasks of the releases app (autodiscovered as `releases.tasks`)."""

from .cut_offs import lapse_overdue_scope, send_cutoff_reminders
from .news import announce_release_news
from .rid import render_rid_pdf
