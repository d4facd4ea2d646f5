"""Error Surface Explorer: page config, navigation, and shared state."""

from pathlib import Path

import streamlit as st

from ui.share import link_notice
from ui.state import init_state

st.set_page_config(
    page_title="Error Surface Explorer",
    # A local file: a ":material/…:" page icon is fetched from a public font CDN
    # (the navigation's icons come from Streamlit's bundled font and stay).
    page_icon=str(Path(__file__).parent / "assets" / "favicon.png"),
    layout="wide",
    initial_sidebar_state="auto",
)
# Less empty space above the title: the figure is what a projector should show.
st.html(
    "<style>[data-testid='stMainBlockContainer']{padding-top:3rem;padding-bottom:2rem}"
    "@media (max-width:640px){[data-testid='stMainBlockContainer']{padding-top:4.5rem}}"
    "h1{font-size:2rem !important;padding-top:0 !important}"
    # The shared link's copy button sits over the code block's top right.
    "[data-testid='stSidebar'] [data-testid='stCode'] pre{padding-right:2.5rem}</style>"
)
init_state()
link_notice()  # what a shared link held that the app could not use
page = st.navigation(
    [
        st.Page(
            "views/error_surface.py",
            title="Error surface",
            icon=":material/landscape:",
            default=True,
        ),
        st.Page("views/compare_eta.py", title="Compare η", icon=":material/compare_arrows:"),
        st.Page("views/convergence_map.py", title="Convergence map", icon=":material/grid_on:"),
        st.Page("views/optimizers.py", title="Optimizers", icon=":material/sprint:"),
        st.Page("views/taylor.py", title="Why the gradient?", icon=":material/explore:"),
        st.Page("views/data.py", title="Your data", icon=":material/table_chart:"),
    ]
)
page.run()
