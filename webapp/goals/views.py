"""Mål: the citizen's own goals, check-ins, progress, sharing and export. Every action works
as a plain form (POST, then 303 with a message); with htmx the changed part is swapped in
place and the change is announced in the page's live region."""

from flask import Response, flash, redirect, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from webapp.core import Refusal
from webapp.forms import rerun_on_csrf_error
from webapp.goals import bp, services
from webapp.goals.forms import GOAL_TYPES, STATUSES, THEMES, CheckInForm, GoalForm, ShareForm
from webapp.goals.models import GoalStatus
from webapp.goals.progress import chart, judge
from webapp.htmx import redirect_to, render, render_form, wants_fragment
from webapp.security import citizen_required

GOAL = "goals/goal.html"
CHECK_IN = "goals/check_in.html"
FORM = "goals/form.html"
#: where a check-in was started, for the way back without JavaScript
PLACES = {"hjem": "main.index", "liste": "goals.goals"}
#: the lines under each theme and goal type on the goal form, by the choice's value
HINTS = {
    "theme": {t.value: texts[1:] for t, texts in THEMES.items()},
    "goal_type": {t.value: texts[1:] for t, texts in GOAL_TYPES.items()},
}

# Pure formatting for the goal macros (also on the counsellors' citizen page).
bp.add_app_template_filter(chart, "goal_chart")


@bp.app_template_filter("goal_theme_name")
def goal_theme_name(theme) -> str:
    """A VUM theme's name, in the reader's language."""
    return THEMES[theme][0]


@bp.app_template_filter("goal_type_name")
def goal_type_name(goal_type) -> str:
    """An FFB goal type's name, in the reader's language."""
    return GOAL_TYPES[goal_type][0]


@bp.app_template_filter("goal_status_name")
def goal_status_name(status) -> str:
    """A goal's state in a word, in the reader's language."""
    return STATUSES[status]


@bp.app_template_filter("short_date")
def short_date(value) -> str:
    """'5. okt.' / '5 Oct': a date on the chart's axis, in Copenhagen."""
    return format_date(services.local_day(value) if hasattr(value, "tzinfo") else value,
                       _("d MMM"))


def _place() -> str:
    """Where the check-in was started: 'hjem', 'liste' or the goal page ('maal')."""
    place = request.values.get("fra", "maal")
    return place if place in PLACES else "maal"


def _back(goal, place: str) -> str:
    return url_for(PLACES[place]) if place in PLACES else url_for("goals.goal", goal_id=goal.id)


def _goal_form(goal=None):
    """Write a new goal (goal is None) or change one: the form, then save and go to it."""
    offers = services.courses_of(current_user, goal.offer_id if goal else None)
    counsellors = services.counsellors_of(current_user, goal.shared_with_id if goal else None)
    if goal is None:
        form = GoalForm(offers=offers, counsellors=counsellors, today=services.today(),
                        data={"next_follow_up": services.default_follow_up()})
    else:
        form = GoalForm(obj=goal, offers=offers, counsellors=counsellors, today=services.today(),
                        data={"offer_id": str(goal.offer_id or ""), "theme": goal.theme.value,
                              "goal_type": goal.goal_type.value})
    if form.validate_on_submit():
        if goal is None:
            goal = services.create_goal(current_user, form.form_token.data, **form.values)
            flash(_("Your goal is saved. Check in whenever you like."), "success")
        else:
            services.update_goal(goal, **form.values)
            flash(_("Your changes are saved."), "success")
        return redirect_to(url_for("goals.goal", goal_id=goal.id))
    return render_form(FORM, form, "form", goal=goal, hints=HINTS)


def _undo_status(value: str | None) -> GoalStatus:
    """The state an archived goal goes back to: what it had before (active if unknown)."""
    try:
        status = GoalStatus(value or "")
    except ValueError:
        return GoalStatus.ACTIVE
    return GoalStatus.ACTIVE if status is GoalStatus.ARCHIVED else status


