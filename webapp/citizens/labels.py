"""Plain words for the § 85 packages and support levels, for counsellors and citizens."""

from flask_babel import lazy_gettext as _l

from webapp.enrolments.models import Package, SupportLevel

#: package → (name, what it means in plain words to the citizen)
PACKAGES = {
    Package.CLARIFICATION: (_l("Clarification course"),
                            _l("4 months where you and your counsellor find out what support "
                               "you need.")),
    Package.PACKAGE_1: (_l("Package 1"), _l("Support in a group.")),
    Package.PACKAGE_2: (_l("Package 2"),
                        _l("Support in a group and on your own with a counsellor.")),
    Package.PACKAGE_3: (_l("Package 3"), _l("Support on your own with a counsellor.")),
    Package.PHASE_OUT: (_l("Phasing out"),
                        _l("3 to 6 months where you practise managing with less support.")),
}
#: what a package means, said about the citizen to a counsellor, where the words differ
STAFF_MEANINGS = {
    Package.CLARIFICATION: _l("4 months where the citizen and the counsellor find out what "
                              "support the citizen needs."),
    Package.PACKAGE_2: _l("Support in a group and one-to-one with a counsellor."),
    Package.PACKAGE_3: _l("One-to-one support with a counsellor."),
    Package.PHASE_OUT: _l("3 to 6 months where the citizen practises managing with less "
                          "support."),
}

#: support level → (name, hours a week)
SUPPORT_LEVELS = {
    SupportLevel.LIGHT: (_l("Light support"), _l("1 to 2 hours a week")),
    SupportLevel.MODERATE: (_l("Moderate support"), _l("2 to 4 hours a week")),
    SupportLevel.HIGH: (_l("Substantial support"), _l("4 to 6 hours a week")),
    SupportLevel.EXTENSIVE: (_l("Extensive support"), _l("6 hours a week or more")),
}


def package_name(package: Package | None) -> str:
    return str(PACKAGES[package][0]) if package else ""


def package_meaning(package: Package | None, for_staff: bool = False) -> str:
    """What the package means: to the citizen ("you"), or about them to a counsellor."""
    if not package:
        return ""
    return str(STAFF_MEANINGS.get(package, PACKAGES[package][1]) if for_staff
               else PACKAGES[package][1])


def level_name(level: SupportLevel | None) -> str:
    """'Moderate support', without its hours."""
    return str(SUPPORT_LEVELS[level][0]) if level else ""


def support_level_name(level: SupportLevel | None) -> str:
    """'Moderate support, 2 to 4 hours a week'."""
    if level is None:
        return ""
    name, hours = SUPPORT_LEVELS[level]
    return f"{name}: {hours}"
