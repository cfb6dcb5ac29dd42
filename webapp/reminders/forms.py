"""The browser's push subscription, as reminders.js sends it."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField, ValidationError
from wtforms.validators import DataRequired, Length

from webapp.forms import Form
from webapp.reminders.services import push_service_allowed


class SubscriptionForm(Form):
    """A PushSubscription: where to send, and the browser's keys."""

    endpoint = StringField(validators=[DataRequired(), Length(max=1000)])
    p256dh = StringField(validators=[DataRequired(), Length(max=200)])
    auth = StringField(validators=[DataRequired(), Length(max=100)])

    def validate_endpoint(self, field):
        if not push_service_allowed(field.data):
            raise ValidationError(_l("This browser's reminder service is not one we know."))


class TurnOffForm(Form):
    """Turn reminders off on every device: only the CSRF token."""
