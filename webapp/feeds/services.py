"""Calendar files (iCalendar, RFC 5545) of a citizen's meetings, and the secret feed token."""

import re
import secrets
import unicodedata
from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Alarm, Calendar, Event
from sqlalchemy import select

from webapp.auth.models import Role, User
from webapp.core import COPENHAGEN
from webapp.extensions import db
from webapp.i18n import available_languages, clock
from webapp.meetings.models import Meeting, Registration, RegistrationStatus
from webapp.meetings.services import registration_load_options
from webapp.types import utcnow

#: a single meeting's file: the citizen holds, or waits for, a seat
FILE_STATUSES = (RegistrationStatus.SIGNED_UP, RegistrationStatus.WAITLISTED)
#: the feed also keeps the meetings the citizen went to; afbud takes a meeting out
FEED_STATUSES = (*FILE_STATUSES, RegistrationStatus.ATTENDED)
#: how far back the feed goes
FEED_HISTORY = timedelta(days=30)
#: how often a calendar app should fetch the feed again
REFRESH = timedelta(hours=1)
#: the reminder before each meeting
REMINDER = timedelta(hours=1)
_FEED_TOKEN = re.compile(r"(\d{1,10})-([A-Za-z0-9_-]{1,64})", re.ASCII)


def _registrations():
    """Registrations with their meeting, offer and both possible locations, in one query."""
    return (
        select(Registration)
        .join(Registration.meeting)
        .options(*registration_load_options())
    )


def registration_for(citizen: User, meeting_id: int) -> Registration | None:
    """The citizen's own current registration for a meeting, or None."""
    return db.session.scalar(
        _registrations().where(
            Registration.citizen_id == citizen.id,
            Registration.meeting_id == meeting_id,
            Registration.status.in_(FILE_STATUSES),
        )
    )


def feed_registrations(citizen: User) -> list[Registration]:
    """The citizen's meetings from 30 days back onward, soonest first, in one query."""
    return list(db.session.scalars(
        _registrations()
        .where(
            Registration.citizen_id == citizen.id,
            Registration.status.in_(FEED_STATUSES),
            Meeting.starts_at >= utcnow() - FEED_HISTORY,
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ))


def new_token(user: User) -> User:
    """Give the user a new secret feed address; the old one stops working."""
    user.calendar_token = secrets.token_urlsafe(32)
    return user


def feed_token(user: User) -> str | None:
    """The token in the user's feed address: their id, then the secret. The id lets the
    lookup go by primary key, so the secret is only ever compared in constant time."""
    if not user.calendar_token:
        return None
    return f"{user.id}-{user.calendar_token}"


def user_for_token(token: str) -> User | None:
    """The active citizen whose feed address this is, or None."""
    match = _FEED_TOKEN.fullmatch(token)
    if match is None:
        return None
    user = db.session.get(User, int(match[1]))
    if user is None or not user.calendar_token or user.role is not Role.CITIZEN \
            or not user.is_active:
        return None
    if not secrets.compare_digest(user.calendar_token.encode(), match[2].encode()):
        return None
    return user


def feed_url(user: User) -> str | None:
    """The https address of the user's feed, or None before they have asked for one."""
    token = feed_token(user)
    return url_for("feeds.feed", token=token, _external=True) if token else None


def webcal_url(url: str) -> str:
    """The same address with the webcal scheme, which phones open in their calendar app."""
    return "webcal://" + url.split("://", 1)[1]


def meeting_ics(registration: Registration) -> bytes:
    """One meeting as an .ics file, in the request's language; without the group's name and
    texts when the citizen chose discreet words (see _event)."""
    calendar = _calendar()
    calendar.add_component(_event(registration, _calendar_page(), utcnow(),
                                  registration.citizen.discreet_notifications))
    return calendar.to_ical()


def feed_ics(user: User, registrations: Iterable[Registration]) -> bytes:
    """The citizen's subscription feed, in the language they chose in Sammen."""
    language = user.language if user.language in available_languages() \
        else current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(language):
        calendar = _calendar()
        calendar.add("x-wr-calname", _("Sammen: your meetings"))
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
        page, stamp = _calendar_page(), utcnow()
        for registration in registrations:
            calendar.add_component(_event(registration, page, stamp,
                                          user.discreet_notifications))
    return calendar.to_ical()


def filename(registration: Registration) -> str:
    """'gaatur-2026-11-24.ics': the offer's title in ASCII and the meeting's local date;
    'sammen-2026-11-24.ics' when the citizen chose discreet words (a download shows its
    name)."""
    meeting = registration.meeting
    discreet = registration.citizen.discreet_notifications
    title = "sammen" if discreet else meeting.offer.title.lower().translate(
        str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"}))
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")[:60] or "sammen"
    return f"{slug}-{meeting.starts_at.astimezone(COPENHAGEN).date().isoformat()}.ics"


def _calendar_page() -> str:
    return url_for("meetings.calendar", _external=True)


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Ishøj og Vallensbæk Kommuner//Sammen//DA")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-timezone", "Europe/Copenhagen")
    return calendar


def discreet_title(meeting: Meeting) -> str:
    """'Sammen: møde kl. 10.00': a meeting named without its group, for a lock screen."""
    return _("Sammen: meeting at %(time)s", time=clock(meeting.starts_at))


def _event(registration: Registration, calendar_page: str, stamp: datetime,
           discreet: bool = False) -> Event:
    """A VEVENT for one registration: times in UTC, a stable UID, and a reminder an hour
    before, except for a cancelled meeting. Discreet (the citizen's choice): the title, the
    reminder and the description say "Sammen: møde kl. 10.00" and nothing the group's name
    or its texts would give away (its summary, a reason for cancelling)."""
    meeting = registration.meeting
    place = meeting.effective_location
    title = discreet_title(meeting) if discreet else meeting.offer.title
    lines = [_("Open Sammen to see which group it is.") if discreet else meeting.offer.summary]
    if meeting.is_cancelled:
        status = "CANCELLED"
        summary = (_("Sammen: cancelled meeting at %(time)s", time=clock(meeting.starts_at))
                   if discreet else _("Cancelled: %(title)s", title=title))
        lines.append(_("This meeting is cancelled."))
        if meeting.cancel_reason and not discreet:
            lines.append(meeting.cancel_reason)
    else:
        # A waiting-list place is not a seat yet: calendars show it as tentative.
        waiting = registration.status is RegistrationStatus.WAITLISTED
        status, summary = ("TENTATIVE" if waiting else "CONFIRMED"), title
        if waiting:
            lines.append(_("You are number %(num)d on the waiting list.",
                           num=registration.waitlist_position or 0))
        lines.append(_("Call in absence in Sammen: %(url)s", url=calendar_page))

    event = Event()
    event.add("uid", f"meeting-{meeting.id}@sammen")
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    # A higher sequence makes calendar apps replace an imported copy with the cancellation.
    event.add("sequence", 1 if meeting.is_cancelled else 0)
    event.add("summary", summary)
    event.add("location", f"{place.name}, {place.address}, {place.postcode} {place.city}")
    event.add("description", "\n\n".join(lines))
    event.add("url", calendar_page)
    event.add("status", status)
    if not meeting.is_cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        alarm.add("trigger", -REMINDER)
        event.add_component(alarm)
    return event
