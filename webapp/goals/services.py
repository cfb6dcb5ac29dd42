"""Queries about goals."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.goals.models import Goal, GoalStatus


def goals_of(citizen) -> list[Goal]:
    """The citizen's goals that are not archived, with their check-ins (two queries)."""
    query = (
        select(Goal)
        .where(Goal.citizen_id == citizen.id, Goal.status != GoalStatus.ARCHIVED)
        .options(selectinload(Goal.check_ins))
        .order_by(Goal.created_at.desc(), Goal.id.desc())
    )
    return list(db.session.scalars(query))
