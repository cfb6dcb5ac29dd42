"""Group offers, the municipalities and the places where they meet."""

from __future__ import annotations

import enum
import unicodedata
from datetime import date, datetime
from typing import TYPE_CHECKING
from urllib.parse import quote_plus

import snowballstemmer
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    bindparam,
    event,
    inspect,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.enrolments.models import Package
from webapp.extensions import db
from webapp.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from webapp.auth.models import User
    from webapp.meetings.models import Meeting

MAP_SEARCH = "https://www.google.com/maps/search/?api=1&query="


class Municipality(db.Model):
    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    #: the official four-digit municipality code (Ishøj 183, Vallensbæk 187)
    code: Mapped[str] = mapped_column(String(4), unique=True)


class Location(db.Model):
    __tablename__ = "locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(200))
    postcode: Mapped[str] = mapped_column(String(4))
    city: Mapped[str] = mapped_column(String(80))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    step_free: Mapped[bool] = mapped_column(Boolean, default=False)
    #: plain words about getting in: lift, ramp, door buttons, toilets
    access_note: Mapped[str | None] = mapped_column(Text)

    municipality: Mapped[Municipality] = relationship()

    @property
    def map_url(self) -> str:
        """Opens the address in Google Maps: the app on Android and iPhone, else the browser."""
        return MAP_SEARCH + quote_plus(f"{self.address}, {self.postcode} {self.city}")


class LegalBasis(enum.Enum):
    S82A = "82a"  # preventive group offer, no formal assessment (visitation)
    S85 = "85"  # socio-pedagogical support: an afklaringsforløb, or a package after VUM


class OfferKind(enum.Enum):
    OPEN = "open"  # løbende
    TIME_LIMITED = "time_limited"  # tidsafgrænset


class Admission(enum.Enum):
    DROP_IN = "drop_in"
    ASK_TO_JOIN = "ask_to_join"
    THROUGH_COUNSELLOR = "through_counsellor"


