"""The counsellors' side of the app."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/personale")

from webapp.staff import views  # noqa: E402,F401
