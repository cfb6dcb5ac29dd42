"""The catalogue's search and filters: a plain GET form, so a search can be shared."""

from babel.dates import get_day_names
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import SearchField, SelectField

from webapp.forms import Form
from webapp.offers.models import Admission, Topic
from webapp.offers.services import Criteria

#: plain words for each topic, as a citizen would say it
TOPIC_LABELS = {
    Topic.TRANSPORT: _l("Bus and train"),
    Topic.ANXIETY: _l("Anxiety and worry"),
    Topic.SOCIAL_SKILLS: _l("Being with others"),
    Topic.DAILY_STRUCTURE: _l("Everyday life and sleep"),
    Topic.ECONOMY: _l("Money and post"),
    Topic.FOOD: _l("Food and cooking"),
    Topic.MOVEMENT: _l("Exercise and walks"),
    Topic.CALM: _l("Calm and relaxation"),
    Topic.COMMUNITY: _l("Company and community"),
}

#: how a citizen gets into the group
ADMISSION_LABELS = {
    Admission.DROP_IN: _l("Just come along"),
    Admission.ASK_TO_JOIN: _l("You can ask for a place yourself"),
    Admission.THROUGH_COUNSELLOR: _l("Through your counsellor"),
}

TIME_LABELS = {
    "morning": _l("Morning (before 12.00)"),
    "afternoon": _l("Afternoon (12.00 to 17.00)"),
    "evening": _l("Evening (after 17.00)"),
}

MAX_QUERY = 100


def _all(label):
    return [("", label)]


def _fixed_choices() -> dict[str, list[tuple[str, str]]]:
    """The choices that do not come from the database, in the request's language."""
    days = get_day_names("wide", locale=get_locale())
    return {
        "topic": _all(str(_l("All topics"))) + sorted(
            ((t.value, str(label)) for t, label in TOPIC_LABELS.items()),
            key=lambda choice: choice[1]),
        "weekday": _all(str(_l("All days"))) + [
            (str(n + 1), days[n].capitalize()) for n in range(7)],
        "time": _all(str(_l("All day"))) + [(k, str(v)) for k, v in TIME_LABELS.items()],
        "admission": _all(str(_l("All ways"))) + [
            (a.value, str(label)) for a, label in ADMISSION_LABELS.items()],
    }


class CatalogueForm(Form):
    """Search and filters. A value the form does not know (an old link, a typo in the
    address) is ignored: the citizen sees all offers for that filter, never an error page.
    A search text the database cannot store is refused next to the field (`validate`)."""

    class Meta:
        csrf = False  # a GET form: nothing changes

    q = SearchField(_l("Search for a group"))
    topic = SelectField(_l("Topic"), validate_choice=False)
    municipality = SelectField(_l("Municipality"), validate_choice=False)
    weekday = SelectField(_l("Weekday"), validate_choice=False)
    time = SelectField(_l("Time of day"), validate_choice=False)
    admission = SelectField(_l("How to get in"), validate_choice=False)

    def __init__(self, formdata, municipalities):
        super().__init__(formdata)
        fixed = _fixed_choices()
        self.topic.choices = fixed["topic"]
        self.municipality.choices = _all(str(_l("Ishøj and Vallensbæk"))) + [
            (str(m.id), m.name) for m in municipalities]
        self.weekday.choices = fixed["weekday"]
        self.time.choices = fixed["time"]
        self.admission.choices = fixed["admission"]
        # Unknown values are dropped here, so the select shows "All" for them.
        for select in self.selects:
            if select.data not in {value for value, _label in select.choices}:
                select.data = ""
        self.q.data = " ".join((self.q.data or "").split())[:MAX_QUERY]

    def criteria(self) -> Criteria:
        """What to look for, in the service's terms."""
        return Criteria(
            text="" if self.q.errors else self.q.data,
            topic=Topic(self.topic.data) if self.topic.data else None,
            municipality_id=int(self.municipality.data) if self.municipality.data else None,
            weekday=int(self.weekday.data) if self.weekday.data else None,
            time_of_day=self.time.data or None,
            admission=Admission(self.admission.data) if self.admission.data else None,
        )

    @property
    def selects(self) -> tuple[SelectField, ...]:
        """The filters, in the order the form shows them."""
        return (self.topic, self.municipality, self.weekday, self.time, self.admission)

    def url_args(self) -> dict[str, str]:
        """The chosen search and filters, for links that keep them (pages, share)."""
        return {name: field.data for name, field in self._fields.items() if field.data}

    @property
    def filtered(self) -> bool:
        return bool(self.url_args())

    @property
    def filters_chosen(self) -> bool:
        """A filter other than the search text is chosen (the filters are then shown open)."""
        return any(name != "q" for name in self.url_args())

