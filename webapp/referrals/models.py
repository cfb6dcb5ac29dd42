"""Self-referrals (selvhenvendelser) to § 82 a offers, answered within 14 days."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from webapp.auth.models import User
    from webapp.offers.models import Offer

#: § 82 a quality standard: an inquiry is answered within 14 days of receipt
ANSWER_WITHIN_DAYS = 14


class ReferralStatus(enum.Enum):
    RECEIVED = "received"
    IN_REVIEW = "in_review"
    OFFERED = "offered"
    WAITLISTED = "waitlisted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


OPEN_REFERRAL_STATUSES = (ReferralStatus.RECEIVED, ReferralStatus.IN_REVIEW)
#: the answers that keep (or break) the 14-day promise
ANSWERED_STATUSES = (ReferralStatus.OFFERED, ReferralStatus.WAITLISTED, ReferralStatus.DECLINED)


class DeclineReason(enum.Enum):
    """The prepared plain-language reasons for not offering a place (shown translated)."""

    OTHER_GROUP = "other_group"  # another group suits the citizen better
    MORE_SUPPORT = "more_support"  # needs more support than the group gives
    OUTSIDE_AREA = "outside_area"  # lives outside Ishøj and Vallensbæk
    NOT_RUNNING = "not_running"  # the group does not take new participants now
    OTHER = "other"  # the counsellor writes the reason


class Referral(db.Model):
    __tablename__ = "referrals"
    __table_args__ = (
        # One undecided inquiry per citizen and offer.
        Index(
            "uq_referrals_open",
            "citizen_id",
            "offer_id",
            unique=True,
            sqlite_where=text("status IN ('received', 'in_review')"),
            postgresql_where=text("status IN ('received', 'in_review')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id"), index=True)
    #: what the citizen hopes to get from the group, in their own words
    hopes: Mapped[str | None] = mapped_column(Text)
    #: how to reach them: any of "phone", "email", "app"
    contact_methods: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: when to reach them: any of "morning", "afternoon", "evening"
    contact_times: Mapped[list[str]] = mapped_column(JSON, default=list)
    needs_interpreter: Mapped[bool] = mapped_column(Boolean, default=False)
    interpreter_language: Mapped[str | None] = mapped_column(String(60))
    needs_step_free: Mapped[bool] = mapped_column(Boolean, default=False)
    other_needs: Mapped[str | None] = mapped_column(Text)
    #: when the citizen consented to the processing of the inquiry
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[ReferralStatus] = mapped_column(
        enum_column(ReferralStatus), default=ReferralStatus.RECEIVED, index=True
    )
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: received date (Copenhagen) + 14 days
    answer_by: Mapped[date] = mapped_column(Date, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: the counsellor's reason in plain words, shown to the citizen when declined
    decision_note: Mapped[str | None] = mapped_column(Text)
    #: the prepared reason for a refusal, shown translated above the counsellor's own words
    decline_reason: Mapped[DeclineReason | None] = mapped_column(enum_column(DeclineReason))
    #: the counsellor who said "I'll take it", so two do not answer the same inquiry; None
    #: when no one has (or it was put back in the queue)
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    citizen: Mapped[User] = relationship(foreign_keys=[citizen_id])
    offer: Mapped[Offer] = relationship()
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])
    taken_by: Mapped[User | None] = relationship(foreign_keys=[taken_by_id])

    @property
    def is_open(self) -> bool:
        """Not answered or withdrawn yet: the citizen may still withdraw it."""
        return self.status in OPEN_REFERRAL_STATUSES
