"""Queries about offers."""

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.offers.models import Location, Offer, OfferStatus


def published_offer_count() -> int:
    return db.session.scalar(
        select(func.count()).select_from(Offer).where(Offer.status == OfferStatus.PUBLISHED)
    )


def published_offers(page: int, per_page: int = 20):
    """A page of published offers, alphabetically, with their location and municipality."""
    query = (
        select(Offer)
        .where(Offer.status == OfferStatus.PUBLISHED)
        .options(joinedload(Offer.location).joinedload(Location.municipality))
        .order_by(Offer.title, Offer.id)
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
