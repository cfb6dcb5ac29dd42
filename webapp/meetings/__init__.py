"""Meetings from the citizen's side: Kalender, sign-ups, afbud."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)
