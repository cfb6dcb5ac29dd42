"""The goal form and the check-in form, with the plain words for themes and goal types."""

import secrets
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired

from webapp.forms import Form
from webapp.goals.models import GoalStatus, GoalTheme, GoalType

TITLE_MAX = 200
NOTE_MAX = 300
#: the quality standard: goals are followed up at least once a year
FOLLOW_UP_DAYS = 365
#: what a date field accepts: the browser's date picker, and dates typed the Danish way
DATE_PATTERNS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")

#: each VUM theme: its name, a one-line plain explanation, and examples from the § 85
#: quality standard
THEMES = {
    GoalTheme.SELF_CARE: (
        _l("Self-care"), _l("Taking care of yourself and your day."),
        _l("For example: personal hygiene, getting up in the morning, a steady daily rhythm.")),
    GoalTheme.PRACTICAL_TASKS: (
        _l("Practical tasks"), _l("The tasks at home and with money and letters."),
        _l("For example: shopping and cooking, your money, understanding your post.")),
    GoalTheme.MOBILITY: (
        _l("Getting around"), _l("Moving about, at home and out in the world."),
        _l("For example: transport training, taking the bus or train on your own.")),
    GoalTheme.COMMUNICATION: (
        _l("Communication"), _l("Talking with others, and using phone and computer."),
        _l("For example: calling the doctor, using MitID, Digital Post or a calendar app.")),
    GoalTheme.RELATIONSHIPS: (
        _l("Relationships"), _l("Family, friends and the people around you."),
        _l("For example: seeing your family, making a friend, building a network.")),
    GoalTheme.COMMUNITY_LIFE: (
        _l("Community life"), _l("Taking part in life outside your home."),
        _l("For example: leisure activities, a club or association, work or education.")),
    GoalTheme.HEALTH: (
        _l("Health"), _l("Your body and your mind."),
        _l("For example: exercise, healthy food, keeping up your treatment.")),
}

#: the national FFB goal types: name and a plain explanation
GOAL_TYPES = {
    GoalType.DEVELOP: (_l("Develop"), _l("Get better at something.")),
    GoalType.MAINTAIN: (_l("Maintain"), _l("Keep what you can do now.")),
    GoalType.LIMIT_LOSS: (_l("Limit loss"), _l("Lose less of what you can do, or lose it "
                                               "more slowly.")),
}

STATUSES = {
    GoalStatus.ACTIVE: _l("Active"),
    GoalStatus.PAUSED: _l("Paused"),
    GoalStatus.ACHIEVED: _l("Achieved"),
    GoalStatus.ARCHIVED: _l("Archived"),
}


def too_long(field, limit: int) -> None:
    # Checked here, not with a maxlength attribute: the browser would cut a pasted text
    # without a word, and the citizen would not know.
    if field.data and len(field.data) > limit:
        raise ValidationError(_("Write at most %(max)d characters. You wrote %(count)d.",
                                max=limit, count=len(field.data)))


