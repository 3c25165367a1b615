"""The one error every board rule and check raises: a machine code and a message for people."""


class BoardError(Exception):
    """A change that is not allowed or not valid; nothing was written.

    `code` is machine-readable (see docs/board-protocol.md), `message` is for people,
    in the active language.
    """

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message
