"""The profile's own settings: what calendar entries and reminders say about a meeting."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from webapp.forms import Form

#: the choice's values in the form
NAMED, DISCREET = "name", "discreet"
CHOOSE = _l("Choose what your calendar and reminders should say.")


class DiscreetForm(Form):
    """Calendar and reminders with the group's name, or only "Sammen: møde kl. 10.00"."""

    words = RadioField(
        _l("What should your calendar and reminders say about a meeting?"),
        choices=[SelectChoice(NAMED, _l("The name of the group, for example “Walk”")),
                 SelectChoice(DISCREET, _l("Only “Sammen: meeting at 10:00”"))],
        description=_l("Your calendar subscription follows within an hour. A meeting you "
                       "saved as a file keeps the words it had."),
        validators=[InputRequired(CHOOSE)], validate_choice=False,
    )

    def validate_words(self, field):
        if field.data not in (NAMED, DISCREET):
            raise ValidationError(CHOOSE)

    @property
    def discreet(self) -> bool:
        return self.words.data == DISCREET
