"""Citizens in my groups: the list, the citizen page, enrolling and ending an enrolment."""

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.citizens import bp, labels
from webapp.citizens.forms import CitizenSearchForm, EndEnrolmentForm, EnrolForm
from webapp.citizens.services import (
    EnrolmentRefused,
    Purpose,
    citizen_for,
    end_enrolment,
    enrol,
    enrollable_offers,
    enrolment_for,
    find_citizens,
    overview,
    parse_purpose,
    record_opening,
)
from webapp.enrolments.models import EnrolmentStatus
from webapp.extensions import db
from webapp.forms import rerun_on_csrf_error
from webapp.htmx import redirect_to, render, render_form, render_invalid
from webapp.security import staff_required

bp.add_app_template_global(labels.package_name)
bp.add_app_template_global(labels.package_meaning)
bp.add_app_template_global(labels.support_level_name)


@bp.route("")
@staff_required
def index():
    """The citizens in the counsellor's groups, searchable by name; htmx gets the results."""
    form = CitizenSearchForm(request.args)
    valid = form.validate()
    results = find_citizens(current_user, form.q.data if valid else "",
                            request.args.get("page", 1, type=int))
    return render("citizens/index.html", "results", status=200 if valid else 422,
                  results=results, search=form.q.data, form=form)


@bp.route("/<int:citizen_id>")
@staff_required
def citizen(citizen_id: int):
    """The citizen's page. It opens only with a purpose, and every opening is written to the
    audit trail, which the citizen can read on their profile."""
    person = citizen_for(current_user, citizen_id)
    purpose = parse_purpose(request.args.get("formaal"))
    if purpose is None:
        return render("citizens/purpose.html", citizen=person, purposes=list(Purpose))
    record_opening(current_user, person, purpose)
    db.session.commit()
    return render("citizens/citizen.html", data=overview(current_user, person),
                  purpose=purpose)


def _back_to(citizen_id: int) -> str:
    return url_for("citizens.citizen", citizen_id=citizen_id, formaal=Purpose.COURSE.value)


@bp.route("/<int:citizen_id>/indskriv", methods=["GET", "POST"])
@staff_required
@rerun_on_csrf_error
def enrol_citizen(citizen_id: int):
    """Enrol the citizen in a § 85 course the counsellor runs, with package and level."""
    person = citizen_for(current_user, citizen_id)
    form = EnrolForm(enrollable_offers(current_user))
    if form.validate_on_submit():
        try:
            enrol(current_user, person, form.offers[form.offer.data], form.chosen_package,
                  form.chosen_level, form.starts_on.data)
        except EnrolmentRefused as refused:
            form.offer.errors.append(refused.message)
        else:
            flash(_("%(name)s is enrolled in %(course)s.", name=person.name,
                    course=form.offers[form.offer.data].title), "success")
            return redirect_to(_back_to(person.id))
    return render_form("citizens/enrol.html", form, "form", citizen=person)


@bp.route("/<int:citizen_id>/forloeb/<int:enrolment_id>/afslut", methods=["GET", "POST"])
@staff_required
@rerun_on_csrf_error
def end(citizen_id: int, enrolment_id: int):
    """End a current enrolment as completed or stopped early, with an end date."""
    person = citizen_for(current_user, citizen_id)
    enrolment = enrolment_for(current_user, person, enrolment_id)
    form = EndEnrolmentForm(enrolment.starts_on)
    context = {"form": form, "citizen": person, "enrolment": enrolment}
    if form.validate_on_submit():
        try:
            end_enrolment(current_user, enrolment, EnrolmentStatus(form.status.data),
                          form.ends_on.data)
        except EnrolmentRefused as refused:
            return render("citizens/end.html", "form", status=refused.status,
                          refused=refused.message, **context)
        flash(_("The enrolment in %(course)s has ended.", course=enrolment.offer.title),
              "success")
        return redirect_to(_back_to(person.id))
    if form.is_submitted():
        return render_invalid("citizens/end.html", "form", **context)
    return render("citizens/end.html", "form", **context)