class OfferStatus(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Topic(enum.Enum):
    TRANSPORT = "transport"
    ANXIETY = "anxiety"
    SOCIAL_SKILLS = "social_skills"
    DAILY_STRUCTURE = "daily_structure"
    ECONOMY = "economy"
    FOOD = "food"
    MOVEMENT = "movement"
    CALM = "calm"  # NADA, relaxation
    COMMUNITY = "community"


offer_facilitators = Table(
    "offer_facilitators",
    db.metadata,
    Column("offer_id", ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


# -- The catalogue's search text ----------------------------------------------------------
#
# The search forgives how a word is typed: any case, accents or not, æ/ø/å written as
# ae/oe/aa or as a/o/a ("gaatur" and "gatur" both find "Gåtur"), and a Danish ending more
# or less ("biblioteket" finds "Ishøj Bibliotek"). The stored text holds each text folded
# both ways; a searched word is stemmed, then folded the first way (see search_words).

#: æ, ø and å as two letters, as Danes type them without a Danish keyboard
_AS_PAIRS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
#: and as the one letter they look like
_AS_SINGLE = str.maketrans({"æ": "a", "ø": "o", "å": "a"})
#: the most words of a search that are looked for (the rest are ignored)
MAX_SEARCH_WORDS = 8
_danish = snowballstemmer.stemmer("danish")


def fold(text: str, letters=_AS_PAIRS) -> str:
    """Lower case, æ/ø/å as ae/oe/aa (or with `_AS_SINGLE` as a/o/a), accents left off
    ("Café" is "cafe"). Python's lower case, which knows Æ, Ø and Å (SQLite's lower() only
    knows A–Z)."""
    text = unicodedata.normalize("NFC", text).lower().translate(letters)
    return "".join(char for char in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(char))


def search_text_of(*texts: str | None) -> str:
    """What the catalogue's search looks in: the texts one per line, folded with æ/ø/å as
    ae/oe/aa, then (if that differs) again with æ/ø/å as a/o/a."""
    text = "\n".join(text or "" for text in texts)
    pairs, single = fold(text), fold(text, _AS_SINGLE)
    return pairs if pairs == single else f"{pairs}\n{single}"


def search_words(query: str) -> list[str]:
    """The words of a search as the search text holds them: each stemmed (Danish: an ending
    such as -en, -et, -erne is left off, so the word's stem is what must be found) and folded
    with æ/ø/å as ae/oe/aa, which the search text holds as well as a/o/a."""
    words = unicodedata.normalize("NFC", query).lower().split()[:MAX_SEARCH_WORDS]
    return [fold(_danish.stemWord(word)) for word in words]


def _place_texts(connection, location_id: int | None) -> tuple[str, ...]:
    """The words of an offer's place that its search text holds: the place's name, address,
    postcode and town, and its municipality's name."""
    row = connection.execute(
        select(Location.name, Location.address, Location.postcode, Location.city,
               Municipality.name)
        .join(Municipality, Municipality.id == Location.municipality_id)
        .where(Location.id == location_id)).first()
    return tuple(row) if row else ()


def _search_text_default(context) -> str:
    row = context.get_current_parameters()
    return search_text_of(row.get("title"), row.get("summary"), row.get("description"),
                          *_place_texts(context.connection, row.get("location_id")))


def refresh_search_text(connection, *where) -> None:
    """Write the search text again for the offers that match `where` (all without), e.g.
    after their place was renamed: one query, and one UPDATE statement for them all."""
    rows = connection.execute(
        select(Offer.id, Offer.title, Offer.summary, Offer.description, Location.name,
               Location.address, Location.postcode, Location.city, Municipality.name)
        .join(Location, Location.id == Offer.location_id)
        .join(Municipality, Municipality.id == Location.municipality_id)
        .where(*where)).all()
    if rows:
        table = Offer.__table__
        connection.execute(
            table.update().where(table.c.id == bindparam("offer_id"))
            .values(search_text=bindparam("text")),
            [{"offer_id": offer_id, "text": search_text_of(*texts)}
             for offer_id, *texts in rows])


#: The search's index, made on SQLite only: PostgreSQL limits an index entry to a third of a
#: page, and a description may be longer. (name, dialect)
SEARCH_INDEX = ("ix_offers_status_title_search", "sqlite")


class Offer(db.Model):
    __tablename__ = "offers"
    __table_args__ = (
        # § 85 courses are only joined through a counsellor; § 82 a offers never are.
        CheckConstraint(
            "(legal_basis = '85' AND admission = 'through_counsellor') OR "
            "(legal_basis = '82a' AND admission <> 'through_counsellor')",
            name="admission_matches_legal_basis",
        ),
        # Only a § 85 course gives a § 85 package.
        CheckConstraint("package IS NULL OR legal_basis = '85'", name="package_only_85"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on",
                        name="dates_in_order"),
        # The catalogue lists published offers by title: a page is read off this index in
        # order, without sorting every offer.
        Index("ix_offers_status_title", "status", "title", "id"),
        # A search reads the text off this index too, not off the offers' long rows.
        Index(SEARCH_INDEX[0], "status", "title", "id", "search_text").ddl_if(
            dialect=SEARCH_INDEX[1]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    who_for: Mapped[str] = mapped_column(Text, default="")
    what_you_get: Mapped[str] = mapped_column(Text, default="")
    #: what a citizen brings along, e.g. clothes to walk in and a packed lunch
    what_to_bring: Mapped[str] = mapped_column(String(300), default="", server_default="")
    #: title, summary, description and the place's words for the search (search_text_of):
    #: set on every insert, also in bulk, and by the ORM when an offer or its place changes
    search_text: Mapped[str] = mapped_column(Text, default=_search_text_default,
                                             server_default="")
    topic: Mapped[Topic] = mapped_column(enum_column(Topic), index=True)
    legal_basis: Mapped[LegalBasis] = mapped_column(enum_column(LegalBasis))
    kind: Mapped[OfferKind] = mapped_column(enum_column(OfferKind))
    admission: Mapped[Admission] = mapped_column(enum_column(Admission))
    #: the § 85 package the course gives, which says how a citizen gets in: to an
    #: afklaringsforløb a counsellor or an adviser refers them at once, without an assessment
    #: (uvisiteret); the other packages follow an assessment (visitation, VUM). None for
    #: § 82 a offers, and for a § 85 course where no package was chosen.
    package: Mapped[Package | None] = mapped_column(enum_column(Package))
    status: Mapped[OfferStatus] = mapped_column(
        enum_column(OfferStatus), default=OfferStatus.DRAFT
    )
    #: only time-limited offers have dates; open offers run until archived
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    #: seats per meeting unless a meeting overrides it
    capacity: Mapped[int] = mapped_column(Integer)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    #: locale codes of the languages the group is held in, e.g. ["da", "en"]
    languages: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["da"])
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    location: Mapped[Location] = relationship()
    facilitators: Mapped[list[User]] = relationship(secondary=offer_facilitators,
                                                    order_by="User.id")
    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="offer", order_by="Meeting.starts_at"
    )

    @property
    def is_clarification(self) -> bool:
        """An afklaringsforløb: a counsellor or an adviser refers the citizen at once, with no
        assessment first (§ 85 quality standard, "Tildeling" and "Visitation")."""
        return self.package is Package.CLARIFICATION


@event.listens_for(Offer, "before_update")
def _search_text_on_update(mapper, connection, offer: Offer) -> None:
    offer.search_text = search_text_of(offer.title, offer.summary, offer.description,
                                       *_place_texts(connection, offer.location_id))


def _changed(target, *names: str) -> bool:
    state = inspect(target)
    return any(state.attrs[name].history.has_changes() for name in names)


@event.listens_for(Location, "after_update")
def _place_changed(mapper, connection, location: Location) -> None:
    """An offer finds its place's words: a renamed or moved place renames them too."""
    if _changed(location, "name", "address", "postcode", "city", "municipality_id"):
        refresh_search_text(connection, Offer.location_id == location.id)


@event.listens_for(Municipality, "after_update")
def _municipality_renamed(mapper, connection, municipality: Municipality) -> None:
    if _changed(municipality, "name"):
        refresh_search_text(connection, Location.municipality_id == municipality.id)
