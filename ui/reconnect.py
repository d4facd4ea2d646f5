"""One fix inside Streamlit: a session resumed after a network blip does not
scan every imported module.

With ``server.fileWatcherType = "none"`` (``.streamlit/config.toml``) a new
session registers no file watchers, but Streamlit 1.67 registers them when a
browser reconnects to an existing session
(``websocket_session_manager._resume_stored_session`` calls
``AppSession.register_file_watchers`` whatever the setting). Nothing is
watched even then, yet the session's next finished rerun lists the paths of
every imported module (~1,400, a ``realpath`` each): ~90 ms on the server's
event loop, which every other session's messages wait for — measured as the
slowest step of the classroom round in ``benchmarks/load.py``. Here a resumed
session registers watchers only when file watching is on, as a new one does.
"""

from __future__ import annotations

from streamlit import config
from streamlit.runtime.app_session import AppSession


def _register_if_watching(self: AppSession) -> None:
    if config.get_option("server.fileWatcherType") != "none":
        _register(self)


if AppSession.register_file_watchers.__name__ != _register_if_watching.__name__:
    _register = AppSession.register_file_watchers
    AppSession.register_file_watchers = _register_if_watching  # type: ignore[method-assign]
