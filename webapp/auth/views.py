"""Register, log in and log out."""

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from webapp.auth import bp, services
from webapp.auth.forms import LoginForm, RegisterForm
from webapp.errors import database_unreachable
from webapp.extensions import db, limiter, login_manager
from webapp.forms import rerun_on_csrf_error
from webapp.htmx import login_redirect, redirect_to, render_form
from webapp.i18n import LANGUAGE_COOKIE, available_languages
from webapp.urls import safe_next

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Log in to see this page.")
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id: str):
    if database_unreachable():
        return None  # the error page, shown as to a visitor (webapp/errors.py)
    return services.signed_in(int(user_id))


@login_manager.unauthorized_handler
def unauthorized():
    """Send the visitor to the login page, and back here afterwards."""
    flash(_("Log in to see this page."), "info")
    return login_redirect(request.full_path.rstrip("?"))


def remember_language_choice(user) -> None:
    """A language chosen on this device before logging in is the user's latest choice."""
    code = request.cookies.get(LANGUAGE_COOKIE)
    if code in available_languages() and code != user.language:
        services.set_language(user, code)
        db.session.commit()


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _login_email_key() -> str:
    return "login:" + services.normalise_email(request.form.get("email", ""))[:254]


def _failed(response) -> bool:
    # Count only failed attempts: a citizen who logs in fine is never slowed down.
    return response.status_code >= 400


@bp.route("/log-ind", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(_login_limit, key_func=_login_email_key, methods=["POST"], deduct_when=_failed)
@rerun_on_csrf_error
def login():
    """Log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            remember_language_choice(user)
            return redirect_to(safe_next(request.args.get("next")))
        form.password.errors.append(
            _("The e-mail or the password is not right. Check them and try again.")
        )
    return render_form("auth/login.html", form, "form")


@bp.route("/opret-konto", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REGISTER_RATE_LIMIT"], methods=["POST"])
@rerun_on_csrf_error
def register():
    """Create a citizen account."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                name=form.name.data, email=form.email.data, password=form.password.data,
                phone=form.phone.data,
            )
        except services.EmailTaken as taken:  # made a moment ago, by another request
            form.email.errors.append(taken.message)
            return render_form("auth/register.html", form, "form")
        remember_language_choice(user)
        db.session.commit()
        login_user(user)
        flash(_("Welcome to Sammen, %(name)s. Your account is ready.", name=user.first_name),
              "success")
        return redirect_to(safe_next(request.args.get("next")))
    return render_form("auth/register.html", form, "form")


@bp.route("/log-ud", methods=["POST"])
def logout():
    """Log out (a POST, so another site cannot log the user out)."""
    logout_user()
    flash(_("You are logged out."), "success")
    return redirect(url_for("main.index"), 303)
