"""Guest codes: short, typed on a phone, read off a projector from the back of the room.

Six characters from an alphabet without look-alikes (no 0/O/Q, 1/I/L, 2/Z, 5/S, 8/B, 6/G):
22⁶ ≈ 113 million codes, against which the join form allows a few dozen wrong tries per
address (ideas/board/guest_views.py). Shown and typed in two groups of three ("KXT-94M").
"""
import re
import secrets

ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
LENGTH = 6
_SEPARATORS = re.compile(r"[\s\-–—_.]+")


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalised(typed):
    """The code as stored, from what someone typed (any case, spaces or dashes); "" when it cannot be one."""
    if not isinstance(typed, str):
        return ""
    code = _SEPARATORS.sub("", typed).upper()
    if len(code) != LENGTH or any(character not in ALPHABET for character in code):
        return ""
    return code


def shown(code):
    """The code as people read it: two groups of three."""
    return f"{code[:3]}-{code[3:]}" if code else ""
