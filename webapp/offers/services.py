"""Queries about offers: the catalogue's search and filters, and the offer page.

Each page runs a fixed number of queries, whatever the number of offers and meetings: the
offers with their place in one, the next meeting of every offer on the page in one, and the
seats left at those meetings in one.
"""

import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from time import monotonic
from typing import NamedTuple
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

from babel import Locale
from babel.lists import format_list
from flask import current_app, has_app_context
from flask_babel import get_locale
from sqlalchemy import (
    Integer,
    Row,
    bindparam,
    event,
    exists,
    extract,
    func,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

from webapp.enrolments.models import CURRENT_ENROLMENT, Enrolment
from webapp.extensions import db, one_of, read
from webapp.meetings.models import Meeting
from webapp.meetings.services import seats_column
from webapp.offers.models import (
    Admission,
    Location,
    Municipality,
    Offer,
    OfferKind,
    OfferStatus,
    Topic,
    offer_facilitators,
    search_text_of,
)
from webapp.paging import Page, page_bounds
from webapp.types import utcnow

COPENHAGEN = "Europe/Copenhagen"
PER_PAGE = 10
#: page numbers above this are certainly out of range (and could overflow the offset)
MAX_PAGE = 100_000
#: how many coming meetings the offer page lists
NEXT_MEETINGS = 8
#: a meeting's time of day by its start in Copenhagen: from hour, up to (not including) hour
TIMES_OF_DAY = {"morning": (0, 12), "afternoon": (12, 17), "evening": (17, 24)}
MAP_SEARCH = "https://www.google.com/maps/search/?api=1&query="


# -- SQL functions that work the same on SQLite and PostgreSQL --------------------------------

class local_weekday(GenericFunction):
    """The ISO weekday (Monday is 1) of a stored UTC time, in Copenhagen."""

    type = Integer()
    name = "sammen_local_weekday"
    inherit_cache = True


class local_hour(GenericFunction):
    """The hour (0–23) of a stored UTC time, in Copenhagen."""

    type = Integer()
    name = "sammen_local_hour"
    inherit_cache = True


def _pg_local(element):
    # Stored as UTC without a zone: read it as UTC, then turn it into Copenhagen wall time.
    return func.timezone(COPENHAGEN, func.timezone("UTC", *element.clauses))


@compiles(local_weekday, "postgresql")
def _pg_weekday(element, compiler, **kw):
    return compiler.process(extract("isodow", _pg_local(element)), **kw)


@compiles(local_hour, "postgresql")
def _pg_hour(element, compiler, **kw):
    return compiler.process(extract("hour", _pg_local(element)), **kw)


def _copenhagen(value: str | None) -> datetime | None:
    if value is None:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=UTC).astimezone(ZoneInfo(COPENHAGEN))


