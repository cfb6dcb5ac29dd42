"""Tilbud: the catalogue of published group offers, and each offer's page."""

from flask import abort, request, url_for
from flask_login import current_user

from webapp.extensions import htmx
from webapp.htmx import render
from webapp.meetings.services import may_sign_up, meetings_of_offer
from webapp.offers import bp
from webapp.offers.forms import CatalogueForm
from webapp.offers.services import (
    NEXT_MEETINGS,
    find_offers,
    in_words,
    languages_in_words,
    municipalities,
    offer_for_page,
)
from webapp.referrals.services import ask_state

# lists in the reader's language, for the offer page: "Mette og Jonas", "Dansk og engelsk"
bp.add_app_template_filter(in_words, "in_words")
bp.add_app_template_filter(languages_in_words, "languages_in_words")


@bp.route("/tilbud")
def catalogue():
    """The published offers that match the search and filters, a page at a time; htmx gets
    only the results."""
    form = CatalogueForm(request.args, municipalities())
    valid = form.validate()
    page = request.args.get("page", 1, type=int)
    results = find_offers(form.criteria(), page)
    response = render("offers/catalogue.html", "results", status=200 if valid else 422,
                      form=form, results=results)
    if htmx:
        # The address bar gets the search without the empty filters: short, to share.
        response.headers["HX-Push-Url"] = url_for("offers.catalogue", **form.url_args())
    return response


@bp.route("/tilbud/<int:offer_id>")
def offer(offer_id: int):
    """One offer: what it is, where and when it meets, and how to get in. Staff may also
    look at drafts and archived offers."""
    is_staff = current_user.is_authenticated and current_user.is_staff
    found = offer_for_page(offer_id, include_unpublished=is_staff)
    if found is None:
        abort(404)
    # On an ask-to-join offer, where the citizen stands says whether they may sign up too.
    asked = ask_state(current_user, found)
    return render(
        "offers/offer.html",
        offer=found,
        meetings=meetings_of_offer(current_user, found.id, NEXT_MEETINGS),
        joinable=(asked.may_sign_up if asked else
                  may_sign_up(current_user, found.id, found.admission)),
        asked=asked,
    )
