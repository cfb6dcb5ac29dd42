"""The profile's own settings."""


def set_discreet(user, discreet: bool) -> None:
    """Calendar entries and reminders say only "Sammen: møde kl. 10.00" (True) or name the
    group (False); the feed and the next reminders follow at once. The caller commits."""
    user.discreet_notifications = discreet
