"""Forms for the admin pages."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional

from webapp.admin import services
from webapp.auth import services as accounts
from webapp.auth.forms import PASSWORD_MAX, PASSWORD_MIN, PHONE_LENGTH, RegisterForm
from webapp.auth.models import Role
from webapp.citizens.forms import whole_number
from webapp.forms import Form


class StaffAccountForm(RegisterForm):
    """A new counsellor or admin account: the register fields plus the role. The admin fills
    it in for a new colleague, so it speaks about the colleague, not to "you", and the
    browser does not fill in the admin's own name, e-mail or password."""

    name = StringField(
        _l("The colleague's full name"),
        validators=[InputRequired(_l("Write the colleague's name.")),
                    Length(max=120, message=_l("The name can be at most 120 characters."))],
        render_kw={"autocomplete": "off"},
    )
    email = EmailField(
        _l("The colleague's work e-mail"),
        description=_l("The colleague logs in with it."),
        validators=[
            InputRequired(_l("Write the colleague's e-mail address.")),
            Length(max=254, message=_l("The e-mail address is too long.")),
            Email(message=_l("Write an e-mail address like name@example.dk."),
                  check_deliverability=False),
        ],
        render_kw={"autocomplete": "off"},
    )
    phone = StringField(
        _l("The colleague's phone number"),
        validators=[Optional(), PHONE_LENGTH],
        render_kw={"autocomplete": "off", "inputmode": "tel"},
    )
    password = PasswordField(
        _l("A first password for the colleague"),
        description=_l("At least 8 characters. Give it to the colleague in a safe way."),
        validators=[
            InputRequired(_l("Write a first password for the colleague.")),
            Length(min=PASSWORD_MIN, message=_l("The password must be at least 8 characters.")),
            Length(max=PASSWORD_MAX, message=_l("The password can be at most 128 characters.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    role = RadioField(
        _l("Role"),
        choices=[SelectChoice(Role.STAFF.value, _l("Counsellor")),
                 SelectChoice(Role.ADMIN.value, _l("Admin"))],
        default=Role.STAFF.value,
    )

    def validate_email(self, field):
        if accounts.email_taken(field.data):
            raise ValidationError(_l("There is already an account with this e-mail."))


class ResetPasswordForm(Form):
    """A new password for a staff member: made by Sammen, or typed by the admin."""

    how = RadioField(
        _l("New password"),
        choices=[SelectChoice("generate", _l("Make a password for me (shown once)")),
                 SelectChoice("type", _l("I will type the password"))],
        default="generate",
    )
    password = PasswordField(
        _l("The new password"),
        description=_l("At least 8 characters. Only if you type it yourself."),
        render_kw={"autocomplete": "new-password"},
    )

    def validate_how(self, field):
        if field.data not in ("generate", "type"):
            raise ValidationError(_l("Choose how to make the new password."))

    def validate_password(self, field):
        if self.how.data != "type":
            return
        if not field.data:
            raise ValidationError(_l("Write the new password."))
        if len(field.data) < PASSWORD_MIN:
            raise ValidationError(_l("The password must be at least 8 characters."))
        if len(field.data) > PASSWORD_MAX:
            raise ValidationError(_l("The password can be at most 128 characters."))


class MunicipalityForm(Form):
    name = StringField(_l("Name"), validators=[
        InputRequired(_l("Write the municipality's name.")),
        Length(max=80, message=_l("The name can be at most 80 characters."))])
    code = StringField(_l("Municipality code"),
                       description=_l("The official code, 3 digits. Ishøj is 183."),
                       validators=[InputRequired(_l("Write the municipality code."))],
                       render_kw={"inputmode": "numeric"})

    def __init__(self, *args, municipality_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality_id = municipality_id

    def validate_name(self, field):
        if services.name_taken(field.data, self.municipality_id):
            raise ValidationError(services.NAME_TAKEN)

    def validate_code(self, field):
        if not re.fullmatch(r"\d{3,4}", field.data or ""):
            raise ValidationError(_l("Write the code with 3 digits, like 183."))
        if services.code_taken(field.data, self.municipality_id):
            raise ValidationError(services.CODE_TAKEN)


class LocationForm(Form):
    name = StringField(_l("Name of the place"), validators=[
        InputRequired(_l("Write the name of the place.")),
        Length(max=120, message=_l("The name can be at most 120 characters."))])
    address = StringField(_l("Street and number"), validators=[
        InputRequired(_l("Write the street and number.")),
        Length(max=200, message=_l("The address can be at most 200 characters."))],
        render_kw={"autocomplete": "street-address"})
    postcode = StringField(_l("Postcode"), validators=[InputRequired(_l("Write the postcode."))],
                           render_kw={"inputmode": "numeric", "autocomplete": "postal-code"})
    city = StringField(_l("Town"), validators=[
        InputRequired(_l("Write the town.")),
        Length(max=80, message=_l("The town can be at most 80 characters."))])
    municipality_id = SelectField(_l("Municipality"), coerce=whole_number, validate_choice=False,
                               validators=[InputRequired(_l("Choose the municipality."))])
    step_free = BooleanField(_l("You can get in without steps"))
    access_note = TextAreaField(
        _l("Access in plain words"),
        description=_l("For example: lift, ramp, a door that opens by itself, toilets."),
        render_kw={"rows": 4},
        validators=[Optional(), Length(max=1000, message=_l(
            "Write at most 1000 characters."))])

    def __init__(self, municipalities, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality_id.choices = [(m.id, m.name) for m in municipalities]

    def validate_postcode(self, field):
        if not re.fullmatch(r"\d{4}", field.data or ""):
            raise ValidationError(_l("Write the postcode with 4 digits, like 2635."))

    def validate_municipality_id(self, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Choose the municipality."))

    def values(self) -> dict:
        return {"name": self.name.data, "address": self.address.data,
                "postcode": self.postcode.data, "city": self.city.data,
                "municipality_id": self.municipality_id.data, "step_free": self.step_free.data,
                "access_note": self.access_note.data or None}
