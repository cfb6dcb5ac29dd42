"""Web Push subscriptions of citizens' devices, and which reminders went out."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from webapp.auth.models import User


class PushSubscription(db.Model):
    """One browser on one device that may show the citizen's reminders."""

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: the push service's address for this browser; secret, unique per browser
    endpoint: Mapped[str] = mapped_column(String(1000), unique=True)
    #: the browser's public key and auth secret (base64url) that encrypt the message
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()

    def as_info(self) -> dict:
        """The subscription as pywebpush (and the browser's PushSubscription.toJSON) has it."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class ReminderKind(enum.Enum):
    DAY_BEFORE = "day_before"  # the meeting is tomorrow
    PROMOTED = "promoted"  # a seat came from the waiting list
    CANCELLED = "cancelled"  # the meeting was cancelled


class SentReminder(db.Model):
    """A reminder that went out (or is going out): the unique constraint is what makes
    `flask send-reminders` safe to run again and again, also two at a time."""

    __tablename__ = "sent_reminders"
    __table_args__ = (UniqueConstraint("kind", "citizen_id", "session_id", "event_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ReminderKind] = mapped_column(enum_column(ReminderKind))
    citizen_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                            index=True)
    #: the column keeps the name it had when meetings were called sessions
    meeting_id: Mapped[int] = mapped_column(
        "session_id", ForeignKey("course_sessions.id", ondelete="CASCADE"), index=True
    )
    #: what the reminder is about: the meeting's start, the promotion or the cancellation, so
    #: a moved meeting or a second seat from the waiting list gets a reminder of its own
    event_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: how many of the citizen's devices took the message
    delivered: Mapped[int] = mapped_column(default=0)
