"""Home, language choice, and the pages linked from the footer."""

from flask import current_app, redirect, request
from flask_login import current_user

from webapp.auth.services import set_language
from webapp.extensions import db
from webapp.goals.services import home_goals
from webapp.htmx import render
from webapp.i18n import LANGUAGE_COOKIE, available_languages
from webapp.main import bp
from webapp.meetings.models import RegistrationStatus
from webapp.meetings.services import coming_for
from webapp.offers.services import published_offer_count
from webapp.referrals.services import home_referrals
from webapp.urls import safe_next

ONE_YEAR = 365 * 24 * 3600
#: how many coming meetings Hjem shows
HOME_MEETINGS = 5


@bp.route("/")
def index():
    """Hjem for a citizen, the staff start page for staff, a welcome for visitors."""
    if not current_user.is_authenticated:
        return render("main/welcome.html", offer_count=published_offer_count())
    if current_user.is_staff:
        return redirect("/personale")
    meetings = coming_for(current_user, limit=HOME_MEETINGS)
    return render("main/home.html", meetings=meetings,
                  promoted=[m for m in meetings if m.promoted_at and
                            m.status is RegistrationStatus.SIGNED_UP],
                  goal_overview=home_goals(current_user),
                  referrals=home_referrals(current_user))


@bp.route("/sprog", methods=["POST"])
def set_locale():
    """Choose the language; remembered in a cookie and on the account."""
    code = request.form.get("lang", "")
    target = safe_next(request.form.get("next"))
    response = redirect(target, 303)
    if code in available_languages():
        response.set_cookie(LANGUAGE_COOKIE, code, max_age=ONE_YEAR, samesite="Lax",
                            httponly=True, secure=request.is_secure)
        if current_user.is_authenticated:
            set_language(current_user, code)
            db.session.commit()
    return response


@bp.route("/healthz")
def health():
    """For load balancers and the benchmarks' trivial route: no database, no template."""
    return {"status": "ok"}


@bp.route("/was")
def accessibility_statement():
    """The accessibility statement lives in the state's WAS-tool."""
    return redirect(current_app.config["WAS_URL"], 302)


@bp.route("/privatliv")
def privacy():
    """How Sammen and the municipality process the citizen's data."""
    return render("main/privacy.html")


@bp.route("/rettigheder")
def rights():
    """The citizen's rights and how to complain, from the quality standards."""
    return render("main/rights.html")
