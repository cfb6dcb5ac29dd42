"""Change the package or support level of a citizen's ongoing § 85 enrolment."""

from flask import flash, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.citizens import labels
from webapp.citizens.services import Purpose, citizen_for, enrolment_for
from webapp.core import Refusal
from webapp.enrolments import bp
from webapp.enrolments.forms import ChangeSupportForm
from webapp.enrolments.services import can_change_support, cannot_change, change_support
from webapp.forms import rerun_on_csrf_error
from webapp.htmx import redirect_to, render, render_form
from webapp.security import staff_required

TEMPLATE = "enrolments/change.html"

bp.add_app_template_global(labels.level_name)


@bp.route("/<int:citizen_id>/forloeb/<int:enrolment_id>/stoette", methods=["GET", "POST"])
@staff_required
@rerun_on_csrf_error
def change(citizen_id: int, enrolment_id: int):
    """The form, and the change: only for a counsellor of the course (an admin: any), only
    while it goes on; a citizen or course outside the counsellor's groups is not found."""
    person = citizen_for(current_user, citizen_id)
    enrolment = enrolment_for(current_user, person, enrolment_id)
    form = ChangeSupportForm(enrolment)
    context = {"citizen": person, "enrolment": enrolment}
    if not can_change_support(enrolment):
        # An ended enrolment, or a § 82 a group (no package, no level): said, not a form.
        return render(TEMPLATE, "form", status=409 if form.is_submitted() else 200,
                      form=form, refused=cannot_change(enrolment), **context)
    if form.validate_on_submit():
        try:
            change_support(current_user, enrolment, form.chosen_package, form.chosen_level)
        except Refusal as refused:
            return render(TEMPLATE, "form", status=refused.status, form=form,
                          refused=refused.message, **context)
        flash(_("The package and support level of %(name)s in %(course)s are saved.",
                name=person.name, course=enrolment.offer.title), "success")
        return redirect_to(url_for("citizens.citizen", citizen_id=person.id,
                                   formaal=Purpose.COURSE.value, _anchor="enrolments-heading"))
    return render_form(TEMPLATE, form, "form", **context)
