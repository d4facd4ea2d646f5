"""The wall: a room's predictions, runs and challenge attempts as they come
in, for its teacher (the room's key is required). It refreshes itself every
1 s (a fragment: the rest of the page is not run again)."""

import streamlit as st

import rooms
from ui import presenter, room, wall
from ui.inputs import plain

REFRESH_SECONDS = 1.0
LAST = "wall_last"  # the last wall read, shown while the database does not answer

for name in ("room", "key"):  # the link's room and key, then the key out of the address
    if name in st.query_params:
        st.session_state[f"wall_{name}"] = str(st.query_params[name])[:64]
if "key" in st.query_params:
    del st.query_params["key"]
code, key = st.session_state.get("wall_room"), st.session_state.get("wall_key")

presenter.style()
st.title("The class's wall")
if not code or not key:
    st.info("Open the teacher's link of a room (the Room page gives it when you open one).",
            icon=":material/key:")  # fmt: skip
    st.stop()


@st.fragment(run_every=REFRESH_SECONDS)
def live() -> None:
    seen: rooms.Wall | None
    try:
        seen = rooms.unit(room.engine(), rooms.wall, code, key)
    except rooms.RoomError as error:
        st.error(plain(f"No wall: {error}."), icon=":material/lock:")
        return
    except Exception as error:  # the database down, locked or slow: the last wall stays
        seen = st.session_state.get(LAST)
        st.warning(plain(f"The room's database did not answer ({type(error).__name__}): "
                         f"trying again every {REFRESH_SECONDS:g} s."),
                   icon=":material/cloud_off:")  # fmt: skip
        if seen is None:
            return
    st.session_state[LAST] = seen
    st.caption(f"Room {seen.code} · open until {seen.expires_at:%Y-%m-%d %H:%M} UTC · "
               f"refreshes every {REFRESH_SECONDS:g} s")  # fmt: skip
    wall.draw(seen)
    st.download_button("Download the room (CSV)", data=wall.wall_csv(seen),
                       file_name=f"room-{seen.code}.csv", mime="text/csv", key="wall_csv",
                       on_click="ignore", icon=":material/download:")  # fmt: skip


live()
st.toggle("Presenter mode: large type, no sidebar", key="presenter", persist_state="session")
