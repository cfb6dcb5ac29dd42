"""Web Push reminders: VAPID keys, the citizen's devices, and sending what is due.

`send_due()` is what `flask send-reminders` runs every few minutes. Each reminder is claimed
in `sent_reminders` (unique per kind, citizen, meeting and moment) and committed before it is
sent, so two runs, or a run after a crash, never send the same reminder twice."""

from __future__ import annotations

import base64
import json
import logging
import os
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from py_vapid import Vapid
from pywebpush import WebPushException, webpush
from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from webapp.auth.models import User
from webapp.core import COPENHAGEN, local_day
from webapp.extensions import db
from webapp.i18n import clock, when
from webapp.meetings.models import Meeting, Registration, RegistrationStatus
from webapp.meetings.services import ACTIVE_STATUSES, registration_load_options
from webapp.reminders.models import PushSubscription, ReminderKind, SentReminder
from webapp.types import utcnow

log = logging.getLogger(__name__)

#: news older than this is not worth a message any more (a run that was down for a while)
NEWS_FRESH_FOR = timedelta(days=2)
#: a push service keeps an undelivered message this long at most
MAX_TTL = 24 * 3600
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def init_app(app) -> None:
    """Defaults for the settings the README lists (environment first)."""
    app.config.setdefault("VAPID_PRIVATE_KEY", os.environ.get("VAPID_PRIVATE_KEY"))
    app.config.setdefault("VAPID_SUBJECT",
                          os.environ.get("VAPID_SUBJECT", "mailto:sammen@ishoj.dk"))
    #: the hour (Copenhagen) from which the day-before reminders go out
    app.config.setdefault("REMINDER_HOUR", 10)
    #: hosts of the browsers' push services a subscription may point at (and their subdomains)
    app.config.setdefault("PUSH_SERVICES", (
        "fcm.googleapis.com", "push.services.mozilla.com", "push.apple.com",
        "notify.windows.com",
    ))


# --- VAPID keys -------------------------------------------------------------------------


def vapid() -> Vapid:
    """The server's VAPID key: from VAPID_PRIVATE_KEY, or made once into instance/."""
    key = current_app.extensions.get("sammen_vapid")
    if key is None:
        configured = current_app.config.get("VAPID_PRIVATE_KEY")
        if configured:
            key = (Vapid.from_pem(configured.encode()) if "BEGIN" in configured
                   else Vapid.from_string(configured))
        else:
            key = _instance_key(Path(current_app.instance_path) / "vapid_private.pem")
        current_app.extensions["sammen_vapid"] = key
    return key


def _instance_key(path: Path) -> Vapid:
    """The key in `path`, made there first if there is none. Several workers may start at
    once: the key is written whole under another name and linked in, and the first link
    wins, so every worker ends up with the same key."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Vapid()
        key.generate_keys()
        draft = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(key.private_pem())
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return Vapid.from_pem(path.read_bytes())


def public_key() -> str:
    """The key the browser needs to subscribe (applicationServerKey), base64url."""
    raw = vapid().public_key.public_bytes(serialization.Encoding.X962,
                                          serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


# --- the citizen's devices ----------------------------------------------------------------


def push_service_allowed(endpoint: str) -> bool:
    """Only send to a browser's push service over HTTPS, never to any address a client
    makes up (the server would post to it)."""
    url = urlsplit(endpoint)
    host = url.hostname or ""
    if url.scheme != "https" and not (url.scheme == "http" and host in LOOPBACK):
        return False
    return any(host == allowed or host.endswith("." + allowed)
               for allowed in current_app.config["PUSH_SERVICES"])


def devices_of(user) -> int:
    return len(db.session.scalars(
        select(PushSubscription.id).where(PushSubscription.user_id == user.id)).all())


def subscribe(user, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Remember this browser for the user's reminders (a browser that belonged to another
    account on a shared phone now belongs to this one)."""
    subscription = db.session.scalar(
        select(PushSubscription).where(PushSubscription.endpoint == endpoint))
    if subscription is None:
        subscription = PushSubscription(endpoint=endpoint)
        db.session.add(subscription)
    subscription.user_id = user.id
    subscription.p256dh = p256dh
    subscription.auth = auth
    user.notify_push = True
    return subscription


