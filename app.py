"""Error Surface Explorer: page config, navigation, shared state and the
sidebar's shared controls (drawn here, once, for whichever page runs)."""

from pathlib import Path

import streamlit as st

from gd_core import cancel
from ui import challenge, maps, room
from ui.controls import sidebar_controls
from ui.share import link_notice
from ui.state import init_state
from ui.waiting import still_wanted

st.set_page_config(
    page_title="Error Surface Explorer",
    # A local file: a ":material/…:" page icon is fetched from a public font CDN
    # (the navigation's icons come from Streamlit's bundled font and stay).
    page_icon=str(Path(__file__).parent / "assets" / "favicon.png"),
    layout="wide",
    initial_sidebar_state="auto",
)
# The page's own style rules are in assets/page.css, in every page's head (serve.py).
init_state()
link_notice()  # what a shared link held that the app could not use
# Each page, and what the sidebar shows on it: Compare η and Optimizers set
# their own learning rates; only the error surface runs the random search.
LESSON = st.Page("views/lesson.py", title="Lesson: start here", icon=":material/school:")
CONVERGENCE_MAP = st.Page(
    "views/convergence_map.py", title="Convergence map", icon=":material/grid_on:"
)
ROOM = st.Page("views/room.py", title="Room", icon=":material/groups:")
WALL = st.Page("views/wall.py", title="Wall (teacher)", icon=":material/co_present:")
PAGES = {
    LESSON: {},
    st.Page("views/error_surface.py", title="Error surface", icon=":material/landscape:",
            default=True): {"search": True},
    st.Page("views/compare_eta.py", title="Compare η", icon=":material/compare_arrows:"): {
        "learning_rate": False},
    CONVERGENCE_MAP: {},
    st.Page("views/optimizers.py", title="Optimizers", icon=":material/sprint:"): {
        "learning_rate": False},
    st.Page("views/taylor.py", title="Why the gradient?", icon=":material/explore:"): {},
    st.Page("views/data.py", title="Your data", icon=":material/table_chart:"): {},
    ROOM: {},
    WALL: {},
}  # fmt: skip
page = st.navigation(list(PAGES))
if page is not LESSON and "lesson" in st.query_params and "lesson_opened" not in st.session_state:
    st.session_state["lesson_opened"] = True  # ?lesson=5 on the bare address: the lesson
    st.switch_page(LESSON, query_params=st.query_params.to_dict())
if page is CONVERGENCE_MAP:
    maps.take_click()  # a click on a cell sets the start: before its inputs are drawn
room.restore()  # a reloaded member's place, from the address
room.sidebar_status()  # the room this session is in, and what waits to be sent
if not any(page is p for p in (LESSON, ROOM, WALL)):  # the lesson stages its settings
    sidebar_controls(**PAGES[page])
    if page.url_path == "" and not st.query_params:  # a bare link: a first visit
        st.page_link(
            LESSON,
            label="New here? Take the lesson: predict, then run, step by step",
            icon=":material/school:",
        )
with cancel.watching(still_wanted):  # a closed tab or a newer rerun stops the loops
    if page is not LESSON:
        challenge.make_challenge(page.url_path)
        challenge.banner(page.url_path)  # a link's goal, checked against this view now
    page.run()
