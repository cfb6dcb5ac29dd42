"""Enrolments: a citizen's place in a group course or offer over time (§ 85 packages and
levels), made by a counsellor or from an answered inquiry; staff change an ongoing one's
package or support level here."""

from flask import Blueprint

bp = Blueprint("enrolments", __name__, url_prefix="/personale/borgere")
