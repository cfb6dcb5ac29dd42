"""A meeting as citizens see it in a list, and its controls, as fragments (see
webapp/templating.py): each is rendered from a `MeetingCard` that holds exactly what it shows,
so the HTML is shared by every request that shows the same meeting in the same state (the
open meetings on Kalender, for everyone who may join them), and a change to anything shown
(a seat taken, an afbud, a new day) is a new card."""

from dataclasses import dataclass
from datetime import date, datetime

from webapp.meetings import services
from webapp.templating import fragment_of
from webapp.types import utcnow


@dataclass(frozen=True)
class MeetingCard:
    meeting_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    place: tuple[str, str, str, str]
    cancelled: bool
    cancel_reason: str | None
    started: bool
    #: how one gets into the group (Admission's value)
    admission: str
    #: the citizen's registration: its status (RegistrationStatus's value), place on the
    #: waiting list and id; none when they have none
    status: str | None
    waitlist_position: int | None
    registration_id: int | None
    seats_left: int
    #: the citizen may sign up (a drop-in offer, or one they are enrolled in)
    joinable: bool
    #: where the controls come back to without JavaScript (a local path)
    next_url: str
    #: the day the card's "today" and "tomorrow" are counted from; none writes no day
    today: date | None = None
    #: the citizen just got a seat from the waiting list
    promoted: bool = False
    heading: str = "h3"
    #: the controls answer an htmx request (and take the focus)
    swapped: bool = False


def _place(row) -> tuple[str, str, str, str]:
    return row.place_name, row.place_address, row.place_postcode, row.place_city


def _card(row, next_url: str, joinable: bool, today: date | None, promoted: bool, heading: str,
          swapped: bool, started: bool) -> MeetingCard:
    return MeetingCard(
        meeting_id=row.meeting_id, title=row.title, starts_at=row.starts_at,
        ends_at=row.ends_at,
        place=_place(row), cancelled=row.cancelled_at is not None,
        cancel_reason=row.cancel_reason, started=started, admission=row.admission.value,
        status=row.status.value if row.status else None,
        waitlist_position=row.waitlist_position, registration_id=row.registration_id,
        seats_left=row.seats, joinable=joinable, next_url=next_url, today=today,
        promoted=promoted, heading=heading, swapped=swapped)


# The cards are looked up by their row (a tuple, quick to compare) and what the page adds to
# it; a MeetingCard is made only when a card is rendered.

def meeting_card(row, next_url: str, show_day: bool = True, promoted: bool = False,
                 heading: str = "h3"):
    """A meeting as a card in a list: title, time, place and its controls. `row` is one of
    services.coming_for's or services.open_meetings_for's (the citizen may join them all)."""
    today = services.local_day(utcnow()) if show_day else None
    return fragment_of("meetings/_card.html", _card, (
        row, next_url, True, today, promoted, heading, False, services.has_started(row)))


def meeting_actions(row, next_url: str, joinable: bool, swapped: bool = False):
    """A meeting's controls only: seats left, the citizen's place and the buttons. `row` is
    one of services.meetings_of_offer's or services.meeting_row's."""
    return fragment_of("meetings/_actions.html", _card, (
        row, next_url, joinable, None, False, "h3", swapped, services.has_started(row)))


@dataclass(frozen=True)
class OfferMeeting:
    """A meeting on its offer's page, all but its controls: when, its own place if not the
    offer's, and, without controls, that it is cancelled or how many seats are left."""

    starts_at: datetime
    ends_at: datetime
    place: tuple[str, str, str, str] | None
    controls: bool
    cancelled: bool
    cancel_reason: str | None
    seats_left: int


def _offer_meeting(row, offer_location_id: int, controls: bool) -> OfferMeeting:
    elsewhere = row.location_id and row.location_id != offer_location_id
    return OfferMeeting(
        starts_at=row.starts_at, ends_at=row.ends_at,
        place=_place(row) if elsewhere else None,
        controls=controls, cancelled=row.cancelled_at is not None,
        cancel_reason=row.cancel_reason, seats_left=row.seats)


def offer_meeting(row, offer_location_id: int, controls: bool):
    """`row` is one of services.meetings_of_offer's; with `controls`, meeting_actions()
    follows it."""
    return fragment_of("meetings/_offer_meeting.html", _offer_meeting,
                       (row, offer_location_id, bool(controls)))