def unsubscribe(user, endpoint: str | None = None) -> None:
    """Forget one of the user's browsers, or all of them; no browser left means no
    reminders."""
    query = delete(PushSubscription).where(PushSubscription.user_id == user.id)
    if endpoint:
        query = query.where(PushSubscription.endpoint == endpoint)
    db.session.execute(query)
    if not devices_of(user):
        user.notify_push = False


# --- what is due ----------------------------------------------------------------------------


@dataclass
class Reminder:
    kind: ReminderKind
    citizen_id: int
    meeting_id: int
    event_at: datetime
    payload: str
    ttl: int
    devices: list[dict] = field(default_factory=list)


@dataclass
class Summary:
    reminders: int = 0
    deliveries: int = 0
    gone: int = 0
    failed: int = 0


def _due_registrations(now: datetime) -> list[tuple[ReminderKind, Registration, datetime]]:
    """Reminders due now and not yet sent, for citizens who turned reminders on, about
    meetings still ahead: a query per kind, however many there are."""

    def due(kind: ReminderKind, event_at, *where) -> list[Registration]:
        query = (
            select(Registration).join(Registration.meeting).join(Registration.citizen)
            .where(
                Meeting.starts_at > now,
                User.notify_push.is_(True),
                exists().where(PushSubscription.user_id == Registration.citizen_id),
                ~exists().where(
                    SentReminder.kind == kind,
                    SentReminder.citizen_id == Registration.citizen_id,
                    SentReminder.meeting_id == Registration.meeting_id,
                    SentReminder.event_at == event_at,
                ),
                *where,
            )
            .options(*registration_load_options(), joinedload(Registration.citizen))
            .order_by(Meeting.starts_at, Registration.id)
        )
        return list(db.session.scalars(query))

    found: list[tuple[ReminderKind, Registration, datetime]] = []
    today = local_day(now)
    if now.astimezone(COPENHAGEN).hour >= current_app.config["REMINDER_HOUR"]:
        tomorrow = datetime.combine(today + timedelta(days=1), time(), COPENHAGEN)
        day_after = datetime.combine(today + timedelta(days=2), time(), COPENHAGEN)
        found += [(ReminderKind.DAY_BEFORE, r, r.meeting.starts_at) for r in due(
            ReminderKind.DAY_BEFORE, Meeting.starts_at,
            Registration.status == RegistrationStatus.SIGNED_UP,
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at >= tomorrow, Meeting.starts_at < day_after)]
    fresh = now - NEWS_FRESH_FOR
    found += [(ReminderKind.PROMOTED, r, r.promoted_at) for r in due(
        ReminderKind.PROMOTED, Registration.promoted_at,
        Registration.status == RegistrationStatus.SIGNED_UP,
        Meeting.cancelled_at.is_(None), Registration.promoted_at > fresh)]
    found += [(ReminderKind.CANCELLED, r, r.meeting.cancelled_at) for r in due(
        ReminderKind.CANCELLED, Meeting.cancelled_at,
        Registration.status.in_(ACTIVE_STATUSES),
        Meeting.cancelled_at > fresh)]
    return found


def _message(kind: ReminderKind, registration: Registration) -> dict:
    """The notification's words, in the citizen's language. A citizen who chose discreet
    words gets "Sammen: møde kl. 10.00" and nothing else that names the group (its title, a
    reason for cancelling written by staff): a lock screen is seen by others."""
    meeting = registration.meeting
    discreet = registration.citizen.discreet_notifications
    title = meeting.offer.title
    place = meeting.effective_location
    at = clock(meeting.starts_at)
    if kind is ReminderKind.DAY_BEFORE:
        heading = (_("Sammen: meeting tomorrow at %(time)s", time=at) if discreet
                   else _("Tomorrow: %(title)s", title=title))
        text = _("%(when)s at %(place)s. If you cannot come, call in absence in Sammen.",
                 when=when(meeting.starts_at), place=f"{place.name}, {place.address}")
        url = url_for("meetings.calendar")
    elif kind is ReminderKind.PROMOTED:
        heading = _("You got a seat")
        text = (_("A seat became free at a meeting %(when)s. You are signed up now.",
                  when=when(meeting.starts_at)) if discreet
                else _("A seat became free at %(title)s, %(when)s. You are signed up now.",
                       title=title, when=when(meeting.starts_at)))
        url = url_for("main.index")
    else:
        heading = (_("Sammen: the meeting at %(time)s is cancelled", time=at) if discreet
                   else _("Cancelled: %(title)s", title=title))
        text = " ".join(filter(None, [
            _("The meeting %(when)s will not take place.", when=when(meeting.starts_at)),
            None if discreet else meeting.cancel_reason,
        ]))
        url = url_for("meetings.calendar")
    return {"title": heading, "body": text, "url": url,
            "tag": f"{kind.value}-{meeting.id}"}


