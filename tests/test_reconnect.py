"""ui.reconnect: a resumed session registers file watchers only when file
watching is on (with it off, Streamlit would scan every module's path)."""

from streamlit.runtime.app_session import AppSession
from streamlit.testing.v1.util import patch_config_options

import ui.reconnect


class _Session:
    def __init__(self) -> None:
        self.registered = False


def test_a_resumed_session_registers_no_watchers_when_watching_is_off(monkeypatch):
    session = _Session()
    original = ui.reconnect._register

    def record(self):
        self.registered = True

    monkeypatch.setattr(ui.reconnect, "_register", record)
    with patch_config_options({"server.fileWatcherType": "none"}):
        AppSession.register_file_watchers(session)  # type: ignore[arg-type]
    assert not session.registered
    with patch_config_options({"server.fileWatcherType": "poll"}):
        AppSession.register_file_watchers(session)  # type: ignore[arg-type]
    assert session.registered
    assert original.__name__ == "register_file_watchers"  # Streamlit's own, kept


def test_the_app_runs_with_file_watching_off():
    import tomllib
    from pathlib import Path

    config = tomllib.loads(
        (Path(__file__).resolve().parents[1] / ".streamlit/config.toml").read_text()
    )
    assert config["server"]["fileWatcherType"] == "none"