class DayField(DateField):
    """A date input (yyyy-mm-dd) whose parse error is ours, translated."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        for pattern in DATE_PATTERNS:
            try:
                self.data = datetime.strptime(valuelist[0].strip(), pattern).date()
                return
            except ValueError:
                continue
        self.data = None
        raise ValueError(_("Write the date like 24-11-2026, or pick it in the calendar."))


class GoalForm(Form):
    """A goal in the citizen's own words, its theme and type, and the optional extras."""

    title = StringField(
        _l("Your goal"),
        description=_l("Write it in your own words, like: Take the bus to Glostrup on my own."),
        validators=[DataRequired(_l("Write your goal in a few words."))],
    )
    theme = RadioField(_l("What is the goal about?"),
                       choices=[SelectChoice(t.value, v[0]) for t, v in THEMES.items()],
                       validate_choice=False,
                       validators=[InputRequired(_l("Choose what the goal is about."))])
    goal_type = RadioField(_l("What do you want?"),
                           choices=[SelectChoice(t.value, v[0]) for t, v in GOAL_TYPES.items()],
                           validate_choice=False,
                           validators=[InputRequired(_l("Choose what you want with the goal."))])
    offer_id = SelectField(_l("Group"), description=_l("A group you go to that helps with the "
                                                        "goal."),
                           validate_choice=False)
    target_date = DayField(_l("When do you want to reach the goal?"),
                           description=_l("Leave it empty if you do not know."))
    next_follow_up = DayField(
        _l("Next follow-up"),
        description=_l("When you and your counsellor talk about the goal. At the latest one "
                       "year from today."),
        validators=[InputRequired(_l("Choose a date for the next follow-up."))],
    )
    shared_with_staff = BooleanField(
        _l("Share the goal with a counsellor"),
        description=_l("If the goal has a group, the group's counsellors can see the goal and "
                       "your check-ins. If not, the counsellor you choose below. You can stop "
                       "sharing at any time, and it takes effect at once."),
    )
    shared_with_id = RadioField(
        _l("Which counsellor may see the goal?"),
        description=_l("Only if the goal has no group."),
        validate_choice=False,
    )
    #: new each time the form is shown: the same form sent twice makes one goal
    form_token = HiddenField(default=lambda: secrets.token_urlsafe(16))

    def __init__(self, *args, offers=(), counsellors=(), today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.offer_id.choices = [SelectChoice("", _("No group"))] + [
            SelectChoice(str(o.id), o.title) for o in offers]
        #: sharing is asked only of a citizen who has a counsellor to share with
        self.can_share = bool(counsellors)
        self.shared_with_id.choices = counsellor_choices(counsellors)

    def validate_title(self, field):
        too_long(field, TITLE_MAX)

    def validate_theme(self, field):
        if field.data not in {t.value for t in GoalTheme}:
            raise ValidationError(_("Choose what the goal is about."))

    def validate_goal_type(self, field):
        if field.data not in {t.value for t in GoalType}:
            raise ValidationError(_("Choose what you want with the goal."))

    def validate_offer_id(self, field):
        if field.data and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_("Choose one of your groups, or no group."))

    def validate_shared_with_id(self, field):
        if self.can_share and self.shared_with_staff.data and not self.offer_id.data:
            check_counsellor(field)

    def validate_target_date(self, field):
        if field.data and field.data < self.today:
            raise ValidationError(_("The date has passed. Choose today or a later date."))

    def validate_next_follow_up(self, field):
        if field.data and field.data < self.today:
            raise ValidationError(_("The date has passed. Choose today or a later date."))
        if field.data and field.data > self.today + timedelta(days=FOLLOW_UP_DAYS):
            raise ValidationError(_("Choose a date at most one year from today. Goals are "
                                    "followed up at least once a year."))

    @property
    def values(self) -> dict:
        """The form's data as Goal attributes. The sharing only when the form asked about it;
        the counsellor chosen by name only for a shared goal with no group."""
        offer_id = int(self.offer_id.data) if self.offer_id.data else None
        values = dict(title=self.title.data, theme=GoalTheme(self.theme.data),
                      goal_type=GoalType(self.goal_type.data), offer_id=offer_id,
                      target_date=self.target_date.data,
                      next_follow_up=self.next_follow_up.data)
        if self.can_share:
            shared = bool(self.shared_with_staff.data)
            values.update(shared_with_staff=shared, shared_with_id=(
                int(self.shared_with_id.data) if shared and offer_id is None else None))
        return values


def counsellor_choices(counsellors) -> list[SelectChoice]:
    """The counsellors by first name; the whole name where two have the same first name."""
    firsts = [person.first_name for person in counsellors]
    return [SelectChoice(str(person.id),
                         person.first_name if firsts.count(person.first_name) == 1
                         else person.name)
            for person in counsellors]


def check_counsellor(field) -> None:
    """The chosen counsellor is one of the choices (a goal with no group is shared with one
    counsellor by name)."""
    if field.data not in {choice.value for choice in field.choices}:
        raise ValidationError(_("Choose the counsellor who may see the goal."))


class ShareForm(Form):
    """Share a goal from its page. A goal with no group asks which counsellor may see it."""

    shared_with_id = RadioField(_l("Which counsellor may see the goal?"),
                                validate_choice=False)

    def __init__(self, *args, goal, counsellors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.goal = goal
        self.shared_with_id.choices = counsellor_choices(counsellors)

    def validate_shared_with_id(self, field):
        if self.goal.offer_id is None:
            check_counsellor(field)

    @property
    def counsellor_id(self) -> int | None:
        return int(self.shared_with_id.data) if self.goal.offer_id is None else None


class CheckInForm(Form):
    """A score from 1 to 10 (ten large buttons) and an optional short note."""

    score = RadioField(_l("Score"), choices=[SelectChoice(str(n), str(n)) for n in range(1, 11)],
                       validate_choice=False)
    note = TextAreaField(
        _l("A few words about it"),
        description=_l("At most 300 characters."),
        render_kw={"rows": 2},
    )

    def validate_score(self, field):
        if self.score_value is None:
            raise ValidationError(_("Choose a number from 1 to 10."))

    def validate_note(self, field):
        too_long(field, NOTE_MAX)

    @property
    def score_value(self) -> int | None:
        """The chosen score, or None when it is missing or not 1–10."""
        try:
            value = int(self.score.data or "")
        except ValueError:
            return None
        return value if 1 <= value <= 10 else None