def due_reminders(now: datetime | None = None) -> list[Reminder]:
    """Everything due now, with its words and the devices to send it to."""
    if not has_request_context():
        # The messages link to pages: relative addresses, no host needed (cron has none).
        with current_app.test_request_context("/"):
            return due_reminders(now)
    now = now or utcnow()
    found = _due_registrations(now)
    devices: dict[int, list[dict]] = {}
    citizen_ids = {registration.citizen_id for _kind, registration, _at in found}
    if citizen_ids:
        for subscription in db.session.scalars(
                select(PushSubscription).where(PushSubscription.user_id.in_(citizen_ids))
                .order_by(PushSubscription.id)):
            devices.setdefault(subscription.user_id, []).append(subscription.as_info())
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    reminders = []
    for kind, registration, event_at in found:
        with force_locale(registration.citizen.language or default):
            message = _message(kind, registration)
        until_start = int((registration.meeting.starts_at - now).total_seconds())
        reminders.append(Reminder(
            kind=kind, citizen_id=registration.citizen_id, meeting_id=registration.meeting_id,
            event_at=event_at, payload=json.dumps(message),
            ttl=max(60, min(MAX_TTL, until_start)),
            devices=devices.get(registration.citizen_id, []),
        ))
    return reminders


# --- sending ------------------------------------------------------------------------------


def _claim(reminder: Reminder) -> SentReminder | None:
    """Write down that this reminder is being sent; None when another run got there first."""
    claim = SentReminder(kind=reminder.kind, citizen_id=reminder.citizen_id,
                         meeting_id=reminder.meeting_id, event_at=reminder.event_at)
    db.session.add(claim)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return claim


def push(device: dict, payload: str, ttl: int) -> str:
    """Send one message to one browser: 'sent', 'gone' (the browser unsubscribed, or the
    push service forgot it) or 'failed' (try again on the next run)."""
    try:
        webpush(device, payload, vapid_private_key=vapid(),
                vapid_claims={"sub": current_app.config["VAPID_SUBJECT"]},
                ttl=ttl, timeout=10)
    except WebPushException as error:
        if error.status_code in (404, 410):
            return "gone"
        log.warning("push to %s failed: %s", urlsplit(device["endpoint"]).hostname,
                    error.status_code)
        return "failed"
    except requests.RequestException as error:
        log.warning("push to %s failed: %s", urlsplit(device["endpoint"]).hostname,
                    type(error).__name__)
        return "failed"
    return "sent"


def send_due(now: datetime | None = None) -> Summary:
    """Send every reminder that is due and not sent yet; safe to run every few minutes."""
    summary = Summary()
    for reminder in due_reminders(now):
        claim = _claim(reminder) if reminder.devices else None
        if claim is None:
            continue
        results = {device["endpoint"]: push(device, reminder.payload, reminder.ttl)
                   for device in reminder.devices}
        gone = [endpoint for endpoint, result in results.items() if result == "gone"]
        delivered = sum(result == "sent" for result in results.values())
        failed = sum(result == "failed" for result in results.values())
        if gone:
            db.session.execute(delete(PushSubscription)
                               .where(PushSubscription.endpoint.in_(gone)))
            if not db.session.scalar(select(exists().where(
                    PushSubscription.user_id == reminder.citizen_id))):
                citizen = db.session.get(User, reminder.citizen_id)
                citizen.notify_push = False
        if delivered == 0 and failed:
            db.session.delete(claim)  # no device got it: the next run tries again
        else:
            claim.delivered = delivered
            summary.reminders += 1
        summary.deliveries += delivered
        summary.gone += len(gone)
        summary.failed += failed
        db.session.commit()
    return summary
