"""Queries for the counsellors' start page."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.offers.models import CourseSession, Offer, offer_facilitators
from webapp.types import utcnow

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def meetings_this_week(staff_user) -> list[CourseSession]:
    """Meetings from the start of today (Copenhagen) and seven days on, of the offers this
    counsellor facilitates; an admin sees all."""
    today = utcnow().astimezone(COPENHAGEN).date()
    start = datetime.combine(today, time.min, COPENHAGEN)
    end = start + timedelta(days=7)
    query = (
        select(CourseSession)
        .join(CourseSession.offer)
        .where(CourseSession.starts_at >= start, CourseSession.starts_at < end)
        .options(joinedload(CourseSession.offer).joinedload(Offer.location),
                 joinedload(CourseSession.location))
        .order_by(CourseSession.starts_at)
    )
    if not staff_user.is_admin:
        query = query.join(offer_facilitators, offer_facilitators.c.offer_id == Offer.id).where(
            offer_facilitators.c.user_id == staff_user.id
        )
    return list(db.session.scalars(query))
