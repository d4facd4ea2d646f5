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
    an image, a heading, a list, LaTeX, an icon, an emoji or a coloured
    directive.

    Backslashes stop Markdown's own syntax; GitHub-flavoured autolinks
    (``www.`` in any case, ``scheme://``, ``name@host``) and Streamlit's
    ``:material/…:`` icons and ``:emoji:`` shortcodes ignore backslashes, so
    an invisible word joiner (U+2060) splits them where they start.
    """
    escaped = _MARKDOWN.sub(r"\\\g<0>", text)
    escaped = _BLOCK_START.sub(r"\1\\\2", escaped)  # "- x", "1. x" starting a line
    escaped = _WWW.sub("\\g<0>\u2060", escaped)  # "www" + joiner + "."
    escaped = _COLON_WORD.sub(":\u2060", escaped)  # ":material/…:", ":smile:", "http://"
    return escaped.replace("@", "\u2060@")  # "name@host": no e-mail link


# Enough to stop links, images, HTML, entities, code, emphasis, headings,
# LaTeX and directives (":red[…]" needs its bracket).
_MARKDOWN = re.compile(r"[\\`*_\[\]<~$|#&]")
# A block marker at the start of a line: a quote, a list item, a setext
# underline, an ordered item ("1." or "1)"); escaped, it is text. (Elsewhere
# ">" formats nothing: "η > 0" stays as written.)
_BLOCK_START = re.compile(r"(?m)^(\s*\d*)([->+=.)])")
_WWW = re.compile(r"(?i)www(?=\.)")
_COLON_WORD = re.compile(r":(?=\S)")


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
