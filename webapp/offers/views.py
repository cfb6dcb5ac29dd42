"""Tilbud: the catalogue of published group offers."""

from flask import request

from webapp.htmx import render
from webapp.offers import bp
from webapp.offers.services import published_offers


@bp.route("/tilbud")
def catalogue():
    """The published offers, a page at a time."""
    page = request.args.get("side", 1, type=int)
    return render("offers/catalogue.html", offers=published_offers(max(page, 1)))
