"""ui.streamlit_internals: each piece of Streamlit's internals the app uses
still does what the app needs on the pinned Streamlit, and on any other
version is skipped with one log line, never an error."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.proto.NumberInput_pb2 import NumberInput as NumberInputProto
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.state.common import WidgetMetadata
from streamlit.runtime.state.session_state import Serialized, WStates

from ui import streamlit_internals as internals

ROOT = Path(__file__).resolve().parents[1]


def test_the_tested_version_is_the_pinned_one_and_the_one_running():
    pin = re.search(r"^streamlit==(\S+)$", (ROOT / "requirements.txt").read_text(), re.M)
    assert pin is not None and pin.group(1) == internals.TESTED_STREAMLIT
    assert internals.running_version() == internals.TESTED_STREAMLIT


def test_on_an_untested_streamlit_each_piece_is_skipped_with_one_log_line(monkeypatch, caplog):
    monkeypatch.setattr(internals, "running_version", lambda: "9.9.9")
    monkeypatch.setattr(internals, "_said", set())
    with caplog.at_level(logging.WARNING, logger=internals.__name__):
        for _ in range(2):  # asked twice, said once
            assert internals.guard_widget_values() is False
            assert internals.watch_files_on_resume_only_if_watching() is False
            assert internals.component_manager() is None
            assert internals.session_id().startswith("thread ")
            assert internals.held_uploads("a session") == []
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 5
    assert (
        "Streamlit 9.9.9 is running, not the tested 1.67.0: skipped the widget-value guard "
        "(WStates.__getitem__) (a crafted widget value shows Streamlit's error instead of "
        "the previous value)."
    ) in lines
    assert all(line.startswith("Streamlit 9.9.9 is running, not the tested 1.67.0: skipped ")
               for line in lines)  # fmt: skip


def test_a_fresh_app_on_an_untested_streamlit_starts_without_the_patches():
    script = (
        "import streamlit\n"
        "streamlit.__version__ = '9.9.9'\n"
        "import ui\n"
        "from streamlit.runtime.app_session import AppSession\n"
        "from streamlit.runtime.state.session_state import WStates\n"
        "print(WStates.__getitem__.__qualname__, AppSession.register_file_watchers.__qualname__)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["WStates.__getitem__", "AppSession.register_file_watchers"]
    assert "not the tested 1.67.0: skipped the widget-value guard" in done.stderr
    assert "not the tested 1.67.0: skipped the reconnect fix" in done.stderr


def _number_input_states(sent: WidgetState) -> WStates:
    """Widget states holding one float number input (default 0.5, Streamlit's
    own deserializer) and the value a client sent for it."""
    from streamlit.elements.widgets.number_input import NumberInputSerde

    serde = NumberInputSerde(0.5, NumberInputProto.FLOAT, -10.0, 10.0)
    states = WStates()
    states.set_widget_metadata(
        WidgetMetadata(sent.id, serde.deserialize, serde.serialize, "double_value")
    )
    states.states[sent.id] = Serialized(sent)
    return states


def test_a_value_in_the_wrong_field_reads_as_the_default_and_streamlit_alone_raises():
    assert internals.guard_widget_values() is True  # installed once, by importing ui
    assert WStates.__getitem__ is not internals.original("WStates.__getitem__")
    sent = WidgetState(id="eta", string_value="not a number")
    assert _number_input_states(sent)["eta"] == 0.5
    # Streamlit's own decoding still raises on it (if not, the guard can go).
    with pytest.raises(TypeError):
        internals.original("WStates.__getitem__")(_number_input_states(sent), "eta")
    right = WidgetState(id="eta", double_value=2.5)
    assert _number_input_states(right)["eta"] == 2.5  # a right value is untouched


def test_a_resumed_session_registers_watchers_only_when_watching_is_on(monkeypatch):
    from streamlit.runtime.app_session import AppSession
    from streamlit.testing.v1.util import patch_config_options

    assert internals.watch_files_on_resume_only_if_watching() is True
    calls: list[object] = []
    monkeypatch.setitem(internals._originals, "AppSession.register_file_watchers",
                        calls.append)  # fmt: skip
    session = object()
    with patch_config_options({"server.fileWatcherType": "none"}):
        AppSession.register_file_watchers(session)  # type: ignore[arg-type]
    assert calls == []
    with patch_config_options({"server.fileWatcherType": "poll"}):
        AppSession.register_file_watchers(session)  # type: ignore[arg-type]
    assert calls == [session]


def test_streamlit_still_registers_watchers_on_resume_whatever_the_setting():
    """The fix's reason: if Streamlit checks the setting itself one day, this
    fails and the patch can go."""
    import inspect

    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    resume = inspect.getsource(WebsocketSessionManager._resume_stored_session)
    assert "existing_session.register_file_watchers()" in resume
    assert "fileWatcherType" not in resume
    assert 'get_option("server.fileWatcherType") != "none"' in inspect.getsource(
        AppSession.__init__
    )
    assert AppSession.register_file_watchers is not internals.original(
        "AppSession.register_file_watchers"
    )


def test_the_asset_folders_are_served_as_components_with_their_files():
    from streamlit.components.v2.component_definition_resolver import (
        build_definition_with_validation,
    )
    from streamlit.components.v2.component_manager import BidiComponentManager

    manager = BidiComponentManager()
    folder = ROOT / "ui" / "chart_component"
    internals.serve_asset_folders(manager, "explorer", {"chart": folder})
    assert manager.get_component_asset_root("explorer.chart") == folder
    made = build_definition_with_validation(
        manager=manager, component_key="explorer.chart", html=None, css="chart.css",
        js="entry.js",
    )  # fmt: skip
    assert Path(str(made.js)) == folder / "entry.js"
    assert Path(str(made.css)) == folder / "chart.css"
    internals.serve_asset_folders(manager, "explorer", {"chart": folder})  # twice: no error


def test_the_session_id_is_the_script_runs_and_outside_one_the_threads():
    from streamlit.testing.v1 import AppTest

    def page() -> None:
        import streamlit as st

        from ui.streamlit_internals import session_id

        st.text(session_id())

    at = AppTest.from_function(page).run()
    assert not at.exception
    inside = at.text[0].value
    assert inside and not inside.startswith("thread ")
    assert internals.session_id().startswith("thread ")


def test_the_files_a_session_holds_are_read_from_streamlits_upload_manager():
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec

    manager = MemoryUploadedFileManager(internals.UPLOAD_ROUTE.rstrip("/"))
    assert internals.files_held(manager, "s1") == []
    manager.add_file("s1", UploadedFileRec("f1", "a.csv", "text/csv", b"x,y\n"))
    manager.add_file("s1", UploadedFileRec("f2", "b.csv", "text/csv", b"x,y\n"))
    manager.add_file("s2", UploadedFileRec("f3", "c.csv", "text/csv", b"x,y\n"))
    assert internals.files_held(manager, "s1") == ["f1", "f2"]


def test_the_routes_named_here_are_streamlits():
    import streamlit
    from streamlit.web.server.starlette import starlette_routes as routes

    assert "/" + routes._ROUTE_COMPONENTS_V2 == internals.COMPONENT_ROUTE + "{path:path}"
    assert "/" + routes.BASE_ROUTE_UPLOAD_FILE + "/" == internals.UPLOAD_ROUTE
    page = (Path(streamlit.__file__).parent / "static" / "index.html").read_text()
    assert re.search(r'<script[^>]* src="\.' + re.escape(internals.APP_BUNDLE) + r"\.", page)
    # The early start of Plotly.js (a literal script: test_security) uses both.
    from ui.browser_chart import preload

    source = Path(preload.__code__.co_filename).read_text()
    assert f"script[src*='{internals.APP_BUNDLE}']" in source
    assert internals.COMPONENT_ROUTE[1:] + "explorer.plotly/plotly.min.js" in source


DOOR = ROOT / "ui" / "streamlit_internals.py"
PACKAGES = sorted(p for d in ("ui", "views", "rooms") for p in (ROOT / d).rglob("*.py"))
APP_SOURCES = [*(p for p in PACKAGES if p != DOOR), ROOT / "app.py", ROOT / "serve.py"]
# Streamlit's packages behind ``st.``: reached only through the door.
INTERNAL = {"runtime", "web", "proto", "elements", "delta_generator", "config", "watcher"}


def private_streamlit_uses(source: str) -> list[str]:
    """Each import of a Streamlit module other than ``streamlit`` itself, each
    ``from streamlit import`` of a module or an underscored name, and each
    ``st.<internal package>`` or ``st._name`` in ``source``."""
    import ast
    import types

    import streamlit

    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("streamlit.")]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("streamlit."):
            found.append(str(node.module))
        elif isinstance(node, ast.ImportFrom) and node.module == "streamlit":
            found += [
                f"streamlit.{a.name}" for a in node.names
                if a.name.startswith("_")
                or isinstance(getattr(streamlit, a.name, None), types.ModuleType)
            ]  # fmt: skip
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in ("st", "streamlit")
            and (node.attr.startswith("_") or node.attr in INTERNAL)
        ):
            found.append(f"st.{node.attr}")
    return found


@pytest.mark.parametrize("path", APP_SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_door_reaches_into_streamlit(path):
    assert private_streamlit_uses(path.read_text(encoding="utf-8")) == [], (
        f"{path.relative_to(ROOT)}: use ui.streamlit_internals (or Streamlit's public API)"
    )


def test_the_door_check_sees_each_kind_of_private_use():
    source = (
        "import streamlit as st\nimport streamlit.runtime\n"
        "from streamlit.runtime import Runtime\nfrom streamlit import config, get_option\n"
        "from streamlit.delta_generator import DeltaGenerator\nst.runtime.exists()\n"
        "st._main\nst.components.v2.component\nst.get_option('x')\n"
    )
    assert sorted(private_streamlit_uses(source)) == [
        "st._main", "st.runtime", "streamlit.config", "streamlit.delta_generator",
        "streamlit.runtime", "streamlit.runtime",
    ]  # fmt: skip


def test_on_an_untested_streamlit_a_page_runs_and_says_what_is_not_drawn(monkeypatch):
    from app_helpers import new_app, text

    monkeypatch.setattr(internals, "running_version", lambda: "9.9.9")
    monkeypatch.setattr(internals, "_said", set())
    at = new_app()  # no exception
    notes = [info.value for info in at.info]
    said = (
        "This chart is not drawn: the app's components are tested with Streamlit 1.67.0, "
        "and this server runs 9.9.9."
    )
    assert any(n.startswith(said) for n in notes)
    assert any(n.startswith("The share link is not drawn") for n in notes)
    assert at.get("bidi_component") == []
    assert not at.error  # and the page's numbers are still there
    assert "Final (w, b) = (1.7917, -2.2821) after 1000 epochs" in text(at)
