"""Reminders: Web Push subscriptions and the messages sent to citizens' devices."""

from flask import Blueprint

bp = Blueprint("reminders", __name__)
