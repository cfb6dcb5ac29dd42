"""Statistics for counsellors (their own offers) and admins (all offers)."""

from flask import make_response, redirect, request, url_for
from flask_babel import format_decimal, format_percent
from flask_login import current_user

from webapp.core import local_day
from webapp.goals.forms import GOAL_TYPES
from webapp.htmx import render, render_invalid
from webapp.security import staff_required
from webapp.stats import bp
from webapp.stats.forms import PeriodForm
from webapp.stats.services import MIN_CITIZENS, offers_in_scope, report, report_csv
from webapp.types import utcnow


@bp.context_processor
def formats():
    """Numbers as the reader's language writes them: '80 %' / '80%', '1,5' / '1.5'."""
    return {"percent": lambda value: format_percent(value),
            "number": lambda value: format_decimal(value, format="#,##0.0")}


def _form() -> PeriodForm:
    return PeriodForm(offers_in_scope(current_user), local_day(utcnow()),
                      formdata=request.args or None)


@bp.route("")
@staff_required
def index():
    """The numbers for a period, per offer and overall, with charts and tables."""
    form = _form()
    names = {goal_type: name for goal_type, (name, _meaning) in GOAL_TYPES.items()}
    if not form.validate():
        return render_invalid("stats/index.html", form=form, report=None, names=names,
                              minimum=MIN_CITIZENS)
    result = report(current_user, form.period, form.chosen_offers())
    return render("stats/index.html", form=form, report=result, names=names,
                  minimum=MIN_CITIZENS, csv_args=request.args.to_dict())


@bp.route("/sammen-statistik.csv")
@staff_required
def export():
    """The same numbers as a CSV file."""
    form = _form()
    if not form.validate():
        return redirect(url_for("stats.index", **request.args.to_dict()), 303)
    period = form.period
    names = {goal_type: str(name) for goal_type, (name, _meaning) in GOAL_TYPES.items()}
    body = report_csv(report(current_user, period, form.chosen_offers()), names)
    response = make_response(body)
    response.mimetype = "text/csv"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="sammen-statistik-{period.since}-{period.until}.csv"')
    return response
