"""The afbud form: an optional reason from a short list, and optional words of one's own."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from webapp.forms import Form
from webapp.meetings.models import AbsenceReason

NOTE_MAX = 300

REASONS = [
    SelectChoice(AbsenceReason.ILL.value, _l("I am ill")),
    SelectChoice(AbsenceReason.APPOINTMENT.value, _l("I have another appointment")),
    SelectChoice(AbsenceReason.NOT_UP_TO_IT.value, _l("I do not have the energy today")),
    SelectChoice(AbsenceReason.TRANSPORT.value, _l("I cannot get there")),
    SelectChoice(AbsenceReason.OTHER.value, _l("Something else")),
]


def strip(value):
    return value.strip() if isinstance(value, str) else value


class AbsenceForm(Form):
    """Call in absence for one meeting. Both fields may be left empty."""

    reason = RadioField(_l("Why can you not come? You do not have to say."),
                        choices=REASONS, validators=[Optional()])
    note = TextAreaField(
        _l("Anything you want to tell the group leader"),
        description=_l("At most 300 characters."),
        filters=[strip],
        render_kw={"rows": 3},
    )

    def validate_note(self, field):
        # Checked here, not with a maxlength attribute: the browser would cut a pasted text
        # without a word, and the citizen would not know.
        if field.data and len(field.data) > NOTE_MAX:
            raise ValidationError(_("Write at most 300 characters. You wrote %(count)d.",
                                    count=len(field.data)))

    @property
    def absence_reason(self) -> AbsenceReason | None:
        return AbsenceReason(self.reason.data) if self.reason.data else None
