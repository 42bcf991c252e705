"""A release's news for its followers (releases/news.py)."""

from celery import shared_task

from .. import news
from .cut_offs import RETRY_ON_MAIL_FAILURE

# Sent once: no late acknowledgement or retry here, so a follower is never told the same news twice.
ONCE = {key: value for key, value in RETRY_ON_MAIL_FAILURE.items() if key in ("soft_time_limit", "time_limit")}


@shared_task(name="releases.tasks.announce_release_news", **ONCE)
def announce_release_news(kind: str, history_id: int) -> int:
    return news.announce_release_news(kind, history_id)
