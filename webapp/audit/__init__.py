"""Audit trail of staff access to citizens' data."""
