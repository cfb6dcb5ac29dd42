"""Group offers, the municipalities and the places where they meet."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING
from urllib.parse import quote_plus

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
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

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
    S82A = "82a"  # preventive group offer, no formal assessment
    S85 = "85"  # socio-pedagogical support after assessment (VUM)


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


def search_text_of(*texts: str | None) -> str:
    """What the catalogue's search looks in: the texts one per line, in lower case. Python's
    lower case, which knows Æ, Ø and Å (SQLite's lower() only knows A–Z); searches are
    lower-cased the same way."""
    return "\n".join(text or "" for text in texts).lower()


def _search_text_default(context) -> str:
    row = context.get_current_parameters()
    return search_text_of(row.get("title"), row.get("summary"), row.get("description"))


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
    #: title, summary and description for the search (search_text_of): set on every insert,
    #: also in bulk, and by the ORM when an offer changes
    search_text: Mapped[str] = mapped_column(Text, default=_search_text_default,
                                             server_default="")
    topic: Mapped[Topic] = mapped_column(enum_column(Topic), index=True)
    legal_basis: Mapped[LegalBasis] = mapped_column(enum_column(LegalBasis))
    kind: Mapped[OfferKind] = mapped_column(enum_column(OfferKind))
    admission: Mapped[Admission] = mapped_column(enum_column(Admission))
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


@event.listens_for(Offer, "before_update")
def _search_text_on_update(mapper, connection, offer: Offer) -> None:
    offer.search_text = search_text_of(offer.title, offer.summary, offer.description)
