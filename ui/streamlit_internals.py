"""Every use of Streamlit's internals, behind one door.

The rest of the app uses Streamlit's public API only (``import streamlit as
st``; ``tests/test_streamlit_internals.py`` fails on any other file that
imports a private Streamlit module). What it needs beyond that is here, and
each piece first checks that the running Streamlit is the version these were
written against and tested with (:data:`TESTED_STREAMLIT`, the pin in
``requirements.txt``). On any other version a piece is skipped, with one log
line naming what is skipped and why; it never raises, and nothing private is
imported (a module that moved would otherwise fail at import):

- :func:`guard_widget_values` (patch): a widget value in a protobuf field its
  widget does not use, or one its deserializer cannot read, is dropped as if
  never sent. A crafted client can put any field under any widget id;
  Streamlit then raises while decoding it, before the page runs, on every
  rerun of that session. Skipped: such a session shows Streamlit's error.
- :func:`watch_files_on_resume_only_if_watching` (patch): with
  ``server.fileWatcherType = "none"`` a new session registers no watchers,
  but Streamlit registers them when a browser reconnects to an existing
  session (``_resume_stored_session``); the session's next finished rerun
  then lists the paths of every imported module (~1,400, a ``realpath``
  each): ~90 ms on the event loop, the slowest step of the classroom round in
  ``benchmarks/load.py``. Skipped: reconnects are that much slower.
- :func:`component_manager` and :func:`serve_asset_folders`: the app's
  components (``ui.components``) are files of this checkout. Streamlit's
  documented route for file-backed components is a *package* manifest
  (``[tool.streamlit.component]`` in an installed distribution's
  ``pyproject.toml``, found by ``manifest_scanner`` among installed
  distributions when the runtime starts); this app is run from a checkout,
  not installed, so it hands the runtime the same manifest directly. The
  other documented route, inline ``js=`` text, would resend every module in
  each message and could not import the component's other modules. Skipped:
  pages say their charts are not drawn, and keep their numbers and words.
- :func:`session_id` (the script run's session, for fair compute slots) and
  :func:`held_uploads` (the files a session holds, for the upload cap).
  Skipped: the thread stands for the session; the cap counts nothing.
- :data:`COMPONENT_ROUTE`, :data:`UPLOAD_ROUTE`, :data:`APP_BUNDLE`: the
  paths Streamlit serves these under, named here (tests hold them to
  Streamlit's own routes).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

if TYPE_CHECKING:  # annotations only: the type of st.sidebar, st.columns(…)[0]
    from streamlit.components.v2.component_manager import BidiComponentManager
    from streamlit.delta_generator import DeltaGenerator as DeltaGenerator

TESTED_STREAMLIT = "1.67.0"  # = the pin in requirements.txt (a test holds them equal)
COMPONENT_ROUTE = "/_stcore/bidi-components/"  # + "<package>.<component>/<file>"
UPLOAD_ROUTE = "/_stcore/upload_file/"  # + "<session id>/<file id>"
APP_BUNDLE = "/static/js/index"  # Streamlit's own script in its page
_log = logging.getLogger(__name__)
_said: set[str] = set()
_PATCHED = "__esx_patched__"  # marks a function of ours installed into Streamlit
_originals: dict[str, Callable[..., Any]] = {}  # Streamlit's own, kept


def running_version() -> str:
    return str(st.__version__)


def tested(what: str, without: str) -> bool:
    """True if the running Streamlit is :data:`TESTED_STREAMLIT`; otherwise log
    once that ``what`` is skipped and what the app does ``without`` it."""
    seen = running_version()
    if seen == TESTED_STREAMLIT:
        return True
    if what not in _said:
        _said.add(what)
        _log.warning(
            "Streamlit %s is running, not the tested %s: skipped %s (%s).",
            seen, TESTED_STREAMLIT, what, without,
        )  # fmt: skip
    return False


def install() -> None:
    """Install both patches (each once; each checks the version first)."""
    guard_widget_values()
    watch_files_on_resume_only_if_watching()


def _patch(owner: Any, name: str, replacement: Callable[..., Any]) -> None:
    current = getattr(owner, name)
    if not getattr(current, _PATCHED, False):
        _originals[f"{owner.__name__}.{name}"] = current
        setattr(replacement, _PATCHED, True)
        setattr(owner, name, replacement)


def original(qualified_name: str) -> Callable[..., Any]:
    """Streamlit's own function a patch replaced (``"WStates.__getitem__"``)."""
    return _originals[qualified_name]


