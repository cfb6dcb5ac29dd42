"""Every staff read or change of a citizen's data leaves an audit event."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from webapp.auth.models import User


class AuditAction(enum.Enum):
    VIEW = "view"
    CHANGE = "change"


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_subject_at", "subject_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: who looked or changed (staff or admin)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: whose data it was
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction))
    #: what was touched, e.g. "referral", "goal", "user"
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    #: why, in words the citizen can read, e.g. "behandling af henvendelse"
    purpose: Mapped[str] = mapped_column(String(200))

    actor: Mapped[User] = relationship(foreign_keys=[actor_id])
    subject: Mapped[User | None] = relationship(foreign_keys=[subject_id])
