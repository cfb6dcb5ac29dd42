"""Staff accounts, made by an admin."""

import logging

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from webapp.admin import bp
from webapp.admin.forms import StaffAccountForm
from webapp.auth import services
from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.forms import rerun_on_csrf_error
from webapp.htmx import render
from webapp.security import admin_required

log = logging.getLogger(__name__)


@bp.route("/personale", methods=["GET", "POST"])
@admin_required
@rerun_on_csrf_error
def staff_accounts():
    """List staff accounts and create new ones."""
    form = StaffAccountForm()
    if form.validate_on_submit():
        user = services.create_user(name=form.name.data, email=form.email.data,
                                    password=form.password.data, phone=form.phone.data,
                                    role=Role(form.role.data))
        db.session.commit()
        log.info("admin %s created %s account %s", current_user.id, user.role.value, user.id)
        flash(_("The account for %(name)s is ready.", name=user.name), "success")
        return redirect(url_for("admin.staff_accounts"), 303)
    staff = db.session.scalars(
        select(User).where(User.role.in_([Role.STAFF, Role.ADMIN])).order_by(User.name)
    ).all()
    status = 422 if form.is_submitted() else 200
    return render("admin/staff.html", status=status, form=form, staff=staff)
