"""Change the § 85 package or support level of an ongoing enrolment."""

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from webapp.citizens.forms import PackageAndLevel, joined
from webapp.citizens.labels import PACKAGES, SUPPORT_LEVELS, package_meaning
from webapp.enrolments.models import Enrolment, Package, SupportLevel
from webapp.forms import Form

CHOOSE_PACKAGE = _l("Choose a package.")
CHOOSE_LEVEL = _l("Choose a support level.")


def _one_of(values, message):
    """A radio's value must be one of its choices, said in our words (WTForms has no
    Danish)."""

    def check(form, field):
        if field.data not in values:
            raise ValidationError(message)

    return check


class ChangeSupportForm(PackageAndLevel, Form):
    """The package and the support level from now on; at least one must differ from now."""

    package = RadioField(
        _l("Package"), validate_choice=False,
        # what each package means, said about the citizen (this is a counsellor's form)
        choices=[SelectChoice(p.value, LazyString(
                     lambda name=name, p=p: f"{name}: {package_meaning(p, for_staff=True)}"))
                 for p, (name, _meaning) in PACKAGES.items()],
        validators=[InputRequired(CHOOSE_PACKAGE),
                    _one_of({p.value for p in Package}, CHOOSE_PACKAGE)],
    )
    support_level = RadioField(
        _l("Support level"), validate_choice=False,
        choices=[SelectChoice(level.value, joined(name, hours))
                 for level, (name, hours) in SUPPORT_LEVELS.items()],
        validators=[InputRequired(CHOOSE_LEVEL),
                    _one_of({level.value for level in SupportLevel}, CHOOSE_LEVEL)],
    )

    def __init__(self, enrolment: Enrolment, *args, **kwargs):
        kwargs.setdefault("package", enrolment.package.value if enrolment.package else None)
        kwargs.setdefault("support_level", enrolment.support_level.value
                          if enrolment.support_level else None)
        super().__init__(*args, **kwargs)
        self.enrolment = enrolment

    def validate(self, extra_validators=None) -> bool:
        """The fields, then that something changes."""
        if not super().validate(extra_validators):
            return False
        if self.chosen_package is self.enrolment.package \
                and self.chosen_level is self.enrolment.support_level:
            self.package.errors = [_l("This is the package and support level the citizen has "
                                      "now. Choose another package or support level.")]
            return False
        return True

