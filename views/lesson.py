"""Lesson: the lecture in its own order, one step at a time. The lecture's
words, the staged view, a prediction, then Reveal: the run and the coach."""

from functools import partial

import streamlit as st

from gd_core.lesson import STEPS, coach
from ui import lesson, presenter, url
from ui.browser_chart import preload
from ui.data import data_badge
from ui.inputs import plain
from ui.lesson_charts import after_reveal, before_reveal
from ui.looks import look_controls
from ui.share import share_view, snapshot

PAGE_FILES = {
    "error_surface": "views/error_surface.py", "taylor": "views/taylor.py",
    "convergence_map": "views/convergence_map.py", "optimizers": "views/optimizers.py",
}  # fmt: skip

number, step = lesson.current_step()
if (note := lesson.too_large_note()) is not None:
    st.info(note, icon=":material/speed:")
lesson.stage(step)
key = f"lesson_chart_{step.slug}"
lesson.take_click(step, key)  # a click on the contour: a point question's prediction
preload()
presenter.style()
if not presenter.on():  # the projector's screen is for the step
    st.title("Lesson: gradient descent, the lecture's way")
data_badge()
st.progress(number / len(STEPS), text=f"Step {number} of {len(STEPS)}: **{step.title}**")
words, charts = presenter.layout()  # side by side in presenter mode: one step per screen

with words:
    # In presenter mode the source on the quote's own line: one screen.
    gap = " " if presenter.on() else "\n>\n> "
    st.markdown(f"> “{step.quote}”{gap}— the lecture ({step.slide_time})")
    st.markdown(f"**Look at:** {step.look_at}")

revealed = step.slug in st.session_state[lesson.REVEALED]
question = step.question
if not revealed:
    with charts:
        before_reveal(step, key)

with words:
    st.markdown(f"**Predict first.** {step.ask()}")
    if question.hint:
        st.caption(question.hint)
    if revealed and presenter.on():
        pass  # one screen: the coach below says what was predicted
    elif question.kind == "choice":
        st.radio("Your prediction", question.options, index=None, key=lesson.widget_key(step),
                 disabled=revealed, persist_state="session")  # fmt: skip
    elif question.kind == "number":
        st.number_input("Your prediction (epochs)", value=None, min_value=0.0, step=10.0,
                        format="%.0f", key=lesson.widget_key(step), disabled=revealed,
                        persist_state="session")  # fmt: skip
    else:
        point = lesson.prediction(step)
        st.markdown("Your click: " + (f"(w, b) = ({point[0]:.2f}, {point[1]:.2f})" if point
                                      else "none yet — click the contour."))  # fmt: skip
    problem_text = st.session_state.pop(lesson.PROBLEM, None)
    if problem_text:
        st.warning(plain(problem_text))

if not revealed:
    with words:
        st.button("Reveal", key=f"lesson_reveal_{step.slug}", type="primary",
                  args=(step, number), on_click=lesson.reveal, icon=":material/visibility:",
                  shortcut=presenter.shortcut("reveal"))  # fmt: skip
else:
    said = st.session_state[lesson.PREDICTIONS][step.slug]
    found = lesson.active_answer(step)
    with charts:
        after_reveal(step, found, key, said)
    verdict = coach(step, found, said, lesson.problem())
    with words:
        box = st.success if verdict.correct else st.error
        box(f"**{verdict.headline}** {plain(verdict.said)} {plain(verdict.right)}")
        st.markdown(plain(verdict.reason))
        st.info(f"The lecture: “{plain(verdict.lecture)}”", icon=":material/school:")
        st.button("Predict again", key=f"lesson_again_{step.slug}",
                  on_click=lesson.predict_again, args=(step,))  # fmt: skip

with words:
    left, right = st.columns(2)
    left.button("← Previous", key="lesson_prev", on_click=lesson.go, args=(-1,),
                disabled=number == 1, width="stretch",
                shortcut=presenter.shortcut("previous"))  # fmt: skip
    right.button("Next →", key="lesson_next", on_click=lesson.go, args=(1,),
                 disabled=number == len(STEPS), width="stretch",
                 shortcut=presenter.shortcut("next"))  # fmt: skip
    st.page_link(PAGE_FILES[step.page], label="Open this in the full page",
                     icon=":material/open_in_new:",
                     query_params=url.to_query(step.page, snapshot()))  # fmt: skip
    presenter.room_keys(None if revealed else partial(lesson.reveal_by_key, step, number))

with st.sidebar:
    done = st.session_state.get("lesson_done", ())
    st.markdown(f"**Your progress:** {len(done)} of {len(STEPS)} steps revealed")
# The charts' look: in the sidebar, or on the page when presenter mode hides it.
look_controls(st.container() if presenter.on() else st.sidebar)
st.toggle("Presenter mode: large type, no sidebar, keys → ← R (reveal) and space (play)",
          key="presenter", persist_state="session")  # fmt: skip
share_view("lesson", None, {}, table=("answers", lesson.session_csv))
