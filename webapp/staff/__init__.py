"""The counsellors' side of the app."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/personale")
