"""A citizen's enrolment in an offer: its status, where it came from, and for § 85 courses the
package and the level of support."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from webapp.auth.models import User
    from webapp.offers.models import Offer


class EnrolmentStatus(enum.Enum):
    ACTIVE = "active"
    WAITLISTED = "waitlisted"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


#: an enrolment that holds a place in the group, or a place on its waiting list
CURRENT_ENROLMENT = (EnrolmentStatus.ACTIVE, EnrolmentStatus.WAITLISTED)


class EnrolmentSource(enum.Enum):
    SELF_REFERRAL = "self_referral"
    COUNSELLOR = "counsellor"


class Package(enum.Enum):
    """The § 85 packages of the quality standard."""

    CLARIFICATION = "clarification"  # afklaringsforløb, 4 months
    PACKAGE_1 = "package_1"  # group
    PACKAGE_2 = "package_2"  # group and individual
    PACKAGE_3 = "package_3"  # individual
    PHASE_OUT = "phase_out"  # udslusning, 3–6 months


class SupportLevel(enum.Enum):
    """Hours of support a week: let 1–2, moderat 2–4, stor 4–6, omfattende 6+."""

    LIGHT = "light"
    MODERATE = "moderate"
    HIGH = "high"
    EXTENSIVE = "extensive"


class Enrolment(db.Model):
    __tablename__ = "enrolments"
    __table_args__ = (
        # One current enrolment per citizen and offer; ended ones are kept as history.
        Index(
            "uq_enrolments_current",
            "citizen_id",
            "offer_id",
            unique=True,
            sqlite_where=text("status IN ('active', 'waitlisted')"),
            postgresql_where=text("status IN ('active', 'waitlisted')"),
        ),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id"), index=True)
    status: Mapped[EnrolmentStatus] = mapped_column(
        enum_column(EnrolmentStatus), default=EnrolmentStatus.ACTIVE
    )
    source: Mapped[EnrolmentSource] = mapped_column(enum_column(EnrolmentSource))
    #: § 85 only
    package: Mapped[Package | None] = mapped_column(enum_column(Package))
    #: § 85 only
    support_level: Mapped[SupportLevel | None] = mapped_column(enum_column(SupportLevel))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    citizen: Mapped[User] = relationship()
    offer: Mapped[Offer] = relationship()
    #: each change of package or support level, oldest first
    changes: Mapped[list[EnrolmentChange]] = relationship(
        back_populates="enrolment", order_by="EnrolmentChange.changed_at, EnrolmentChange.id",
        cascade="all, delete-orphan", passive_deletes=True)


class EnrolmentChange(db.Model):
    """A change of an ongoing enrolment's § 85 package or support level: when, who, from
    what and to what (each the same before and after when only the other changed). The
    enrolment holds the current package and level; this is their history."""

    __tablename__ = "enrolment_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    package_from: Mapped[Package | None] = mapped_column(
        enum_column(Package, name="package_from"))
    package_to: Mapped[Package | None] = mapped_column(enum_column(Package, name="package_to"))
    level_from: Mapped[SupportLevel | None] = mapped_column(
        enum_column(SupportLevel, name="level_from"))
    level_to: Mapped[SupportLevel | None] = mapped_column(
        enum_column(SupportLevel, name="level_to"))

    enrolment: Mapped[Enrolment] = relationship(back_populates="changes")
    changed_by: Mapped[User] = relationship()
