"""Queries about offers: the catalogue's search and filters, and the offer page.

Each page runs a fixed number of queries, whatever the number of offers and meetings: a page
of the catalogue is one query (the offers with their place, each with its next meeting and
the seats left there), and the offer page is two (the offer with its place, and its
facilitators).
"""

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.lists import format_list
from flask_babel import get_locale
from sqlalchemy import Integer, Row, and_, event, exists, extract, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased, joinedload, selectinload
from sqlalchemy.sql.functions import GenericFunction

from webapp.extensions import db
from webapp.meetings.models import Meeting
from webapp.meetings.services import seats_column
from webapp.offers.models import (
    Admission,
    Location,
    Municipality,
    Offer,
    OfferStatus,
    Topic,
    search_words,
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


def published_offer_count() -> int:
    return db.session.scalar(
        select(func.count()).select_from(Offer).where(Offer.status == OfferStatus.PUBLISHED))


def municipalities() -> list[Row]:
    """The municipalities (rows with id and name), for the filter."""
    return db.session.execute(
        select(Municipality.id, Municipality.name).order_by(Municipality.name)).all()


def _conditions(criteria: Criteria, now: datetime) -> list:
    """The WHERE clause for published offers matching the criteria."""
    where = [Offer.status == OfferStatus.PUBLISHED]
    # Every word must be found (search_words says how they are compared). '/' escapes the
    # LIKE wildcards: a '%' or '_' searched for is taken literally.
    where += [Offer.search_text.contains(word, autoescape=True)
              for word in search_words(criteria.text)]
    if criteria.topic:
        where.append(Offer.topic == criteria.topic)
    if criteria.admission:
        where.append(Offer.admission == criteria.admission)
    if criteria.municipality_id:
        where.append(Offer.location.has(Location.municipality_id == criteria.municipality_id))
    meeting = []
    if criteria.weekday:
        meeting.append(local_weekday(Meeting.starts_at) == criteria.weekday)
    if criteria.time_of_day in TIMES_OF_DAY:
        start, end = TIMES_OF_DAY[criteria.time_of_day]
        hour = local_hour(Meeting.starts_at)
        meeting += [hour >= start, hour < end]
    if meeting:
        # One and the same coming meeting must match both day and time.
        where.append(exists().where(Meeting.offer_id == Offer.id, Meeting.starts_at > now,
                                    Meeting.cancelled_at.is_(None), *meeting))
    return where


def _first_coming(offer_id, now: datetime):
    """The id of the offer's next coming meeting that is not cancelled, read off
    ix_course_sessions_offer_starts up to that meeting (a MIN over the coming meetings read
    all of them, a year of them)."""
    coming = aliased(Meeting, name="coming")
    return (
        select(coming.id)
        .where(coming.offer_id == offer_id, coming.starts_at > now,
               coming.cancelled_at.is_(None))
        .order_by(coming.starts_at, coming.id)
        .limit(1)
        .correlate_except(coming)
        .scalar_subquery()
    )


def _cards_query(where: list, count, number: int, now: datetime):
    """Page `number` of the matching offers as the cards' rows: the Offer, its place and
    municipality, the number of all matches (total), and its next coming meeting
    (next_starts_at; next_place, that meeting's own place when it is not the offer's; seats)
    or NULLs."""
    # The page is read in title order off ix_offers_status_title and stops after a page;
    # the number of matches is a subquery the database runs once (a window count over the
    # matches made it sort them all).
    page = (
        select(Offer.id, Offer.title, Location.name.label("place"),
               Municipality.name.label("municipality"), count.scalar_subquery().label("total"))
        .join(Offer.location)
        .join(Location.municipality)
        .where(*where)
        .order_by(Offer.title, Offer.id)
        .limit(PER_PAGE)
        .offset((number - 1) * PER_PAGE)
        .subquery("page")
    )
    # Only the page's offers then look up their next meeting.
    its_place = aliased(Location, name="next_place")
    return (
        select(Offer, page.c.place, page.c.municipality, page.c.total,
               Meeting.starts_at.label("next_starts_at"), its_place.name.label("next_place"),
               seats_column())
        .select_from(page)
        .join(Offer, Offer.id == page.c.id)
        .outerjoin(Meeting, Meeting.id == _first_coming(page.c.id, now))
        .outerjoin(its_place, and_(its_place.id == Meeting.location_id,
                                   Meeting.location_id != Offer.location_id))
        .order_by(page.c.title, page.c.id)
    )


def find_offers(criteria: Criteria, page: int) -> Page:
    """A page of the published offers that match, alphabetically, as the cards' rows (see
    _cards_query), in one query. A page out of range shows the nearest page."""
    now = utcnow()
    where = _conditions(criteria, now)
    count = select(func.count()).select_from(Offer).where(*where)

    def rows_of(number: int) -> list[Row]:
        return db.session.execute(_cards_query(where, count, number, now)).all()

    page = max(page, 1)
    # A page number from a URL can be anything; far out of range, only count.
    rows = rows_of(page) if page <= MAX_PAGE else []
    if rows:
        total = rows[0].total
        pages = page_bounds(total, page, PER_PAGE)[1]
    else:
        total = db.session.scalar(count)
        page, pages, _offset = page_bounds(total, page, PER_PAGE)
        rows = rows_of(page) if total else []
    return Page(items=rows, page=page, pages=pages, total=total)


def next_meetings(offer_ids: list[int], now: datetime | None = None) -> dict[int, Row]:
    """The next coming, not cancelled meeting of each offer, in one query: {offer_id: row
    with its start, its own place (location_id and place, or none) and seats}."""
    if not offer_ids:
        return {}
    rows = db.session.execute(
        select(Meeting.offer_id, Meeting.starts_at, Meeting.location_id,
               Location.name.label("place"), seats_column())
        .select_from(Offer)
        .join(Meeting, Meeting.id == _first_coming(Offer.id, now or utcnow()))
        .outerjoin(Location, Location.id == Meeting.location_id)
        .where(Offer.id.in_(offer_ids)))
    return {meeting.offer_id: meeting for meeting in rows}


# -- The offer page ----------------------------------------------------------------------------

def offer_for_page(offer_id: int, include_unpublished: bool = False) -> Offer | None:
    """A published offer (any offer for staff), or None, with what its page shows: its
    place and municipality (joined) and its facilitators (a second query)."""
    query = (
        select(Offer)
        .where(Offer.id == offer_id)
        .options(joinedload(Offer.location).joinedload(Location.municipality),
                 selectinload(Offer.facilitators))
    )
    if not include_unpublished:
        query = query.where(Offer.status == OfferStatus.PUBLISHED)
    return db.session.scalar(query)


def in_words(items: list[str]) -> str:
    """'Jonas og Amira' / 'Jonas and Amira', in the reader's language."""
    return format_list(items, locale=get_locale()) if items else ""


def languages_in_words(codes) -> str:
    """'Dansk og engelsk' / 'Danish and English', in the reader's language; none is Danish."""
    locale = get_locale()
    text = in_words([Locale.parse(code).get_display_name(locale) or code
                     for code in codes or ["da"]])
    return text[:1].upper() + text[1:]
