"""The citizen's own goals (Mål)."""

from flask import Blueprint

bp = Blueprint("goals", __name__)

from webapp.goals import views  # noqa: E402,F401
