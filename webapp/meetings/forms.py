"""The afbud form: an optional reason from a short list, and optional words of one's own to
the group's counsellors."""

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


class AbsenceForm(Form):
    """Call in absence for one meeting. Both fields may be left empty."""

    reason = RadioField(_l("Why can you not come? You do not have to say."),
                        choices=REASONS, validators=[Optional()])
    #: who reads it is said on the form: only the group's counsellors (its facilitators;
    #: not an admin who is not one), see webapp.staff.attendance.counsels
    note = TextAreaField(
        _l("A message to the group's counsellors"),
        description=_l("Only the group's counsellors can read it. At most 300 characters."),
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
