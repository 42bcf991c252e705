"""The two daily jobs of rules 2 and 3: cut-off reminders, and lapsing overdue scope.

The Celery tasks (releases/tasks/cut_offs.py) and the management commands both call these.

Exactly once: for each recipient, the reminder rows (CutOffReminder, unique per item, recipient,
lead time and cut-off) are claimed and the email is sent inside one transaction that commits only
after the send. A second run finds the rows and sends nothing; a failed send or a killed worker
rolls the claim back, so the redelivered or re-run job sends it then. The recipient's row is held
with FOR NO KEY UPDATE SKIP LOCKED meanwhile, so two workers never build the same email at once.
"""

import datetime
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.template.loader import render_to_string

from secreleases.clock import today

from .choices import FollowNews, Inclusion
from .models import CutOffReminder, Release, ReminderLeadTime, ScopeItem, User

logger = logging.getLogger(__name__)


def parse_run_date(value: str | datetime.date | None) -> datetime.date:
    """A job's "as of" date: an ISO date string, or None for today in Europe/London."""
    if value is None or value == "":
        return today()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date as YYYY-MM-DD (e.g. 2026-11-23).") from None


def release_link(release: Release) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/releases/{release.slug}/"


# -- reminders (rule 3) --------------------------------------------------------------------------


@dataclass(frozen=True)
class DueReminder:
    """An item whose nearest reached lead time is `lead_days` on the run's date."""

    item: ScopeItem
    lead_days: int


@dataclass
class ReminderEmail:
    recipient: str
    items: list[tuple[str, int]]  # (item label, lead days)


@dataclass
class ReminderRun:
    on: datetime.date
    emails: list[ReminderEmail] = field(default_factory=list)
    items_due: int = 0
    recipients_skipped: int = 0  # held by another worker at the moment

    @property
    def reminders_sent(self) -> int:
        return sum(len(email.items) for email in self.emails)

    def summary(self) -> dict:
        return {
            "on": self.on.isoformat(),
            "emails": len(self.emails),
            "reminders": self.reminders_sent,
            "items_due": self.items_due,
            "recipients_skipped": self.recipients_skipped,
        }


def nearest_lead_time_reached(cut_off: datetime.date, on: datetime.date, lead_days: list[int]) -> int | None:
    """Rule 3: of the lead times reached on `on` (cut-off minus lead <= on), the nearest to the cut-off.

    The older ones reached too are passed, never sent: a job that did not run for a while sends one
    reminder, the one that matters now. As `on` advances the nearest only shrinks, and a run never
    sends a lead time at or above one already sent (see `unsent`), so a passed one cannot come back.
    """
    days_left = (cut_off - on).days
    if days_left < 0:
        return None
    reached = [days for days in lead_days if days >= days_left]
    return min(reached) if reached else None


def reminders_due(on: datetime.date) -> list[DueReminder]:
    """Targeted, not yet approved items of releases ahead of go-live, with a lead time reached."""
    lead_days = list(ReminderLeadTime.objects.values_list("days", flat=True))
    if not lead_days:
        return []
    furthest = max(lead_days)
    items = (
        ScopeItem.objects.pending(on)
        .filter(cut_off_date__gte=on, cut_off_date__lte=on + datetime.timedelta(days=furthest))
        .select_related("release", "modification", "fall_back_release")
        .order_by("cut_off_date", "modification__reference", "part")
    )
    due = []
    for item in items:
        lead = nearest_lead_time_reached(item.cut_off_date, on, lead_days)
        if lead is not None:
            due.append(DueReminder(item, lead))
    return due


def recipients_of(releases) -> dict[int, list[User]]:
    """Each release's reminder recipients (one query per release, not per item)."""
    return {release.pk: list(release.reminder_recipients(FollowNews.CUT_OFF_REMINDERS)) for release in releases}


def send_cut_off_reminders(on: datetime.date) -> ReminderRun:
    """Rule 3: send each recipient one email listing every item whose reminder is due for them."""
    run = ReminderRun(on=on)
    due = reminders_due(on)
    run.items_due = len(due)
    releases = {reminder.item.release_id: reminder.item.release for reminder in due}
    recipients = recipients_of(releases.values())
    due_for: dict[int, list[DueReminder]] = defaultdict(list)
    people: dict[int, User] = {}
    for reminder in due:
        for user in recipients[reminder.item.release_id]:
            due_for[user.pk].append(reminder)
            people[user.pk] = user
    connection = mail.get_connection()
    for user_pk, reminders in due_for.items():
        email = remind(people[user_pk], reminders, on=on, connection=connection)
        if email is False:
            run.recipients_skipped += 1
        elif email is not None:
            run.emails.append(email)
    return run


