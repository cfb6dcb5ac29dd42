"""Asking to join a § 82 a group (with a new account in the same form), the citizen's own
requests, and the counsellors' referral queue under /personale/henvendelser."""

from flask import current_app, flash, g, request, session, url_for
from flask_babel import format_decimal, format_percent, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_user

from webapp.auth.services import EmailTaken, create_user, normalise_email
from webapp.auth.views import remember_language_choice
from webapp.core import Refusal
from webapp.errors import render_error
from webapp.extensions import htmx, limiter
from webapp.forms import rerun_on_csrf_error
from webapp.htmx import redirect_to, render, render_invalid
from webapp.offers.models import Offer
from webapp.referrals import bp, services
from webapp.referrals.forms import (
    CONTACT_LABELS,
    DECLINE_REASONS,
    DRAFT_FIELDS,
    DecisionForm,
    NewCitizenReferralForm,
    ReferralForm,
)
from webapp.referrals.models import ReferralStatus
from webapp.security import citizen_required, staff_required

ASK = "referrals/ask.html"
REFERRAL = "referrals/referral.html"
QUEUE = "referrals/queue.html"
REVIEW = "referrals/review.html"
#: a visitor's half-written request, kept while they log in (never the password)
DRAFT = "referral_draft"


# -- Rate limits -------------------------------------------------------------------------------

def _account_limit() -> str:
    return current_app.config["REFERRAL_RATE_LIMIT"]


def _ip_limit() -> str:
    return current_app.config["REFERRAL_IP_RATE_LIMIT"]


def _account_key() -> str:
    """The account asking; for a visitor, the account they are creating."""
    if current_user.is_authenticated:
        return f"referral:{current_user.id}"
    return "referral:new:" + normalise_email(request.form.get("email", ""))[:254]


def _sent(response) -> bool:
    # Count requests sent, not forms with a typo in them.
    return bool(g.get("referral_sent"))


@bp.errorhandler(429)
def too_many(error):
    """Too many requests: the form comes back with what was typed and a clear message."""
    offer_id = (request.view_args or {}).get("offer_id")
    if request.endpoint != "referrals.ask" or offer_id is None:
        return render_error(429)
    offer = services.offer_to_ask_or_404(offer_id)
    form = _form(current_user if current_user.is_authenticated else None)
    return render(ASK, "form", status=429, offer=offer, form=form, limited=True)


# -- Asking to join ----------------------------------------------------------------------------

def _draft(offer_id: int) -> dict | None:
    draft = session.get(DRAFT)
    return draft["fields"] if draft and draft.get("offer_id") == offer_id else None


def _keep_draft(offer_id: int, form) -> None:
    session[DRAFT] = {"offer_id": offer_id,
                      "fields": {name: form[name].data for name in DRAFT_FIELDS
                                 if name in form}}


def _form(citizen, offer_id: int | None = None):
    """The request form; on a first look filled from a kept draft or the citizen's phone."""
    cls = ReferralForm if citizen is not None else NewCitizenReferralForm
    if request.method == "POST":
        return cls()
    data = (_draft(offer_id) if offer_id else None) or {}
    if citizen is not None and not data.get("phone"):
        data["phone"] = citizen.phone
    return cls(data=data)


def _refused(offer: Offer, refusal: services.AskRefusal):
    return render(ASK, "form", status=refusal.status, offer=offer, refusal=refusal,
                  centre=_social_service_centre())


def _social_service_centre() -> dict:
    config = current_app.config
    return {"name": config["SOCIALSERVICE_NAME"], "phone": config["SOCIALSERVICE_PHONE"],
            "address": config["SOCIALSERVICE_ADDRESS"]}


