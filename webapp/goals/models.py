"""A citizen's own goals and their check-ins."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from webapp.auth.models import User
    from webapp.offers.models import Offer


class GoalTheme(enum.Enum):
    """The themes of the adult assessment method (VUM)."""

    SELF_CARE = "self_care"  # egenomsorg
    PRACTICAL_TASKS = "practical_tasks"  # praktiske opgaver
    MOBILITY = "mobility"  # mobilitet
    COMMUNICATION = "communication"  # kommunikation
    RELATIONSHIPS = "relationships"  # relationer
    COMMUNITY_LIFE = "community_life"  # samfundsliv
    HEALTH = "health"  # sundhed


class GoalType(enum.Enum):
    """The national FFB goal types."""

    DEVELOP = "develop"  # Udvikle
    MAINTAIN = "maintain"  # Fastholde
    LIMIT_LOSS = "limit_loss"  # Begrænse tab


class GoalStatus(enum.Enum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    PAUSED = "paused"
    ARCHIVED = "archived"


class Goal(db.Model):
    __tablename__ = "goals"
    #: one goal per sending of the new-goal form (see goals.services.create_goal)
    __table_args__ = (Index("ix_goals_citizen_id_form_key", "citizen_id", "form_key",
                            unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: in the citizen's own words
    title: Mapped[str] = mapped_column(String(200))
    theme: Mapped[GoalTheme] = mapped_column(enum_column(GoalTheme))
    goal_type: Mapped[GoalType] = mapped_column(enum_column(GoalType))
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id", ondelete="SET NULL"))
    target_date: Mapped[date | None] = mapped_column(Date)
    #: the goal is followed up at least once a year (§ 85 quality standard)
    next_follow_up: Mapped[date] = mapped_column(Date)
    #: off by default: the counsellor sees the goal only when the citizen says so. Who sees a
    #: shared goal: the counsellors of its group, or for a goal with no group the one in
    #: `shared_with_id` (webapp.staff.access.sees_goal)
    shared_with_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    #: the counsellor the citizen chose to see a shared goal that has no group
    shared_with_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                  ondelete="SET NULL"))
    status: Mapped[GoalStatus] = mapped_column(enum_column(GoalStatus), default=GoalStatus.ACTIVE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    #: the new-goal form and the values it was sent with, as a digest: the same form sent
    #: again with the same values makes no second goal
    form_key: Mapped[str | None] = mapped_column(String(64))

    citizen: Mapped[User] = relationship(foreign_keys=[citizen_id])
    shared_with: Mapped[User | None] = relationship(foreign_keys=[shared_with_id])
    offer: Mapped[Offer | None] = relationship()
    check_ins: Mapped[list[CheckIn]] = relationship(
        back_populates="goal", order_by="[CheckIn.at, CheckIn.id]", cascade="all, delete-orphan"
    )


class CheckIn(db.Model):
    __tablename__ = "check_ins"
    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 10", name="score_1_to_10"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    score: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(String(500))
    #: the citizen, or the counsellor checking in together with them
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    goal: Mapped[Goal] = relationship(back_populates="check_ins")
    author: Mapped[User] = relationship()
