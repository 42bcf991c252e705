"""A release's news for its followers, beyond cut-off reminders and lapses (releases/reminders.py):
a RID baselined, a recommendation or decision recorded. Each follower hears only what they chose
(ReleaseFollow's hears_* fields, Release.reminder_recipients).

Like the webhooks (secreleases/webhooks/events.py), the news is read from the history record once the
transaction commits, so a change rolled back announces nothing and the save never waits for the email:
the worker sends it (releases.tasks.announce_release_news).
"""

import logging

from django.core import mail
from django.db import transaction

from secreleases.clock import today

from .choices import FollowNews
from .models import Decision, RidVersion
from .reminders import release_link, templated_email

logger = logging.getLogger(__name__)


def news_of(instance, history_instance) -> str | None:
    """Which kind of news a history record is, if any: a decision recorded, or a RID baselined."""
    if isinstance(instance, Decision) and history_instance.history_type == "+":
        return FollowNews.DECISIONS
    if isinstance(instance, RidVersion) and history_instance.baselined_on:
        previous = history_instance.prev_record if history_instance.history_type == "~" else None
        if previous is None or previous.baselined_on is None:
            return FollowNews.BASELINES
    return None


def history_record_created(sender, instance, history_instance, using="default", **kwargs):
    """post_create_historical_record: after the commit, have the worker tell the followers."""
    news = news_of(instance, history_instance)
    if news is None:
        return
    history_id = history_instance.history_id
    transaction.on_commit(lambda: enqueue_news(news, history_id), using=using)


def enqueue_news(news: str, history_id: int) -> None:
    """Ask the worker to send the news; a broker that is down must not undo or fail the write already saved."""
    from .tasks import announce_release_news

    try:
        announce_release_news.delay(news, history_id)
    except Exception:  # the news is lost, the write stands: as for a RID's PDF (releases.rid.baseline)
        logger.exception("Could not enqueue the %s news of history record %s", news, history_id)


def what_happened(news: str, history_id: int):
    """(release, the sentence that says what happened) from the history record; None if it is gone."""
    if news == FollowNews.DECISIONS:
        record = Decision.history.filter(history_id=history_id).first()
        if record is None:
            return None
        decision = record.instance
        paper = f" ({decision.paper})" if decision.paper else ""
        said = f"{decision.get_body_display()}: {decision.get_outcome_display()} on {decision.date:%-d %B %Y}{paper}."
        return decision.release, said
    record = RidVersion.history.filter(history_id=history_id).first()
    if record is None:
        return None
    paper = f" ({record.paper})" if record.paper else ""
    said = f"The Panel baselined version {record.version} of the RID on {record.baselined_on:%-d %B %Y}{paper}."
    return record.release, said


def announce_release_news(news: str, history_id: int) -> int:
    """Email the release's followers who chose this kind of news; returns how many were told."""
    happened = what_happened(news, history_id)
    if happened is None:
        return 0
    release, said = happened
    if not release.is_ahead_of_go_live(today()):
        return 0  # a release's past (the demo's 2020 papers, say) is history, not news
    recipients = list(release.reminder_recipients(news))
    connection = mail.get_connection()
    context = {"release": release, "said": said, "link": release_link(release), "news": FollowNews(news).label}
    messages = [
        templated_email("release_news", {**context, "user": user}, to=user.email, connection=connection)
        for user in recipients
    ]
    connection.send_messages(messages)
    return len(messages)
