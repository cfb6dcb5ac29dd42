"""A citizen's request to join as a card on Hjem and Mine henvendelser, as a fragment (see
webapp/templating.py): rendered from a `ReferralCard` that holds what it shows, so a new
status is a new card."""

from dataclasses import dataclass
from datetime import date, datetime

from webapp.referrals.models import OPEN_REFERRAL_STATUSES, ReferralStatus
from webapp.templating import fragment_of


@dataclass(frozen=True)
class ReferralCard:
    id: int
    offer_id: int
    #: the offer's title
    title: str
    status: ReferralStatus
    answer_by: date
    received_at: datetime
    heading: str = "h3"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFERRAL_STATUSES


def _card(row, heading: str) -> ReferralCard:
    return ReferralCard(id=row.id, offer_id=row.offer_id, title=row.title, status=row.status,
                        answer_by=row.answer_by, received_at=row.received_at, heading=heading)


def referral_card(row, heading: str = "h3"):
    """The request's group, where it stands, and the date of the answer or the link to the
    meetings. `row` is one of services.card_rows() (the card is looked up by it)."""
    return fragment_of("referrals/_card.html", _card, (row, heading))
