"""Profil: the user's own account, the language, who looked at their data, the calendar on
their phone, what calendar and reminders say, reminders and the installed app."""

from flask import flash, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.audit.services import lookups_of
from webapp.citizens.services import support_of
from webapp.extensions import db
from webapp.feeds.services import feed_url
from webapp.forms import rerun_on_csrf_error
from webapp.htmx import redirect_to, render, render_invalid, wants_fragment
from webapp.profile import bp
from webapp.profile.forms import DISCREET, NAMED, DiscreetForm
from webapp.profile.services import set_discreet
from webapp.reminders.services import devices_of, public_key
from webapp.security import citizen_required

PAGE = "profile/index.html"


def _discreet_form() -> DiscreetForm:
    """The choice as the citizen last saved it."""
    return DiscreetForm(words=DISCREET if current_user.discreet_notifications else NAMED)


def _page(status: int = 200, **context):
    """The whole profile page (a citizen's has more sections than staff's)."""
    if current_user.is_staff:
        return render(PAGE, account=current_user)
    context.setdefault("discreet_form", _discreet_form())
    return render(PAGE, status=status, account=current_user,
                  lookups=lookups_of(current_user), enrolments=support_of(current_user),
                  feed_url=feed_url(current_user), devices=devices_of(current_user),
                  push_public_key=public_key(), **context)


@bp.route("/profil")
@login_required
def index():
    """The user's own account: contact details, language, who looked at my data, log out;
    for a citizen also their support, the calendar feed, what calendar and reminders say
    about a meeting, and reminders."""
    return _page()


@bp.post("/profil/diskret")
@citizen_required
@rerun_on_csrf_error
def discreet():
    """Choose whether calendar entries and reminders name the group or only say
    "Sammen: møde kl. 10.00" (a lock screen is seen by others). htmx swaps the section."""
    form = DiscreetForm()
    if not form.validate_on_submit():
        if wants_fragment():
            return render_invalid(PAGE, "discreet", discreet_form=form)
        return _page(status=422, discreet_form=form)
    set_discreet(current_user, form.discreet)
    db.session.commit()
    if form.discreet:
        message = _("Saved. Your calendar and reminders now say only “Sammen: meeting at "
                    "10:00”.")
    else:
        message = _("Saved. Your calendar and reminders now show the name of the group.")
    if wants_fragment():
        return render(PAGE, "discreet", discreet_form=_discreet_form(), announce=message)
    flash(message, "success")
    return redirect_to(url_for("profile.index", _anchor="diskret"))
