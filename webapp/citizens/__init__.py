"""Citizens in my groups: the list, the citizen page and § 85 enrolments."""

from flask import Blueprint

bp = Blueprint("citizens", __name__, url_prefix="/personale/borgere")
