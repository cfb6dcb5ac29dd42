"""Meetings from the citizen's side: Kalender, sign-ups, afbud."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)

from webapp.meetings import views  # noqa: E402,F401
