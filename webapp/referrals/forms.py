"""Asking to join a group (with a new account for a visitor), and a counsellor's answer."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.auth.forms import _PHONE, PHONE_LENGTH, RegisterForm
from webapp.forms import Form
from webapp.referrals.models import DeclineReason

HOPES_MAX = 1000
NEEDS_MAX = 500
LANGUAGE_MAX = 60
NOTE_MAX = 1000

CONTACT_METHODS = [
    SelectChoice("phone", _l("Phone call")),
    SelectChoice("email", _l("E-mail")),
    SelectChoice("app", _l("Message here in Sammen")),
]
CONTACT_TIMES = [
    SelectChoice("morning", _l("Morning")),
    SelectChoice("afternoon", _l("Afternoon")),
    SelectChoice("evening", _l("Evening")),
]
#: the words for the stored choices, for showing a request
CONTACT_LABELS = {choice.value: choice.label for choice in CONTACT_METHODS + CONTACT_TIMES}

#: the prepared reasons, in the words the citizen reads
DECLINE_REASONS = {
    DeclineReason.OTHER_GROUP: _l("We think another group suits you better."),
    DeclineReason.MORE_SUPPORT: _l("We think you need more support than the group can give. "
                                   "We will contact you to talk about what can help you."),
    DeclineReason.OUTSIDE_AREA: _l("The group is for citizens of Ishøj and Vallensbæk. "
                                   "Your own municipality can help you."),
    DeclineReason.NOT_RUNNING: _l("The group does not take new participants right now."),
    DeclineReason.OTHER: _l("Another reason (write it below)"),
}


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes; none ticked is fine."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def max_length(limit: int):
    """A length check that says how much was written. Not a maxlength attribute: the browser
    would cut a pasted text without a word, and the citizen would not know."""

    def check(form, field):
        if field.data and len(field.data) > limit:
            raise ValidationError(_("Write at most %(max)d characters. You wrote %(count)d.",
                                    max=limit, count=len(field.data)))

    return check


class ReferralForm(Form):
    """A logged-in citizen asks to join a group."""

    hopes = TextAreaField(
        _l("What do you hope to get from the group?"),
        description=_l("Write it in your own words. A few words are fine."),
        validators=[max_length(HOPES_MAX)], render_kw={"rows": 4},
    )
    contact_methods = MultiCheckboxField(_l("How do you want us to contact you?"),
                                         choices=CONTACT_METHODS)
    phone = StringField(
        _l("Phone number"),
        description=_l("Only if you want us to call you."),
        validators=[PHONE_LENGTH],
        render_kw={"autocomplete": "tel", "inputmode": "tel"},
    )
    contact_times = MultiCheckboxField(_l("When is a good time?"), choices=CONTACT_TIMES)
    needs_interpreter = BooleanField(_l("I need an interpreter"))
    interpreter_language = StringField(
        _l("Which language?"), validators=[max_length(LANGUAGE_MAX)],
    )
    needs_step_free = BooleanField(_l("I need to get in without steps"))
    other_needs = TextAreaField(
        _l("Anything else we should know?"),
        description=_l("For example if you find it hard to read, or need a break."),
        validators=[max_length(NEEDS_MAX)], render_kw={"rows": 3},
    )
    consent = BooleanField(
        _l("Yes, the municipality may use what I write here to answer my request."),
        validators=[InputRequired(_l("Tick the box, so we may use your information. "
                                     "We cannot answer you without it."))],
    )

    #: the order of the error summary: the order of the page
    ORDER = ("hopes", "contact_methods", "phone", "contact_times", "needs_interpreter",
             "interpreter_language", "needs_step_free", "other_needs")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        order = [name for name in self.ORDER if name in self._fields]
        rest = [name for name in self._fields if name not in order]
        self._fields = {name: self._fields[name] for name in order + rest}

    def validate_phone(self, field):
        if field.data and not _PHONE.match(field.data):
            raise ValidationError(_l("Write the phone number with digits, like 12 34 56 78."))
        if not field.data and "phone" in (self.contact_methods.data or []):
            raise ValidationError(_l("Write your phone number, so we can call you."))

    def validate_interpreter_language(self, field):
        if self.needs_interpreter.data and not field.data:
            raise ValidationError(_l("Write which language you need an interpreter for."))

    def referral_fields(self) -> dict:
        """What the inquiry itself holds."""
        interpreter = bool(self.needs_interpreter.data)
        return {
            "hopes": self.hopes.data or None,
            "contact_methods": list(self.contact_methods.data or []),
            "contact_times": list(self.contact_times.data or []),
            "needs_interpreter": interpreter,
            "interpreter_language": (self.interpreter_language.data or None) if interpreter
            else None,
            "needs_step_free": bool(self.needs_step_free.data),
            "other_needs": self.other_needs.data or None,
        }


class NewCitizenReferralForm(ReferralForm, RegisterForm):
    """A visitor asks to join and creates an account in the same form."""

    ORDER = (*ReferralForm.ORDER, "name", "email", "password")


#: the fields of a visitor's form kept in the session while they log in (never the password)
DRAFT_FIELDS = (*ReferralForm.ORDER, "name", "email")


class DecisionForm(Form):
    """A counsellor answers an inquiry."""

    decision = RadioField(
        _l("Your answer"),
        choices=[SelectChoice("offer", _l("Offer a place in the group")),
                 SelectChoice("waitlist", _l("Put on the waiting list")),
                 SelectChoice("decline", _l("Do not offer a place"))],
        validators=[InputRequired(_l("Choose an answer."))],
    )
    reason = SelectField(
        _l("Reason for not offering a place"),
        description=_l("The citizen reads it. Only for \"Do not offer a place\"."),
        choices=[SelectChoice("", _l("Choose a reason"))]
        + [SelectChoice(reason.value, text) for reason, text in DECLINE_REASONS.items()],
        validate_choice=False,
    )
    note = TextAreaField(
        _l("A message to the citizen"),
        description=_l("The citizen reads it. Write in plain words and say \"du\"."),
        validators=[max_length(NOTE_MAX)], render_kw={"rows": 4},
    )
    #: shown only when a colleague has taken the request: answering it anyway needs a tick
    instead = BooleanField(_l("Yes, I answer it instead"))

    def validate_reason(self, field):
        if field.data and field.data not in {reason.value for reason in DeclineReason}:
            field.data = ""
        if self.decision.data == "decline" and not field.data:
            raise ValidationError(_l("Choose a reason, so the citizen knows why."))

    def validate_note(self, field):
        if self.reason.data == DeclineReason.OTHER.value and self.decision.data == "decline" \
                and not field.data:
            raise ValidationError(_l("Write the reason in a message to the citizen."))

    @property
    def decline_reason(self) -> DeclineReason | None:
        if self.decision.data != "decline" or not self.reason.data:
            return None
        return DeclineReason(self.reason.data)