@bp.route("/maal")
@citizen_required
def goals():
    """The citizen's goals with how each is going, and the archived ones with undo."""
    everything = services.goals_of(current_user, archived=True)
    archived = [g for g in everything if g.status is GoalStatus.ARCHIVED]
    just_archived = next((g for g in archived if g.id == request.args.get("arkiveret", type=int)),
                         None)
    return render("goals/index.html",
                  goals=services.judged([g for g in everything
                                         if g.status is not GoalStatus.ARCHIVED]),
                  archived=archived, just_archived=just_archived,
                  undo_status=_undo_status(request.args.get("foer")).value)


@bp.route("/maal/nyt", methods=["GET", "POST"])
@citizen_required
@rerun_on_csrf_error
def new_goal():
    """Write a new goal."""
    return _goal_form()


@bp.route("/maal/<int:goal_id>/ret", methods=["GET", "POST"])
@citizen_required
@rerun_on_csrf_error
def edit_goal(goal_id: int):
    """Change a goal's words, theme, type, group, dates or sharing."""
    return _goal_form(services.own_goal(current_user, goal_id))


def _check_in_form(goal, **kwargs) -> CheckInForm:
    """A check-in form whose ids stay unique on a page with several goals (Hjem, Mål)."""
    form = CheckInForm(**kwargs)
    form.score.id = f"goal-{goal.id}-score"
    form.note.id = f"goal-{goal.id}-note"
    return form


def _share_form(goal, **kwargs) -> ShareForm:
    """The sharing form: for a goal with no group, which of the citizen's counsellors."""
    counsellors = (services.counsellors_of(current_user, goal.shared_with_id)
                   if goal.offer_id is None else [])
    return ShareForm(goal=goal, counsellors=counsellors, **kwargs)


def _show(goal, status: int = 200, message: str | None = None, category: str = "success",
          focus: str | None = None, form: CheckInForm | None = None,
          share_form: ShareForm | None = None):
    """The goal page, or its body for an htmx swap that announces `message`. It says who
    can see the goal, by first name."""
    viewers = services.viewers_of(goal)
    return render(GOAL, "goal", status=status, goal=goal,
                  judgement=judge(goal.goal_type, goal.check_ins),
                  form=form or _check_in_form(goal, formdata=None), message=message,
                  category=category, focus=focus, swapped=wants_fragment(),
                  viewers=services.names(viewers) if viewers else "",
                  share_form=share_form or _share_form(goal, formdata=None))


def _done(goal, message: str, focus: str):
    """After a change on the goal page: swap it in place (htmx), or reload with a message."""
    if wants_fragment():
        return _show(goal, message=message, focus=focus)
    flash(message, "success")
    return redirect(url_for("goals.goal", goal_id=goal.id), 303)


@bp.route("/maal/<int:goal_id>")
@citizen_required
def goal(goal_id: int):
    """One goal: check in, progress, sharing, and changing it."""
    focus = "archive" if request.args.get("fokus") == "arkiv" else None
    return _show(services.own_goal(current_user, goal_id), focus=focus)


def _check_in_region(goal, state: str, place: str, status: int = 200, form=None,
                     message: str | None = None, category: str = "success", overview=None):
    return render(CHECK_IN, "check_in", status=status, goal=goal, state=state, place=place,
                  overview=overview,
                  form=form or _check_in_form(goal, formdata=None),
                  judgement=judge(goal.goal_type, goal.check_ins), message=message,
                  category=category, swapped=wants_fragment())


@bp.route("/maal/<int:goal_id>/tjek-ind", methods=["GET", "POST"])
@citizen_required
@rerun_on_csrf_error
def check_in(goal_id: int):
    """'How is it going?': ten large buttons and an optional note, saved in place."""
    goal = services.own_goal(current_user, goal_id)
    place = _place()
    if request.method == "GET":
        state = "idle" if request.args.get("luk") else "form"
        return _check_in_region(goal, state, place)
    form = _check_in_form(goal)
    if form.validate_on_submit():
        try:
            services.add_check_in(goal, current_user, form.score_value, form.note.data)
        except Refusal as refusal:
            return _check_in_region(goal, "form", place, refusal.status, form,
                                    str(refusal.message), "error")
        message = _("Saved: %(score)d of 10 for “%(title)s”. Thank you for checking in.",
                    score=form.score_value, title=goal.title)
        if wants_fragment():
            # On Hjem the overview across goals changes too.
            overview = services.home_goals(current_user) if place == "hjem" else None
            return _check_in_region(goal, "done", place, message=message, overview=overview)
        flash(message, "success")
        return redirect(_back(goal, place), 303)
    return _check_in_region(goal, "form", place, 422, form)


