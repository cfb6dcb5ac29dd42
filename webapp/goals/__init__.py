"""The citizen's own goals (Mål)."""

from flask import Blueprint

bp = Blueprint("goals", __name__)
