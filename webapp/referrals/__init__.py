"""Self-referrals (§ 82 a): asking to join a group, the citizen's inquiries, and the
counsellors' referral queue."""

from flask import Blueprint

bp = Blueprint("referrals", __name__)
