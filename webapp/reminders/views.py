"""Turn reminders on (the browser subscribes, reminders.js sends it here) and off."""

from flask import flash, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.extensions import db
from webapp.forms import rerun_on_csrf_error
from webapp.htmx import redirect_to, render, render_invalid, wants_fragment
from webapp.reminders import bp, services
from webapp.reminders.forms import SubscriptionForm, TurnOffForm
from webapp.security import citizen_required

SECTION = "reminders/_profile.html"

bp.record_once(lambda state: services.init_app(state.app))


def _done(message: str, category: str = "success"):
    """The section swapped in place with `message` announced, or the profile page again
    with `message` on top. A problem comes back with 422."""
    if wants_fragment():
        section = {"devices": services.devices_of(current_user),
                   "push_public_key": services.public_key()}
        if category == "error":
            return render_invalid(SECTION, "reminders", problem=message, **section)
        return render(SECTION, "reminders", announce=message, **section)
    flash(message, category)
    return redirect_to(url_for("profile.index", _anchor="paamindelser"))


@bp.post("/profil/paamindelser")
@citizen_required
@rerun_on_csrf_error
def subscribe():
    """Remember this browser, so reminders reach it."""
    form = SubscriptionForm()
    if not form.validate_on_submit():
        return _done(_("Reminders could not be turned on in this browser. Try again later."),
                     "error")
    services.subscribe(current_user, form.endpoint.data, form.p256dh.data, form.auth.data)
    db.session.commit()
    return _done(_("Reminders are on. You get a message the day before your meetings."))


@bp.post("/profil/paamindelser/slaa-fra")
@citizen_required
@rerun_on_csrf_error
def turn_off():
    """Forget every browser of the citizen: no more reminders."""
    form = TurnOffForm()
    if not form.validate_on_submit():
        return _done(_("The page was open too long. Try again."), "error")
    services.unsubscribe(current_user)
    db.session.commit()
    return _done(_("Reminders are off. You do not get any more messages from Sammen."))
