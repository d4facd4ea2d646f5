"""The link and the downloads, on every page (the Streamlit side of
``ui.url`` and ``gd_core.export``).

- :func:`apply_link` (from ``init_state``, once per session, before any
  widget exists): the link's settings into session state.
- :func:`link_notice` (from ``app.py``, above the page): what the link held
  that could not be used, until the student changes a setting.
- :func:`share_view` (one line at the end of each page): keeps the URL equal
  to what the page shows, and draws "Share this view" in the sidebar — the
  full link with a Copy link button, the runs as CSV, the animation as offline HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from gd_core.export import trajectories_csv
from gd_core.trajectory import Trajectory
from ui import components, room, url
from ui.animation_file import animation_html
from ui.schema import DATA_DEFAULTS, nearest_preset
from ui.url_codecs import data_note

LINK_READ = "link_read"
LINK_PROBLEMS = "link_problems"
LINK_FIRST_VIEW = "link_first_view"  # (page, query) the link opened as
MAX_PROBLEMS_SHOWN = 8
# The downloaded animation's title: the page's own (app.py's navigation).
ANIMATION_TITLES = {"error_surface": "Error surface", "compare_eta": "Compare η",
                    "optimizers": "Optimizers"}  # fmt: skip
# The plain values a link carries beside the settings (all but the editor's counter).
_OTHER_STATE = tuple(key for key in DATA_DEFAULTS if key != "data_version")


def apply_link() -> None:
    """The link's settings into session state, on the session's first run."""
    if LINK_READ in st.session_state:
        return
    st.session_state[LINK_READ] = True
    pairs = [(key, value) for key in st.query_params for value in st.query_params.get_all(key)]
    link = url.parse(pairs)
    for key, value in link.values.items():
        st.session_state[key] = value
    if "eta" in link.values:
        st.session_state["eta_preset"] = nearest_preset(link.values["eta"])
    st.session_state[LINK_PROBLEMS] = link.problems


def snapshot(settings: Any = None) -> dict[str, Any]:
    """The session-state values a link is written from; ``settings`` (the
    ``Settings`` a page computed with, after any fallback) overrides the
    widgets' values, so the link shows what the page shows."""
    state = {f.state: st.session_state[f.state] for f in url.FIELDS.values()}
    state.update({key: st.session_state.get(key) for key in _OTHER_STATE})
    if settings is not None:
        state.update({f.name: getattr(settings, f.name) for f in fields(settings)})
        if getattr(settings, "asked_epochs", None) is not None:  # cut by the work budget
            state["epochs"] = settings.asked_epochs
    return state


def link_notice() -> None:
    """One warning listing the link's unusable parameters (each named once,
    with its rule), shown until a setting changes."""
    problems: list[str] = st.session_state.get(LINK_PROBLEMS) or []
    if not problems:
        return
    first = st.session_state.get(LINK_FIRST_VIEW)
    if first is not None and url.to_query(first[0], snapshot()) != first[1]:
        st.session_state[LINK_PROBLEMS] = []  # the student has moved on
        return
    lines = problems[:MAX_PROBLEMS_SHOWN]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"… and {len(problems) - MAX_PROBLEMS_SHOWN} more, ignored too.")
    st.warning(
        "This link holds settings the app cannot use; the page shows the defaults for them.\n\n"
        + "\n".join(f"- {line}" for line in lines),
        icon=":material/link_off:",
    )


def page_url(query: Mapping[str, str]) -> str:
    """The full address of this view: the page's URL and the query string."""
    base = st.context.url or ""
    return base + ("?" + urlencode(query) if query else "")


def _write_url(query: dict[str, str]) -> None:
    query = {**query, **room.address()}  # a member's place stays in the address bar
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    if current != {key: [value] for key, value in query.items()}:
        st.query_params.from_dict(query)


def share_view(
    page: str,
    settings: Any,
    runs: Mapping[str, Trajectory],
    animation: Sequence[bytes] | None = None,
    table: tuple[str, Callable[[], str]] | None = None,
) -> None:
    """Keep the URL current and draw "Share this view" in the sidebar.

    Args:
        page: the page's key in ``ui.url.PAGES`` (also names the files).
        settings: the ``Settings`` the page computed with.
        runs: label → run, for the CSV.
        animation: the messages the page's chart component received
            (``ui.browser_chart.animated_views``): the file plays them with
            the component's own code (``ui.animation_file``), built only
            when the student downloads it.
        table: (what, CSV maker) to offer instead of the runs, for a page
            whose result is not runs (the convergence map's cells).
    """
    state = snapshot(settings)
    query = url.to_query(page, state)
    _write_url(query)
    if LINK_FIRST_VIEW not in st.session_state:
        st.session_state[LINK_FIRST_VIEW] = (page, query)
    name = page.replace("_", "-")
    with st.sidebar:
        st.markdown("**Share this view**")
        # Not st.code: its 1.5 MB highlighter held up every page's first charts.
        components.mount("link")(key="share_link", data={"url": page_url(query)})
        st.caption("This link opens the same view.")
        note = data_note(state)
        if note:
            st.caption(note)
        what, make_csv = table or ("runs", lambda: trajectories_csv(runs))
        st.download_button(
            f"Download {what} (CSV)", data=make_csv,
            file_name=f"{name}-{what}.csv", mime="text/csv", key="share_csv",
            on_click="ignore", icon=":material/download:", width="stretch",
        )  # fmt: skip
        if animation is not None:  # in the page's look: the layers carry it
            title = f"Error Surface Explorer: {ANIMATION_TITLES.get(page, name)}"
            st.download_button(
                "Download animation (HTML)",
                data=lambda: animation_html(animation, title),
                file_name=f"{name}-animation.html", mime="text/html", key="share_html",
                on_click="ignore", icon=":material/movie:", width="stretch",
                help="One file with the page's charts inside: it plays offline, with ▶ Play.",
            )  # fmt: skip
