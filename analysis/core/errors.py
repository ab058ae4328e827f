"""One exception type for everything a user can cause (core stage).

The command line and the pages print its message as-is, so the message must be
a complete, plain sentence (Dutch or English) without a traceback.
"""


class InputError(Exception):
    """Bad input from a user: unreadable file, wrong format, missing column, ..."""


class StaleVersionError(Exception):
    """A save was based on an outdated version of a record; nothing was written."""


class PermissionDenied(Exception):
    """The current mode or role may not perform this action."""