@event.listens_for(Engine, "connect")
def _sqlite_functions(dbapi_connection, connection_record):
    """Give SQLite the functions above (PostgreSQL has them built in)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        add = dbapi_connection.create_function
        add("sammen_local_weekday", 1, lambda v: v and _copenhagen(v).isoweekday(),
            deterministic=True)
        add("sammen_local_hour", 1, lambda v: v and _copenhagen(v).hour, deterministic=True)


# -- The catalogue -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Criteria:
    """What a citizen looks for; None means any."""

    text: str = ""
    topic: Topic | None = None
    municipality_id: int | None = None
    #: ISO weekday, Monday is 1
    weekday: int | None = None
    #: a key of TIMES_OF_DAY
    time_of_day: str | None = None
    admission: Admission | None = None


class CatalogueRow(NamedTuple):
    """An offer on a page of the catalogue (its query's columns but the number of matches)."""

    offer_id: int
    title: str
    summary: str
    kind: OfferKind
    admission: Admission
    location_id: int
    place: str
    municipality: str


class NextMeeting(NamedTuple):
    """An offer's next coming meeting on its card: when, where (its own place, or the
    offer's), and the seats left there."""

    starts_at: datetime
    location_id: int | None
    place: str | None
    seats: int


# The catalogue's and the offer page's queries are built once per shape (which filters are
# set), on first use, and run with bound parameters: building a SQLAlchemy statement (and its
# cache key) took longer than running it.

@cache
def _published_count_query():
    return select(func.count()).select_from(Offer).where(Offer.status == OfferStatus.PUBLISHED)


def published_offer_count() -> int:
    return read(_published_count_query()).scalar()


@cache
def _municipalities_query():
    return select(Municipality.id, Municipality.name).order_by(Municipality.name)


#: how long a process keeps the municipalities for the catalogue's filter, in seconds
MUNICIPALITIES_KEPT = 60
_KEPT_MUNICIPALITIES = "sammen.municipalities"


def municipalities() -> list[Row]:
    """The municipalities (rows with id and name), for the filter. They change only when an
    administrator adds or renames one, so each process keeps them a minute (a change made in
    the process is seen at once): reading them took a twentieth of the catalogue's time."""
    kept = current_app.extensions.get(_KEPT_MUNICIPALITIES)
    now = monotonic()
    if kept is None or now - kept[0] >= MUNICIPALITIES_KEPT:
        kept = current_app.extensions[_KEPT_MUNICIPALITIES] = (
            now, read(_municipalities_query()).all())
    return kept[1]


@event.listens_for(Municipality, "after_insert")
@event.listens_for(Municipality, "after_update")
@event.listens_for(Municipality, "after_delete")
def _forget_municipalities(_mapper, _connection, _municipality) -> None:
    if has_app_context():
        current_app.extensions.pop(_KEPT_MUNICIPALITIES, None)


def _upcoming() -> tuple:
    """A meeting still ahead (of the bound `now`) and not cancelled."""
    return Meeting.starts_at > bindparam("now"), Meeting.cancelled_at.is_(None)


@dataclass(frozen=True)
class _Shape:
    """Which criteria are set: one built query per shape."""

    text: bool
    topic: bool
    admission: bool
    municipality: bool
    weekday: bool
    time_of_day: bool

    @classmethod
    def of(cls, criteria: Criteria) -> "_Shape":
        return cls(bool(criteria.text), bool(criteria.topic), bool(criteria.admission),
                   bool(criteria.municipality_id), bool(criteria.weekday),
                   bool(criteria.time_of_day))


def _conditions(shape: _Shape) -> list:
    """The WHERE clause for published offers matching criteria of this shape."""
    where = [Offer.status == OfferStatus.PUBLISHED]
    if shape.text:
        where.append(Offer.search_text.like(bindparam("pattern"), escape="/"))
    if shape.topic:
        where.append(Offer.topic == bindparam("topic", type_=Offer.topic.type))
    if shape.admission:
        where.append(Offer.admission == bindparam("admission", type_=Offer.admission.type))
    if shape.municipality:
        where.append(Offer.location.has(Location.municipality_id == bindparam("municipality_id")))
    meeting = []
    if shape.weekday:
        meeting.append(local_weekday(Meeting.starts_at) == bindparam("weekday"))
    if shape.time_of_day:
        hour = local_hour(Meeting.starts_at)
        meeting += [hour >= bindparam("from_hour"), hour < bindparam("to_hour")]
    if meeting:
        # One and the same coming meeting must match both day and time.
        where.append(exists().where(Meeting.offer_id == Offer.id, *_upcoming(), *meeting))
    return where


def _parameters(criteria: Criteria) -> dict:
    """The bound values for the criteria (a query of another shape ignores the rest)."""
    # The same escaping as contains(autoescape=True): '/' escapes the LIKE wildcards.
    term = search_text_of(criteria.text).replace("/", "//").replace("%", "/%").replace("_", "/_")
    start, end = TIMES_OF_DAY.get(criteria.time_of_day or "", (None, None))
    return {"pattern": f"%{term}%", "topic": criteria.topic, "admission": criteria.admission,
            "municipality_id": criteria.municipality_id, "weekday": criteria.weekday,
            "from_hour": start, "to_hour": end, "now": utcnow()}


@cache
def _catalogue_queries(shape: _Shape) -> tuple:
    """A page of the matching offers as the cards' rows: the CatalogueRow, the number of all
    matches, and the NextMeeting (or NULLs), so one query is enough; and the count alone, for
    a page out of range."""
    where = _conditions(shape)
    count = select(func.count()).select_from(Offer).where(*where)
    # The page is read in title order off ix_offers_status_title and stops after a page;
    # the number of matches is a subquery the database runs once (a window count over the
    # matches made it sort them all).
    offers, places, towns = Offer.__table__, Location.__table__, Municipality.__table__
    page = (
        select(offers.c.id.label("offer_id"), offers.c.title, offers.c.summary, offers.c.kind,
               offers.c.admission, offers.c.location_id, places.c.name.label("place"),
               towns.c.name.label("municipality"), count.scalar_subquery().label("total"))
        .select_from(offers.join(places, places.c.id == offers.c.location_id)
                     .join(towns, towns.c.id == places.c.municipality_id))
        .where(*where)
        .order_by(offers.c.title, offers.c.id)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
        .subquery("page")
    )
    # Only the page's offers then look up their next meeting.
    meetings, its_place = Meeting.__table__, places.alias("next_place")
    cards = (
        select(page, meetings.c.starts_at, meetings.c.location_id.label("next_location_id"),
               its_place.c.name.label("next_place"), seats_column())
        .select_from(page.join(offers, offers.c.id == page.c.offer_id)
                     .outerjoin(meetings, meetings.c.id == _first_coming(page.c.offer_id))
                     .outerjoin(its_place, its_place.c.id == meetings.c.location_id))
        .order_by(page.c.title, page.c.offer_id)
    )
    return cards, count


def find_offers(criteria: Criteria, page: int) -> Page:
    """A page of the published offers that match, alphabetically, each as a CatalogueRow and
    its NextMeeting or None, for offers.cards.offer_card, in one query. A page out of range
    shows the nearest page."""
    page_query, count = _catalogue_queries(_Shape.of(criteria))
    parameters = _parameters(criteria)

    def rows_of(number: int) -> list:
        return read(page_query, {**parameters, "limit": PER_PAGE,
                                 "offset": (number - 1) * PER_PAGE}).all()

    page = max(page, 1)
    # A page number from a URL can be anything; far out of range, only count.
    rows = rows_of(page) if page <= MAX_PAGE else []
    if rows:
        total = rows[0].total
        pages = page_bounds(total, page, PER_PAGE)[1]
    else:
        total = read(count, parameters).scalar()
        page, pages, _offset = page_bounds(total, page, PER_PAGE)
        rows = rows_of(page) if total else []
    return Page(items=[(CatalogueRow(*row[:8]), NextMeeting(*row[9:]) if row.starts_at else None)
                       for row in rows],
                page=page, pages=pages, total=total)


def _first_coming(offer_id):
    """The id of the offer's next coming meeting that is not cancelled, read off
    ix_course_sessions_offer_starts up to that meeting (a MIN over the coming meetings read
    all of them, a year of them)."""
    coming = Meeting.__table__.alias("coming")
    return (
        select(coming.c.id)
        .where(coming.c.offer_id == offer_id, coming.c.starts_at > bindparam("now"),
               coming.c.cancelled_at.is_(None))
        .order_by(coming.c.starts_at, coming.c.id)
        .limit(1)
        .correlate(offer_id.table)
        .scalar_subquery()
    )


@cache
def _next_meetings_query():
    meetings, offers, places = Meeting.__table__, Offer.__table__, Location.__table__
    return (
        select(meetings.c.offer_id, meetings.c.starts_at, meetings.c.location_id,
               places.c.name.label("place"), seats_column())
        .select_from(offers.join(meetings, meetings.c.id == _first_coming(offers.c.id))
                     .outerjoin(places, places.c.id == meetings.c.location_id))
        .where(offers.c.id.in_(bindparam("ids", expanding=True)))
    )


def next_meetings(offer_ids: list[int], now: datetime | None = None) -> dict[int, Row]:
    """The next coming, not cancelled meeting of each offer, in one query: {offer_id: row
    with its start, its own place (location_id and place, or none) and seats}."""
    if not offer_ids:
        return {}
    rows = read(_next_meetings_query(), {"ids": list(offer_ids), "now": now or utcnow()})
    return {meeting.offer_id: meeting for meeting in rows}


# -- The offer page ----------------------------------------------------------------------------

@dataclass(frozen=True)
class OfferPage:
    """An offer as its page shows it, all but the meetings and where the reader stands: what
    it is, where, in which languages, whom you meet, and how to get in. Its text is rendered
    once per language for everyone (the fragments offers/_about.html and _joining.html)."""

    id: int
    title: str
    summary: str
    description: str
    who_for: str
    what_you_get: str
    status: OfferStatus
    kind: OfferKind
    admission: Admission
    starts_on: date | None
    ends_on: date | None
    location_id: int
    place_name: str
    place_address: str
    place_postcode: str
    place_city: str
    municipality: str
    step_free: bool
    access_note: str | None
    #: locale codes, e.g. ("da", "en"); none means Danish (languages_in_words)
    languages: tuple[str, ...]
    #: the facilitators' first names
    facilitators: tuple[str, ...]

    @property
    def map_url(self) -> str:
        return map_url(self.place_address, self.place_postcode, self.place_city)


@cache
def _offer_page_query(include_unpublished: bool):
    offers, places, towns = Offer.__table__, Location.__table__, Municipality.__table__
    query = (
        select(offers.c.id, offers.c.title, offers.c.summary, offers.c.description,
               offers.c.who_for, offers.c.what_you_get, offers.c.status, offers.c.kind,
               offers.c.admission, offers.c.starts_on, offers.c.ends_on, offers.c.location_id,
               places.c.name.label("place_name"), places.c.address.label("place_address"),
               places.c.postcode.label("place_postcode"), places.c.city.label("place_city"),
               towns.c.name.label("municipality"), places.c.step_free, places.c.access_note,
               offers.c.languages)
        .select_from(offers.join(places, places.c.id == offers.c.location_id)
                     .join(towns, towns.c.id == places.c.municipality_id))
        .where(offers.c.id == bindparam("offer_id"))
    )
    return query if include_unpublished else query.where(
        offers.c.status == OfferStatus.PUBLISHED)


@cache
def _facilitators_query():
    from webapp.auth.models import User

    return (
        select(User.__table__.c.name)
        .join(offer_facilitators, offer_facilitators.c.user_id == User.__table__.c.id)
        .where(offer_facilitators.c.offer_id == bindparam("offer_id"))
        .order_by(User.__table__.c.id)
    )


def offer_for_page(offer_id: int, include_unpublished: bool = False) -> OfferPage | None:
    """A published offer (any offer for staff) as its page shows it, or None, in two
    queries built once."""
    from webapp.auth.models import first_name_of

    row = read(_offer_page_query(include_unpublished), {"offer_id": offer_id}).one_or_none()
    if row is None:
        return None
    names = read(_facilitators_query(), {"offer_id": offer_id}).scalars()
    return OfferPage(**{**row._asdict(), "languages": tuple(row.languages or ()),
                        "facilitators": tuple(first_name_of(name) for name in names)})


def in_words(items: list[str]) -> str:
    """'Jonas og Amira' / 'Jonas and Amira', in the reader's language."""
    return format_list(items, locale=get_locale()) if items else ""


def languages_in_words(codes) -> str:
    """'Dansk og engelsk' / 'Danish and English', in the reader's language."""
    locale = get_locale()
    text = in_words([Locale.parse(code).get_display_name(locale) or code
                     for code in codes or ["da"]])
    return text[:1].upper() + text[1:]


def map_url(address: str, postcode: str, city: str) -> str:
    """Opens the address in Google Maps: the app on Android and iPhone, else the browser."""
    return MAP_SEARCH + quote_plus(f"{address}, {postcode} {city}")


# -- Enrolments --------------------------------------------------------------------------------

@cache
def _current_enrolment_query():
    return select(Enrolment).where(
        Enrolment.citizen_id == bindparam("citizen_id"),
        Enrolment.offer_id == bindparam("offer_id"),
        one_of(Enrolment.status, CURRENT_ENROLMENT))


def current_enrolment(citizen_id: int, offer_id: int) -> Enrolment | None:
    """The citizen's place, or place on the waiting list, in the offer's group."""
    return db.session.scalar(_current_enrolment_query(),
                             {"citizen_id": citizen_id, "offer_id": offer_id})