@bp.route("/tilbud/<int:offer_id>/spoerg-om-plads", methods=["GET", "POST"])
@limiter.limit(_ip_limit, methods=["POST"])
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"], deduct_when=_sent)
@rerun_on_csrf_error
def ask(offer_id: int):
    """Ask for a place in a § 82 a group; a visitor creates an account in the same form."""
    offer = services.offer_to_ask_or_404(offer_id)
    citizen = current_user if current_user.is_authenticated else None
    try:
        services.check_can_ask(citizen, offer)
    except services.AskRefusal as refusal:
        return _refused(offer, refusal)
    form = _form(citizen, offer.id)
    if citizen is None and request.form.get("action") == "log-in":
        # A visitor with an account: keep what they wrote while they log in.
        _keep_draft(offer.id, form)
        return redirect_to(url_for("auth.login", next=url_for(".ask", offer_id=offer.id)))
    if form.validate_on_submit():
        try:
            return _send(citizen, offer, form)
        except EmailTaken as taken:  # an account made a moment ago, by another request
            form.email.errors.append(taken.message)
    context = dict(offer=offer, form=form, kept=_draft(offer.id) is not None)
    if form.is_submitted():
        if citizen is None:
            _keep_draft(offer.id, form)
        return render_invalid(ASK, "form", **context)
    return render(ASK, "form", **context)


def _send(citizen, offer: Offer, form):
    """Save the request (and the new account), then show the receipt. Raises EmailTaken
    when the new account's e-mail has an account."""
    new = citizen is None
    if new:
        citizen = create_user(name=form.name.data, email=form.email.data,
                              password=form.password.data, phone=form.phone.data)
    elif form.phone.data and form.phone.data != citizen.phone:
        citizen.phone = form.phone.data
    try:
        referral = services.ask_to_join(citizen, offer, **form.referral_fields())
    except services.AskRefusal as refusal:
        return _refused(offer, refusal)
    g.referral_sent = True
    session.pop(DRAFT, None)
    if new:
        login_user(citizen)
        remember_language_choice(citizen)
        flash(_("Welcome to Sammen, %(name)s. Your account is ready.",
                name=citizen.first_name), "success")
    return redirect_to(url_for(".referral", referral_id=referral.id))


# -- The citizen's requests --------------------------------------------------------------------

@bp.route("/henvendelser")
@citizen_required
def mine():
    """Mine henvendelser: every request the citizen has sent, newest first."""
    return render("referrals/mine.html", referrals=services.referrals_of(current_user),
                  today=services.today())


def _show(referral, status: int = 200, message: str | None = None):
    waiting = referral.status is ReferralStatus.WAITLISTED
    return render(REFERRAL, status=status, referral=referral, message=message,
                  late=services.is_overdue(referral),
                  position=services.waiting_position(referral) if waiting else None,
                  reasons=DECLINE_REASONS, labels=CONTACT_LABELS)


@bp.app_template_global("referral_phone")
def referral_phone() -> str:
    """The number citizens call about an inquiry (every template and macro can use it)."""
    return services.referral_phone()


@bp.route("/henvendelser/<int:referral_id>")
@citizen_required
def referral(referral_id: int):
    """One request: the receipt with its answer-by date, its status, the answer."""
    return _show(services.own_referral(current_user, referral_id))


@bp.route("/henvendelser/<int:referral_id>/traek-tilbage", methods=["POST"])
@citizen_required
def withdraw(referral_id: int):
    """Withdraw a request that is not answered yet."""
    try:
        found = services.withdraw(current_user, referral_id)
    except Refusal as refusal:
        found = services.own_referral(current_user, referral_id)
        return _show(found, refusal.status, refusal.message)
    flash(_("You have withdrawn your request to join %(title)s.", title=found.offer.title),
          "success")
    return redirect_to(url_for(".referral", referral_id=found.id))


# -- The counsellors' queue --------------------------------------------------------------------

def _queue_args() -> tuple[int | None, str, int]:
    """The queue's filters from the address; unknown values mean no filter."""
    status = request.args.get("status", "open")
    if status not in services.QUEUE_FILTERS:
        status = "open"
    return (request.args.get("tilbud", type=int), status,
            request.args.get("page", 1, type=int))


@bp.route("/personale/henvendelser")
@staff_required
def queue():
    """The requests to the counsellor's groups (admins: all), overdue and soonest first."""
    offer_id, status, page = _queue_args()
    offers = services.queue_offers(current_user)
    if offer_id not in {offer.id for offer in offers}:
        offer_id = None
    results = services.queue(current_user, offer_id, status, page)
    response = render(QUEUE, "results", results=results, offers=offers, offer_id=offer_id,
                      chosen=status, filters=services.QUEUE_FILTERS)
    if htmx:
        args = {k: v for k, v in (("tilbud", offer_id), ("status", status)) if v
                and v != "open"}
        response.headers["HX-Push-Url"] = url_for(".queue", **args)
    return response


