"""A meeting as citizens see it in a list, and its controls, as fragments (see
webapp/templating.py): each is rendered from a `MeetingCard` that holds exactly what it shows,
so the HTML is shared by every request that shows the same meeting in the same state (the
open meetings on Kalender, for everyone who may join them), and a change to anything shown
(a seat taken, an afbud, a new day) is a new card."""

from dataclasses import dataclass
from datetime import date, datetime

from webapp.meetings import services
from webapp.templating import fragment
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


def card_of(meeting, registration, seats_left: int, next_url: str, joinable: bool = True,
            show_day: bool = True, promoted: bool = False, heading: str = "h3",
            swapped: bool = False) -> MeetingCard:
    """The card of a meeting (a CourseSession with its offer and places loaded) for the
    citizen with this registration (or none)."""
    place = meeting.effective_location
    now = utcnow()
    return MeetingCard(
        meeting_id=meeting.id, title=meeting.offer.title,
        starts_at=meeting.starts_at, ends_at=meeting.ends_at,
        place=(place.name, place.address, place.postcode, place.city),
        cancelled=meeting.is_cancelled, cancel_reason=meeting.cancel_reason,
        started=services.has_started(meeting), admission=meeting.offer.admission.value,
        status=registration.status.value if registration else None,
        waitlist_position=registration.waitlist_position if registration else None,
        registration_id=registration.id if registration else None,
        seats_left=seats_left, joinable=joinable, next_url=next_url,
        today=services.local_day(now) if show_day else None,
        promoted=promoted, heading=heading, swapped=swapped,
    )


def meeting_card(*args, **kwargs):
    """A meeting as a card in a list: title, time, place and its controls (arguments as for
    `card_of`)."""
    return fragment("meetings/_card.html", card_of(*args, **kwargs))


def meeting_actions(meeting, registration, seats_left: int, next_url: str, joinable: bool = True,
                    swapped: bool = False):
    """A meeting's controls only: seats left, the citizen's place and the buttons."""
    return fragment("meetings/_actions.html", card_of(
        meeting, registration, seats_left, next_url, joinable, show_day=False, swapped=swapped))
