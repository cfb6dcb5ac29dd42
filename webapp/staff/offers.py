"""Offers for staff: the groups a counsellor runs, and creating, changing, publishing and
archiving them."""

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.forms import rerun_on_csrf_error
from webapp.htmx import redirect_to, render, render_form
from webapp.offers.models import OfferKind, OfferStatus
from webapp.offers.services import in_words, languages_in_words, next_meetings
from webapp.security import staff_required
from webapp.staff import bp, services
from webapp.staff.forms import OfferForm

FORM = "staff/offer_form.html"


@bp.route("/tilbud")
@staff_required
def offers():
    """The offers the counsellor runs (all for an admin), with their next meeting."""
    found = services.offers_for(current_user)
    return render("staff/offers.html", offers=found,
                  next_meetings=next_meetings([offer.id for offer in found]))


def _offer_form(offer=None) -> OfferForm:
    return OfferForm(obj=None if offer is None else _OfferFields(offer),
                     locations=services.all_locations(), staff=services.staff_members(),
                     capacity_floor=services.capacity_floor(offer) if offer else 0,
                     self_id=None if current_user.is_admin else current_user.id)


class _OfferFields:
    """An offer as the form's fields: the offer's own values, but enum values and ids as
    strings."""

    def __init__(self, offer):
        self._offer = offer
        self.topic = offer.topic.value
        self.legal_basis = offer.legal_basis.value
        self.admission = offer.admission.value
        self.package = offer.package.value if offer.package else ""
        self.kind = offer.kind.value
        self.location = str(offer.location_id)
        self.facilitators = [str(user.id) for user in offer.facilitators]

    def __getattr__(self, name):
        return getattr(self._offer, name)


@bp.route("/tilbud/nyt", methods=["GET", "POST"])
@staff_required
@rerun_on_csrf_error
def new_offer():
    """Create an offer; it starts as a draft that citizens do not see."""
    form = _offer_form()
    if not form.is_submitted():
        form.facilitators.data = [str(current_user.id)]
        form.languages.data = ["da"]
        form.kind.data = OfferKind.OPEN.value
    if form.validate_on_submit():
        offer = services.save_offer(current_user, form.data_for_offer())
        flash(_("The offer %(title)s is saved as a draft. Add meetings, then publish it.",
                title=offer.title), "success")
        return redirect_to(url_for("staff.offer", offer_id=offer.id))
    return render_form(FORM, form, offer=None)


@bp.route("/tilbud/<int:offer_id>")
@staff_required
def offer(offer_id: int):
    """One offer for staff: its facts, its status and its meetings with their numbers."""
    found = services.offer_for_staff(current_user, offer_id)
    meetings = services.offer_meetings(found)
    return render("staff/offer.html", offer=found, meetings=meetings,
                  counts=services.registration_counts(m.id for m in meetings),
                  facilitators=in_words([user.name for user in found.facilitators]),
                  languages=languages_in_words(found.languages))


@bp.route("/tilbud/<int:offer_id>/rediger", methods=["GET", "POST"])
@staff_required
@rerun_on_csrf_error
def edit_offer(offer_id: int):
    """Change an offer's fields."""
    found = services.offer_for_staff(current_user, offer_id)
    form = _offer_form(found)
    if form.validate_on_submit():
        services.save_offer(current_user, form.data_for_offer(), found)
        flash(_("The changes to %(title)s are saved.", title=found.title), "success")
        return redirect_to(url_for("staff.offer", offer_id=found.id))
    return render_form(FORM, form, offer=found)


@bp.route("/tilbud/<int:offer_id>/status", methods=["POST"])
@staff_required
def offer_status(offer_id: int):
    """Publish, archive or take back to draft."""
    found = services.offer_for_staff(current_user, offer_id)
    try:
        status = OfferStatus(request.form.get("status", ""))
    except ValueError:
        abort(400)
    services.set_offer_status(current_user, found, status)
    messages = {
        OfferStatus.PUBLISHED: _("The offer is published. Citizens can find it now."),
        OfferStatus.ARCHIVED: _("The offer is archived. Citizens can no longer find it."),
        OfferStatus.DRAFT: _("The offer is a draft again. Citizens can no longer find it."),
    }
    flash(messages[status], "success")
    return redirect_to(url_for("staff.offer", offer_id=found.id))