def _review(referral_id: int, form: DecisionForm, status: int = 200,
            message: str | None = None):
    """The request as the counsellor reads it (every look is logged): the whole page, or
    the answer form for htmx."""
    found = services.open_for_review(current_user, referral_id)
    due = services.due(found.answer_by, services.today()) if found.is_open else None
    return render(REVIEW, "decision", status=status, referral=found, form=form,
                  message=message, due=due, late=services.is_overdue(found),
                  taken_by_other=services.taken_by_other(found, current_user),
                  reasons=DECLINE_REASONS, labels=CONTACT_LABELS)


@bp.route("/personale/henvendelser/<int:referral_id>")
@staff_required
def review(referral_id: int):
    """One request, as the counsellor reads it (logged), with the answer form."""
    return _review(referral_id, DecisionForm())


@bp.route("/personale/henvendelser/<int:referral_id>/svar", methods=["POST"])
@staff_required
@rerun_on_csrf_error
def answer(referral_id: int):
    """Answer a request: a place, the waiting list, or no place with a reason."""
    form = DecisionForm()
    if not form.validate_on_submit():
        return _review(referral_id, form, 422)
    try:
        found = services.decide(current_user, referral_id, services.Decision(form.decision.data),
                                form.decline_reason, form.note.data, form.instead.data)
    except services.TakenRefusal as refusal:
        # A colleague has taken it: the box next to the answer says so, nothing is lost.
        form.instead.errors = [refusal.message]
        return _review(referral_id, form, refusal.status)
    except Refusal as refusal:
        return _review(referral_id, form, refusal.status, refusal.message)
    flash(_("Your answer to %(name)s is saved. %(name)s can see it in Sammen now.",
            name=found.citizen.name), "success")
    return redirect_to(url_for(".queue"))


@bp.route("/personale/henvendelser/<int:referral_id>/tag", methods=["POST"])
@staff_required
def take(referral_id: int):
    """"I'll take it": the request is this counsellor's to answer (the team sees who has it)."""
    try:
        services.take(current_user, referral_id)
    except Refusal as refusal:
        return _review(referral_id, DecisionForm(formdata=None), refusal.status,
                       refusal.message)
    flash(_("You have taken the request. Your colleagues can see that you answer it."),
          "success")
    return redirect_to(url_for(".review", referral_id=referral_id))


@bp.route("/personale/henvendelser/<int:referral_id>/slip", methods=["POST"])
@staff_required
def release(referral_id: int):
    """Put a taken request back in the queue, so anyone on the team can take it."""
    try:
        services.release(current_user, referral_id)
    except Refusal as refusal:
        return _review(referral_id, DecisionForm(formdata=None), refusal.status,
                       refusal.message)
    flash(_("The request is back in the queue. Anyone on the team can take it."), "success")
    return redirect_to(url_for(".review", referral_id=referral_id))


# -- The promise in numbers, for the staff overview --------------------------------------------

@bp.app_template_filter("promise_share")
def promise_share(kept: services.PromiseKept) -> str:
    """'93 % (14 of 15)': how many of the requests due an answer got it within 14 days,
    with the late ones not answered yet said apart."""
    if kept.share is None:
        return _("No answers yet")
    if kept.late_unanswered:
        return _("%(share)s (%(within)d of %(due)d; %(late)d late and not answered yet)",
                 share=format_percent(kept.share), within=kept.within_promise, due=kept.due,
                 late=kept.late_unanswered)
    return _("%(share)s (%(within)d of %(due)d)",
             share=format_percent(kept.share), within=kept.within_promise, due=kept.due)


@bp.app_template_filter("answer_days")
def answer_days(value: float | None) -> str:
    """'3 days', '1,5 days': a median answer time, in words."""
    if value is None:
        return _("No answers yet")
    days = round(value, 1)
    # Plural forms need a whole number: "1 dag", but "1,5 dage".
    return ngettext("%(days)s day", "%(days)s days", 1 if days == 1 else 2,
                    days=format_decimal(days, "0.#"))

