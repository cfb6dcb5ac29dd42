"""An offer's meetings, and a citizen's place at one: signed up, on the waiting list, afbud,
left the waiting list, attended."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from webapp.auth.models import User
    from webapp.offers.models import Location, Offer


class Meeting(db.Model):
    """One meeting of an offer."""

    __tablename__ = "course_sessions"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        Index("ix_course_sessions_offer_starts", "offer_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: None: the offer's default location
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    #: None: the offer's capacity
    capacity: Mapped[int | None] = mapped_column(Integer)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(String(300))

    offer: Mapped[Offer] = relationship(back_populates="meetings")
    location: Mapped[Location | None] = relationship()

    @property
    def effective_capacity(self) -> int:
        return self.capacity if self.capacity is not None else self.offer.capacity

    @property
    def effective_location(self) -> Location:
        return self.location or self.offer.location

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class RegistrationStatus(enum.Enum):
    SIGNED_UP = "signed_up"
    WAITLISTED = "waitlisted"
    ABSENT = "absent"  # afbud: called in absence in advance
    #: left the waiting list before getting a seat: not an afbud (no reason, not counted)
    LEFT_WAITLIST = "left_waitlist"
    ATTENDED = "attended"
    NO_SHOW = "no_show"


class AbsenceReason(enum.Enum):
    ILL = "ill"
    APPOINTMENT = "appointment"
    NOT_UP_TO_IT = "not_up_to_it"
    TRANSPORT = "transport"
    OTHER = "other"


class CheckInMethod(enum.Enum):
    SELF_QR = "self_qr"  # the citizen scanned the meeting's QR code
    STAFF = "staff"  # marked by the counsellor on the roster
    WALK_IN = "walk_in"  # added by the counsellor at the door


class Registration(db.Model):
    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("session_id", "citizen_id"),
        CheckConstraint(
            "(status = 'waitlisted') = (waitlist_position IS NOT NULL)",
            name="waitlist_position_iff_waitlisted",
        ),
        CheckConstraint("waitlist_position IS NULL OR waitlist_position > 0",
                        name="waitlist_position_positive"),
        Index("ix_registrations_session_status", "session_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the column keeps the name it had when meetings were called sessions
    meeting_id: Mapped[int] = mapped_column(
        "session_id", ForeignKey("course_sessions.id", ondelete="CASCADE"), index=True
    )
    citizen_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_column(RegistrationStatus), default=RegistrationStatus.SIGNED_UP
    )
    #: 1 is next in line; only set while waitlisted
    waitlist_position: Mapped[int | None] = mapped_column(Integer)
    signed_up_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: when a seat came to the citizen from the waiting list (Hjem tells them)
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    absent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    absence_reason: Mapped[AbsenceReason | None] = mapped_column(enum_column(AbsenceReason))
    absence_note: Mapped[str | None] = mapped_column(String(300))
    attended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    check_in_method: Mapped[CheckInMethod | None] = mapped_column(enum_column(CheckInMethod))

    meeting: Mapped[Meeting] = relationship()
    citizen: Mapped[User] = relationship(foreign_keys=[citizen_id])
    checked_in_by: Mapped[User | None] = relationship(foreign_keys=[checked_in_by_id])


class WalkIn(db.Model):
    """Someone the counsellor let in at the door, named by the e-mail they gave, until they
    check in with the meeting's QR code themselves. It grants nothing by itself: it names no
    account (so neither it nor the roster says whether one exists) and opens no citizen's
    data to staff. The citizen's own check-in turns it into an attended registration (made
    by the counsellor, as a walk-in), and then it is deleted."""

    __tablename__ = "walk_ins"
    __table_args__ = (UniqueConstraint("meeting_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("course_sessions.id", ondelete="CASCADE"))
    #: as typed, stripped and in lower case (as accounts store it)
    email: Mapped[str] = mapped_column(String(254))
    added_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    added_by: Mapped[User] = relationship()