@bp.route("/maal/<int:goal_id>/status", methods=["POST"])
@citizen_required
def set_status(goal_id: int):
    """Pause a goal, start it again, or mark it achieved."""
    goal = services.own_goal(current_user, goal_id)
    try:
        status = GoalStatus(request.form.get("status", ""))
    except ValueError:
        status = None
    try:
        services.set_status(goal, status)
    except Refusal as refusal:
        return _show(goal, refusal.status, str(refusal.message), "error", focus="status")
    messages = {
        GoalStatus.PAUSED: _("The goal is paused. Start it again whenever you are ready."),
        GoalStatus.ACTIVE: _("The goal is active again."),
        GoalStatus.ACHIEVED: _("Congratulations! The goal is marked as achieved."),
    }
    return _done(goal, messages[status], "status")


@bp.route("/maal/<int:goal_id>/deling", methods=["POST"])
@citizen_required
def set_sharing(goal_id: int):
    """Share the goal, or stop sharing; it takes effect at once. A goal with no group is
    shared with the counsellor the citizen chooses; the answer says who can see it now."""
    goal = services.own_goal(current_user, goal_id)
    shared = request.form.get("shared") == "1"
    form = _share_form(goal)
    if shared and not form.validate():
        return _show(goal, 422, focus="sharing", share_form=form)
    services.set_sharing(goal, shared, form.counsellor_id if shared else None)
    viewers = services.viewers_of(goal)
    if shared and viewers:
        message = _("%(names)s can now see the goal and your check-ins.",
                    names=services.names(viewers))
    elif shared:
        message = _("The goal is shared, but no counsellor can see it right now.")
    else:
        message = _("The goal is no longer shared. Only you can see it now.")
    return _done(goal, message, "sharing")


@bp.route("/maal/<int:goal_id>/arkiver", methods=["GET", "POST"])
@citizen_required
def archive(goal_id: int):
    """Archive a goal after a confirm step; it is never deleted and can be taken back."""
    goal = services.own_goal(current_user, goal_id)
    if request.method == "GET":
        return render("goals/archive.html", "confirm", goal=goal, swapped=wants_fragment())
    try:
        before = services.archive(goal)
    except Refusal as refusal:
        return _show(goal, refusal.status, str(refusal.message), "error", focus="status")
    return redirect_to(url_for("goals.goals", arkiveret=goal.id, foer=before.value))


@bp.route("/maal/<int:goal_id>/gendan", methods=["POST"])
@citizen_required
def restore(goal_id: int):
    """Take an archived goal back (the undo after archiving)."""
    goal = services.own_goal(current_user, goal_id)
    try:
        services.restore(goal, _undo_status(request.form.get("status")))
    except Refusal as refusal:
        return _show(goal, refusal.status, str(refusal.message), "error", focus="status")
    flash(_("The goal is back."), "success")
    return redirect_to(url_for("goals.goal", goal_id=goal.id))


@bp.route("/maal/eksport.csv")
@citizen_required
def export_csv():
    """All the citizen's goals and check-ins as a spreadsheet file."""
    body = services.goals_csv(services.goals_of(current_user, archived=True))
    response = Response(body, mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=sammen-maal.csv"})
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


@bp.route("/maal/udskriv")
@citizen_required
def printable():
    """The goals and check-ins on one page to print and bring to a meeting."""
    goals = services.goals_of(current_user)
    seen = services.viewers_by_goal(goals)
    return render("goals/print.html", goals=services.judged(goals), today=services.today(),
                  viewers={goal_id: services.names(people) for goal_id, people in seen.items()})
