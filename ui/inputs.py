"""What a client sends, checked before a page reads it. A widget only sends
what it allows, but a crafted client can send anything under a widget's key
(NaN for epochs, a float for a seed, a value that is not an option):
:func:`sanitise` checks each value against its entry in ``ui.schema``,
keeps the last good value in place of a bad one, and says which field broke
which rule. :func:`plain` makes any such text safe to show.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping
from typing import Any

from ui.schema import SETTINGS, Setting, shown

__all__ = ["SETTINGS", "plain", "sanitise", "shown"]


def plain(text: str) -> str:
    """``text`` with Markdown's special characters escaped, for ``st.error``
    and friends: what a user typed or named shows as typed, never as a link,
    an image, LaTeX or a coloured directive."""
    escaped = _MARKDOWN.sub(r"\\\g<0>", text)
    # and no bare URL turns into a link (GitHub-flavoured autolinks, which
    # backslashes do not stop): an invisible word joiner splits the scheme.
    return escaped.replace("://", ":\u2060//").replace("www.", "www\u2060.")


# Enough to stop links, images, HTML, code, emphasis, LaTeX and directives
# (":red[…]" needs its bracket); a "." or "-" mid-sentence formats nothing.
_MARKDOWN = re.compile(r"[\\`*_\[\]<~$|]")


def sanitise(state: MutableMapping[Any, Any], last_good: Mapping[str, Any]) -> list[str]:
    """Check every setting present in ``state``: a value that breaks its rule
    is replaced by the one in ``last_good`` (or removed, so its widget starts
    from its default); a whole float for an integer becomes an int.

    Returns:
        One message per refused value, naming the field and the rule.
    """
    messages = []
    for key, setting in SETTINGS.items():
        if key not in state:
            continue
        value = state[key]
        try:
            checked = setting.check(value)
        except ValueError as error:
            messages.append(str(error))
            _restore(state, setting, last_good)
            continue
        if type(checked) is not type(value):  # only write what changed: see _restore
            state[key] = checked
    return messages


def _restore(
    state: MutableMapping[Any, Any], setting: Setting, last_good: Mapping[str, Any]
) -> None:
    try:
        state[setting.key] = setting.check(last_good[setting.key])
    except (KeyError, ValueError):
        # Setting a widget's key that its widget also gives a value= makes
        # Streamlit warn on the page; removed, the widget starts afresh.
        del state[setting.key]
