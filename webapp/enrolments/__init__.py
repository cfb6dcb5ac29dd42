"""Enrolments: a citizen's place in a group course or offer over time (§ 85 packages and
levels), made by a counsellor or from an answered inquiry."""
