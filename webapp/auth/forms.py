"""Register, log in and profile forms."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField, ValidationError
from wtforms.validators import Email, InputRequired, Length, Optional

from webapp.auth import services
from webapp.auth.models import User
from webapp.forms import Form

PASSWORD_MIN = 8
PASSWORD_MAX = 128
_PHONE = re.compile(r"^\+?[0-9 ]{8,20}$")
#: a phone number is at most as long as the column that keeps it
PHONE_MAX = User.__table__.c.phone.type.length
PHONE_LENGTH = Length(max=PHONE_MAX, message=_l("The phone number is too long."))


def email_field(autocomplete: str) -> EmailField:
    return EmailField(
        _l("E-mail"),
        validators=[
            InputRequired(_l("Write your e-mail address.")),
            Length(max=254, message=_l("The e-mail address is too long.")),
            Email(message=_l("Write an e-mail address like name@example.dk."),
                  check_deliverability=False),
        ],
        render_kw={"autocomplete": autocomplete},
    )


class RegisterForm(Form):
    name = StringField(
        _l("Your name"),
        validators=[InputRequired(_l("Write your name.")),
                    Length(max=120, message=_l("Your name can be at most 120 characters."))],
        render_kw={"autocomplete": "name"},
    )
    email = email_field(autocomplete="email")
    phone = StringField(
        _l("Phone number"),
        description=_l("Not required. We only call you about your groups."),
        validators=[Optional(), PHONE_LENGTH],
        render_kw={"autocomplete": "tel", "inputmode": "tel"},
    )
    password = PasswordField(
        _l("Choose a password"),
        description=_l("At least 8 characters."),
        validators=[
            InputRequired(_l("Choose a password.")),
            Length(min=PASSWORD_MIN, message=_l("The password must be at least 8 characters.")),
            Length(max=PASSWORD_MAX, message=_l("The password can be at most 128 characters.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )

    def validate_email(self, field):
        if services.email_taken(field.data):
            raise ValidationError(services.EMAIL_TAKEN)

    def validate_phone(self, field):
        if field.data and not _PHONE.match(field.data.strip()):
            raise ValidationError(_l("Write the phone number with digits, like 12 34 56 78."))


class LoginForm(Form):
    email = email_field(autocomplete="username")
    password = PasswordField(
        _l("Password"),
        validators=[
            InputRequired(_l("Write your password.")),
            Length(max=PASSWORD_MAX, message=_l("The password can be at most 128 characters.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )
