"""Admin: staff accounts and their passwords, municipalities and meeting places."""

import logging

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from webapp.admin import bp, services
from webapp.admin.forms import (
    LocationForm,
    MunicipalityForm,
    ResetPasswordForm,
    StaffAccountForm,
)
from webapp.auth import services as accounts
from webapp.auth.models import STAFF_ROLES, Role, User
from webapp.extensions import db
from webapp.forms import rerun_on_csrf_error
from webapp.htmx import render, render_form
from webapp.offers.models import Location, Municipality
from webapp.security import admin_required

log = logging.getLogger(__name__)


@bp.route("/personale", methods=["GET", "POST"])
@admin_required
@rerun_on_csrf_error
def staff_accounts():
    """List staff accounts and create new ones."""
    form = StaffAccountForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(name=form.name.data, email=form.email.data,
                                        password=form.password.data, phone=form.phone.data,
                                        role=Role(form.role.data))
        except accounts.EmailTaken as taken:
            form.email.errors.append(taken.message)
        else:
            db.session.commit()
            log.info("admin %s created %s account %s", current_user.id, user.role.value,
                     user.id)
            flash(_("The account for %(name)s is ready.", name=user.name), "success")
            return redirect(url_for("admin.staff_accounts"), 303)
    staff = db.session.scalars(
        select(User).where(User.role.in_(STAFF_ROLES)).order_by(User.name)
    ).all()
    return render_form("admin/staff.html", form, staff=staff)


@bp.route("/personale/<int:user_id>/adgangskode", methods=["GET", "POST"])
@admin_required
@rerun_on_csrf_error
def reset_password(user_id: int):
    """Give a staff member a new password. A password Sammen makes is shown on the answer
    to the POST, once: it is never stored in plain text, never put in the session, and the
    page is not cached (no-store), so going back or reloading does not show it again."""
    user = services.staff_member(user_id)
    if user is None:
        abort(404)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        if form.how.data == "generate":
            password = services.generate_password()
            services.reset_password(current_user, user, password)
            return render("admin/password.html", user=user, form=form, new_password=password)
        services.reset_password(current_user, user, form.password.data)
        flash(_("%(name)s has a new password. Tell them in person or by phone.",
                name=user.name), "success")
        return redirect(url_for("admin.staff_accounts"), 303)
    return render_form("admin/password.html", form, user=user)


@bp.route("/kommuner", methods=["GET", "POST"])
@admin_required
@rerun_on_csrf_error
def municipalities():
    """List the municipalities and add one."""
    form = MunicipalityForm()
    if form.validate_on_submit() and _saved(form, Municipality()):
        flash(_("%(name)s is added.", name=form.name.data), "success")
        return redirect(url_for("admin.municipalities"), 303)
    return render_form("admin/municipalities.html", form, municipalities=services.municipalities())


@bp.route("/kommuner/<int:municipality_id>", methods=["GET", "POST"])
@admin_required
@rerun_on_csrf_error
def edit_municipality(municipality_id: int):
    """Change a municipality's name or code."""
    municipality = db.get_or_404(Municipality, municipality_id)
    form = MunicipalityForm(obj=municipality, municipality_id=municipality.id)
    if form.validate_on_submit() and _saved(form, municipality):
        flash(_("%(name)s is saved.", name=municipality.name), "success")
        return redirect(url_for("admin.municipalities"), 303)
    return render_form("admin/municipality.html", form, municipality=municipality)


def _saved(form: MunicipalityForm, municipality: Municipality) -> bool:
    """Save the municipality; when another admin took the name or the code a moment ago,
    say so next to the field, as the form says when they took it earlier."""
    try:
        services.save_municipality(current_user, municipality, form.name.data, form.code.data)
    except services.MunicipalityTaken as taken:
        form[taken.field].errors.append(taken.message)
        return False
    return True


@bp.route("/steder")
@admin_required
def locations():
    """The places where groups meet."""
    return render("admin/locations.html", locations=services.locations())


@bp.route("/steder/ny", methods=["GET", "POST"])
@admin_required
@rerun_on_csrf_error
def new_location():
    """Add a place where groups meet."""
    return _location_form(Location(), None)


@bp.route("/steder/<int:location_id>", methods=["GET", "POST"])
@admin_required
@rerun_on_csrf_error
def edit_location(location_id: int):
    """Change a place: its address, municipality and access."""
    location = db.get_or_404(Location, location_id)
    return _location_form(location, location)


def _location_form(location: Location, existing: Location | None):
    form = LocationForm(services.municipalities(), obj=existing)
    if form.validate_on_submit():
        services.save(current_user, location, **form.values())
        flash(_("%(name)s is saved.", name=location.name), "success")
        return redirect(url_for("admin.locations"), 303)
    return render_form("admin/location.html", form, location=existing)