def remind(user: User, reminders: list[DueReminder], *, on, connection) -> ReminderEmail | None | bool:
    """Claim this recipient's unsent reminders, email them, and commit the claim only after the send.

    Returns the email sent, None if all were sent before, False if another worker holds the recipient.
    """
    with transaction.atomic():
        held = User.objects.select_for_update(skip_locked=True, no_key=True).filter(pk=user.pk).exists()
        if not held:
            return False
        unsent_reminders = unsent(user, reminders)
        if not unsent_reminders:
            return None
        CutOffReminder.objects.bulk_create(
            CutOffReminder(
                scope_item=reminder.item,
                recipient=user,
                lead_days=reminder.lead_days,
                cut_off_date=reminder.item.cut_off_date,
            )
            for reminder in unsent_reminders
        )
        pause_between_claim_and_send()
        reminder_email(user, unsent_reminders, on=on, connection=connection).send()
    return ReminderEmail(user.email, [(reminder.item.label, reminder.lead_days) for reminder in unsent_reminders])


def unsent(user: User, reminders: list[DueReminder]) -> list[DueReminder]:
    """Those not yet sent to `user`: no reminder at this lead time or a nearer one, for this cut-off."""
    sent = defaultdict(list)
    rows = CutOffReminder.objects.filter(recipient=user, scope_item__in=[r.item.pk for r in reminders])
    for item_pk, cut_off, lead in rows.values_list("scope_item_id", "cut_off_date", "lead_days"):
        sent[(item_pk, cut_off)].append(lead)
    return [
        reminder
        for reminder in reminders
        if not any(lead <= reminder.lead_days for lead in sent[(reminder.item.pk, reminder.item.cut_off_date)])
    ]


def pause_between_claim_and_send():
    """Tests slow a run (CUT_OFF_REMINDER_SEND_DELAY) to kill a worker holding a claim; 0 elsewhere."""
    delay = getattr(settings, "CUT_OFF_REMINDER_SEND_DELAY", 0)
    if delay:
        time.sleep(delay)


def reminder_email(user: User, reminders: list[DueReminder], *, on, connection) -> mail.EmailMultiAlternatives:
    context = {
        "user": user,
        "on": on,
        "rows": [
            {
                "item": reminder.item,
                "lead_days": reminder.lead_days,
                "days_left": (reminder.item.cut_off_date - on).days,
                "fall_back": str(reminder.item.fall_back_release or "the next viable release"),
                "link": release_link(reminder.item.release),
            }
            for reminder in reminders
        ],
    }
    return templated_email("cut_off_reminder", context, to=user.email, connection=connection)


def templated_email(name: str, context: dict, *, to: str, connection) -> mail.EmailMultiAlternatives:
    subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
    message = mail.EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{name}_body.txt", context),
        to=[to],
        connection=connection,
    )
    message.attach_alternative(render_to_string(f"emails/{name}_body.html", context), "text/html")
    return message


# -- lapses (rule 2) -----------------------------------------------------------------------------


@dataclass
class Lapse:
    label: str
    from_release: str
    to_release: str | None  # None: no viable release; the lapsed item waits for SECAS
    cut_off_date: datetime.date
    announced_to: int = 0

    def summary(self) -> dict:
        return {
            "item": self.label,
            "from": self.from_release,
            "to": self.to_release,
            "cut_off_date": self.cut_off_date.isoformat(),
            "announced_to": self.announced_to,
        }


def lapse_overdue_scope(on: datetime.date) -> list[Lapse]:
    """Rule 2: every overdue targeted item lapses to its fall-back (else the next viable) release, once.

    One transaction per release: lock its overdue items (skipping those another worker holds),
    lapse each through item.lapse, and announce them to the release's reminder recipients before
    committing, so a failed send or a killed worker leaves nothing half done for the re-run.
    """
    release_ids = ScopeItem.objects.overdue(on).order_by().values_list("release_id", flat=True).distinct()
    lapses = []
    for release in Release.objects.filter(pk__in=list(release_ids)).order_by("pk"):
        lapses.extend(lapse_release_scope(release, on))
    return lapses


def lapse_release_scope(release: Release, on: datetime.date) -> list[Lapse]:
    with transaction.atomic():
        items = list(
            ScopeItem.objects.overdue(on)
            .filter(release=release)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("release", "modification", "fall_back_release")
            .order_by("modification__reference", "part")
        )
        done = []
        for item in items:
            label, modification = item.label, item.modification
            new_item = item.lapse(on=on)
            if item.inclusion != Inclusion.LAPSED:
                continue  # approved or moved meanwhile: nothing to do
            item.modification = modification  # refresh_from_db dropped it; the email needs it
            lapse = Lapse(label, str(release), str(new_item.release) if new_item else None, item.cut_off_date)
            done.append((item, new_item, lapse))
        if done:
            announce_lapses(release, done, on=on)
    return [lapse for _, _, lapse in done]


def announce_lapses(release: Release, done: list, *, on: datetime.date) -> None:
    recipients = list(release.reminder_recipients(FollowNews.LAPSES))
    rows = [
        {
            "item": item,
            "new_item": new_item,
            "link": release_link(new_item.release) if new_item else None,
        }
        for item, new_item, _ in done
    ]
    context = {"release": release, "rows": rows, "on": on, "release_link": release_link(release)}
    connection = mail.get_connection()
    messages = [
        templated_email("scope_lapsed", {**context, "user": user}, to=user.email, connection=connection)
        for user in recipients
    ]
    connection.send_messages(messages)
    for _, _, lapse in done:
        lapse.announced_to = len(recipients)
