"""Room: students join the teacher's room with its code and a nickname; the
teacher opens a room and gets two links (the students', the wall's)."""

import streamlit as st

import rooms
from ui import components, room
from ui.inputs import plain

JOINS, JOIN_SECONDS = 5, 30.0  # join attempts per session
OPENS, OPEN_SECONDS = 3, 600.0  # rooms opened per session


def _join(code: str, nickname: str) -> None:
    if not room.allowed("join", JOINS, JOIN_SECONDS):
        st.error(f"Too many tries: wait {JOIN_SECONDS:g} s before joining again.")
        return
    try:
        room.enter(rooms.unit(room.engine(), rooms.join, code, nickname))
    except rooms.RoomError as error:
        st.error(plain(f"Not joined: {error}."))
    except Exception as error:  # the database down, locked or slow
        st.warning(plain(f"The room cannot be reached now ({type(error).__name__}): "
                         "try joining again in a moment."))  # fmt: skip
    else:
        st.rerun()


def _open(hours: float) -> None:
    if not room.allowed("open", OPENS, OPEN_SECONDS):
        st.error(f"At most {OPENS} rooms per {OPEN_SECONDS / 60:g} minutes from one session.")
        return
    try:
        st.session_state["room_opened"] = rooms.unit(room.engine(), rooms.open_room, hours=hours)
    except rooms.RoomError as error:
        st.error(plain(f"No room opened: {error}."))
    except Exception as error:
        st.warning(plain(f"No room opened: the database did not answer ({type(error).__name__})."))


def _links(opened: rooms.OpenedRoom) -> None:
    base = (st.context.url or "").rstrip("/")
    base = base.removesuffix("/room")
    st.success(f"Room **{opened.code}** is open until {opened.expires_at:%Y-%m-%d %H:%M} UTC.")
    st.markdown("**The students' link** (or the code **" + opened.code + "** on this page):")
    components.mount("link")(
        key="room_student_link", data={"url": f"{base}/room?room={opened.code}"}
    )
    st.markdown("**Your link to the wall** — keep it to yourself: it holds the teacher key.")
    components.mount("link")(
        key="room_wall_link", data={"url": f"{base}/wall?room={opened.code}&key={opened.key}"}
    )
    st.page_link("views/wall.py", label="Open the wall", icon=":material/co_present:",
                 query_params={"room": opened.code, "key": opened.key})  # fmt: skip


st.title("Room")
member = room.outbox()
if member is not None:
    nickname = plain(str(st.session_state.get(room.NICKNAME, "")))
    st.success(f"You are in room **{member.code}** as {nickname}.", icon=":material/groups:")
    st.markdown(
        "Work as usual: each **Reveal** in the lesson, each **Send this run to the room** on "
        "the Error surface and each challenge attempt goes to your teacher's wall. "
        "Only your nickname and those answers are kept — nothing about your device."
    )
    st.page_link("views/lesson.py", label="Go to the lesson", icon=":material/school:")
    st.button("Leave the room", key="room_leave", on_click=room.leave)
else:
    st.markdown("Join your class's room: your teacher gives you its code or link.")
    with st.form("room_join"):
        # No max_chars: the widget would cut a longer value without a word;
        # the store refuses it, saying the rule.
        link_code = st.query_params.get("room") or st.session_state.get(room.LINK_CODE, "")
        code = st.text_input("Room code", value=str(link_code)[:32], key="room_code")
        nickname = st.text_input("Nickname: 1–24 characters, shown to your teacher",
                                 key="room_nickname_input")  # fmt: skip
        if st.form_submit_button(
            "Join", type="primary", icon=":material/login:", key="room_join_button"
        ):
            _join(code, nickname)

with st.expander("For the teacher: open a room", expanded=member is None):
    hours = st.number_input("Open for (hours)", min_value=1.0, max_value=720.0,
                            value=room.room_hours(), step=1.0, key="room_hours")  # fmt: skip
    st.button("Open a room", key="room_open", on_click=_open, args=(hours,),
              icon=":material/add_circle:")  # fmt: skip
    opened = st.session_state.get("room_opened")
    if isinstance(opened, rooms.OpenedRoom):
        _links(opened)