def guard_widget_values() -> bool:
    """Patch ``WStates.__getitem__`` (see the module's docstring); False if skipped."""
    if not tested(
        "the widget-value guard (WStates.__getitem__)",
        "a crafted widget value shows Streamlit's error instead of the previous value",
    ):
        return False
    from streamlit.proto.WidgetStates_pb2 import WidgetState
    from streamlit.runtime.state.session_state import Serialized, WStates

    errors = (TypeError, ValueError, OverflowError, AttributeError, IndexError)

    def decode_or_forget(self: WStates, key: str) -> Any:
        decode = original("WStates.__getitem__")
        state, metadata = self.states.get(key), self.widget_metadata.get(key)
        if isinstance(state, Serialized) and metadata is not None:
            field = state.value.WhichOneof("value")
            if field is not None and field != metadata.value_type:  # not its widget's field
                self.states[key] = Serialized(WidgetState(id=key))
        try:
            return decode(self, key)
        except errors:
            # Decode it as a widget that sent no value (its deserializer's
            # None: the previous value or the default). Replaced, not
            # removed: callers may be iterating over these states.
            self.states[key] = Serialized(WidgetState(id=key))
            return decode(self, key)

    _patch(WStates, "__getitem__", decode_or_forget)
    return True


def watch_files_on_resume_only_if_watching() -> bool:
    """Patch ``AppSession.register_file_watchers`` (see the module's
    docstring); False if skipped."""
    if not tested(
        "the reconnect fix (AppSession.register_file_watchers)",
        "a resumed session scans every imported module's path once",
    ):
        return False
    from streamlit import config  # as Streamlit's own AppSession reads it
    from streamlit.runtime.app_session import AppSession

    def register_if_watching(self: AppSession) -> None:
        if config.get_option("server.fileWatcherType") != "none":
            original("AppSession.register_file_watchers")(self)

    _patch(AppSession, "register_file_watchers", register_if_watching)
    return True


def component_manager() -> BidiComponentManager | None:
    """The active runtime's component registry (outside a runtime, a new
    one); ``None`` on an untested Streamlit."""
    if not tested("the app's components (BidiComponentManager)", "charts are not drawn"):
        return None
    from streamlit.components.v2.get_bidi_component_manager import get_bidi_component_manager

    return get_bidi_component_manager()


def serve_asset_folders(
    manager: BidiComponentManager, package: str, folders: dict[str, Path]
) -> None:
    """Serve each folder as component ``<package>.<name>`` from ``manager``'s
    runtime, as a package manifest ``[tool.streamlit.component]`` would
    (``manager`` comes from :func:`component_manager`: the version is checked)."""
    from streamlit.components.v2.manifest_scanner import ComponentConfig, ComponentManifest

    for name, folder in folders.items():
        if manager.get_component_path(f"{package}.{name}") is None:
            config = ComponentConfig(name, folder.name)
            manifest = ComponentManifest(name=package, version="1", components=[config])
            manager.register_from_manifest(manifest, folder.parent)


def session_id() -> str:
    """The current session's id (outside a Streamlit script run, or on an
    untested Streamlit, the thread's)."""
    if tested("the session's id (get_script_run_ctx)", "a thread stands for its session"):
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

        ctx = get_script_run_ctx(suppress_warning=True)
        if ctx is not None:
            return ctx.session_id
    return f"thread {threading.get_ident()}"


def held_uploads(session: str) -> list[str]:
    """The ids of the files session ``session`` holds on the running server
    (none on an untested Streamlit: the upload cap is then off)."""
    if not tested("the upload cap's count (uploaded_file_mgr.file_storage)", "no cap"):
        return []
    from streamlit.runtime import Runtime

    return files_held(Runtime.instance().uploaded_file_mgr, session)


def files_held(manager: Any, session: str) -> list[str]:
    """The ids of the files ``session`` holds in Streamlit's in-memory
    upload manager (``MemoryUploadedFileManager.file_storage``)."""
    return list(manager.file_storage.get(session, {}))  # list(): one atomic copy
