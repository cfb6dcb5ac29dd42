"""Every staff read or change of a citizen's data leaves an audit event."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.auth.models import Role
from webapp.extensions import db
from webapp.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from webapp.auth.models import User


class AuditAction(enum.Enum):
    VIEW = "view"
    CHANGE = "change"


class AuditPurpose(enum.Enum):
    """Why staff looked at or changed a citizen's data. The value is stored; the citizen
    reads it in their own language (webapp.audit.services.PURPOSE_TEXTS)."""

    MEETING = "meeting"
    GOALS = "goals"
    REFERRAL = "referral"
    REFERRAL_ANSWER = "referral_answer"
    #: a counsellor takes an inquiry, or puts it back in the queue (no look at the citizen's
    #: data: logged without the citizen)
    REFERRAL_TAKEN = "referral_taken"
    REFERRAL_RELEASED = "referral_released"
    ATTENDANCE = "attendance"
    COURSE = "course"
    ENROLMENT = "enrolment"
    ENROLMENT_END = "enrolment_end"


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_subject_at", "subject_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: who looked or changed (staff or admin)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: the actor's role at the time: the citizen sees "a counsellor" or "an administrator"
    actor_role: Mapped[Role] = mapped_column(enum_column(Role))
    #: whose data it was
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction))
    #: what was touched, e.g. "referral", "goal", "user"
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    #: why: an AuditPurpose value, shown in the reader's language (rows from before the
    #: codes that no code matched keep their Danish words, shown as they are)
    purpose: Mapped[str] = mapped_column(String(200))

    actor: Mapped[User] = relationship(foreign_keys=[actor_id])
    subject: Mapped[User | None] = relationship(foreign_keys=[subject_id])
