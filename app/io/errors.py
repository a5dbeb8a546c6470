"""The one error every reader raises for a file it cannot read, with a Chinese message."""


class ReadError(Exception):
    """A file that cannot be read; ``str()`` is a one-line message for the user."""


class WriteError(Exception):
    """A file that cannot be written; ``str()`` says what happened and what to do."""
