"""Errors the application reports to any entrypoint; messages name no personal data."""


class NotFound(Exception):
    """The thing asked for does not exist."""


class Conflict(Exception):
    """The request contradicts what is already recorded."""


class PermissionDenied(Exception):
    """The caller may not see or do this."""
