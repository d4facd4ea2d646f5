"""The one error the room store raises for a request it refuses."""


class RoomError(ValueError):
    """A request the store refused, with a message a page can show as is
    (it names the field and the rule, never echoes the request)."""


class RoomUnavailable(RuntimeError):
    """The database did not answer (down, locked or too slow): try again."""
