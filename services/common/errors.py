"""Errors the application reports to any entrypoint; messages name no personal data."""


class NotFound(Exception):
    """The thing asked for does not exist."""


class Conflict(Exception):
    """The request contradicts what is already recorded."""


class PermissionDenied(Exception):
    """The caller may not see or do this."""


class FailedPrecondition(Exception):
    """The case is not in a state that allows this (for example, it is closed)."""


class Unavailable(Exception):
    """A store or log the answer depends on cannot be reached; retrying may work."""
