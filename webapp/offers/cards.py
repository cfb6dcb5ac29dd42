"""An offer as a card in the catalogue, as a fragment (see webapp/templating.py), looked up
by its row and its next meeting's row: an `OfferCard` is made only when a card is rendered."""

from dataclasses import dataclass
from datetime import datetime

from webapp.offers.models import Admission, OfferKind
from webapp.templating import fragment_of


@dataclass(frozen=True)
class OfferCard:
    """Exactly what the card shows (offers/_card.html)."""

    offer_id: int
    title: str
    summary: str
    place: str
    municipality: str
    kind: OfferKind
    admission: Admission
    #: the next coming meeting: when, its own place if not the offer's, and the seats left
    next_starts_at: datetime | None
    next_place: str | None
    seats_left: int | None


def _card(row, meeting) -> OfferCard:
    elsewhere = meeting and meeting.location_id not in (None, row.location_id)
    return OfferCard(
        offer_id=row.offer_id, title=row.title, summary=row.summary, place=row.place,
        municipality=row.municipality, kind=row.kind, admission=row.admission,
        next_starts_at=meeting.starts_at if meeting else None,
        next_place=meeting.place if elsewhere else None,
        seats_left=meeting.seats if meeting else None)


def offer_card(row, meeting):
    """One of services.find_offers' items: the offer's CatalogueRow and its NextMeeting (or
    None)."""
    return fragment_of("offers/_card.html", _card, (row, meeting))
