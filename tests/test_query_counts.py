"""No query per row: each citizen page runs the same number of SQL statements on the demo
data and on ten times as much."""

from sqlalchemy import select

from tests.conftest import count_queries, login
from webapp import demo
from webapp.extensions import db
from webapp.offers.models import Offer, OfferStatus

SMALL = {"citizens": 10, "offers": 14, "weeks": 2}
LARGE = {"citizens": 100, "offers": 140, "weeks": 20}
PAGES = ["/", "/kalender", "/kalender/mine-moeder", "/tilbud", "/tilbud?page=2", "/maal",
         "/maal/udskriv", "/henvendelser", "/profil", "OFFER"]


def queries_per_page(app, size) -> dict[str, int]:
    with app.app_context():
        db.drop_all()
        db.create_all()
        demo.seed(**size)
        offer_id = db.session.scalar(select(Offer.id).where(
            Offer.status == OfferStatus.PUBLISHED).order_by(Offer.id))
    client = app.test_client()
    assert login(client, "anna@example.dk", "sammen-demo").status_code == 303
    counts = {}
    for page in PAGES:
        path = f"/tilbud/{offer_id}" if page == "OFFER" else page
        with count_queries(app) as statements:
            response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        if page == "/tilbud?page=2":
            # really the second page: it links back to the first
            assert 'href="/tilbud?page=1"' in response.text
        counts[page] = len(statements)
    return counts


def test_same_number_of_queries_for_ten_times_the_data(make_app):
    small = queries_per_page(make_app(), SMALL)
    large = queries_per_page(make_app(), LARGE)
    assert small == large
    # And the numbers stay small: a handful of statements a page.
    assert max(small.values()) <= 10, small
