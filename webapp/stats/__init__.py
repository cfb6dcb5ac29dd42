"""Statistics for counsellors and admins: attendance, course length, goals, referrals."""

from flask import Blueprint

bp = Blueprint("stats", __name__, url_prefix="/personale/statistik")
