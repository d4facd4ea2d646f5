"""Optimizers: gradient descent's variants racing on the same surface from the
same start — momentum, Nesterov, stochastic, AdaGrad, RMSProp, Adam, line
search, Newton — with what each one adds drawn as it moves."""

import copy

import streamlit as st

import gd_core
from gd_core.figures.payload import RunSpec
from gd_core.figures.race import (
    effective_lr_figure,
    race_colours,
    race_loss_figure,
)
from gd_core.methods import METHODS
from gd_core.schedules import SCHEDULES
from ui import cache, ghost
from ui.browser_chart import animated_views, preload, static_chart
from ui.data import data_badge
from ui.inputs import plain
from ui.lecture import optimizer_code_panel
from ui.races import DEFAULT_RACE, MAX_RUNS, PRESETS, Race, describe, runnable, work
from ui.share import share_view
from ui.state import Settings, active_data, compute_or_fall_back
from ui.words import status_words


def _race() -> Race:
    if st.session_state.get("race") is None:
        st.session_state["race"] = copy.deepcopy(DEFAULT_RACE)
    race: Race = st.session_state["race"]
    return race


def _add() -> None:
    """Check the new method's settings with the core; add it, or say why not."""
    name = st.session_state["opt_method"]
    settings = {
        p.name: st.session_state[f"opt_{name}_{p.name}"] for p in METHODS[name].hyperparameters
    }
    settings["schedule"] = st.session_state[f"opt_{name}_schedule"]
    try:
        METHODS[name].optimizer(settings)
    except ValueError as error:
        st.session_state["race_notice"] = ("error", str(error))
        return
    race = _race()
    if len(race) >= MAX_RUNS:
        st.session_state["race_notice"] = (
            "warning",
            f"At most {MAX_RUNS} methods: remove one first.",
        )
        return
    race.append({"method": name, "settings": settings})
    st.session_state["race_notice"] = None


def _remove(index: int) -> None:
    race = _race()
    if len(race) > 1:
        race.pop(index)


def _preset(name: str) -> None:
    st.session_state["race"] = copy.deepcopy(PRESETS[name][1])
    st.session_state["race_preset"] = name
    st.session_state["w0"], st.session_state["b0"] = -2.0, -2.0


preload()  # Plotly.js loads while the rest of the page arrives
st.title("Optimizers")
data_badge()
st.markdown(
    "The lecture ends: *later in the course we will look at gradient descent in much more "
    "detail and discuss its variants.* Here they race on the lecture's surface from the same "
    "start. Momentum carries a velocity $update_t = \\gamma\\, update_{t-1} + \\eta \\nabla L$; "
    "Nesterov takes the gradient at the look-ahead point $\\theta - \\gamma\\, update_{t-1}$; "
    "AdaGrad, RMSProp "
    "and Adam divide each coordinate's step by $\\sqrt{v_t}$; line search shortens the step "
    "until the loss falls enough; Newton steps by $H^{-1}\\nabla L$ with the Hessian of the "
    "Taylor slide."
)

left, right = st.columns([3, 2])
with left:
    st.markdown("**Presets that teach**")
    cols = st.columns(len(PRESETS))
    for col, name in zip(cols, PRESETS, strict=True):
        col.button(name, key=f"preset_{name}", on_click=_preset, args=(name,), width="stretch")
    if st.session_state.get("race_preset") in PRESETS:
        st.info(PRESETS[st.session_state["race_preset"]][0])
with right, st.expander("Add a method", expanded=False):
    method = st.selectbox(
        "Method", list(METHODS), key="opt_method", format_func=lambda m: METHODS[m].label
    )
    for param in METHODS[method].hyperparameters:
        key = f"opt_{method}_{param.name}"
        if param.integer:
            # float, not int: an int input raises on a NaN a crafted client sends
            st.number_input(param.label, key=key, value=float(param.default), format="%.0f")
        else:
            st.number_input(param.label, key=key, value=float(param.default), format="%g")
    st.selectbox("Learning-rate schedule", SCHEDULES, key=f"opt_{method}_schedule")
    st.button("Add", key="opt_add", on_click=_add)

notice = st.session_state.get("race_notice")
if notice:
    (st.error if notice[0] == "error" else st.warning)(notice[1])

x, y, loss = active_data()
# A race that cannot run on these data (a link's k > N, data changed since,
# beyond the work budget) loses those entries, with the reason, and keeps them
# lost: the page never reruns what just failed.
race, dropped = runnable(_race(), len(x))
if dropped:
    st.session_state["race"] = race or copy.deepcopy(DEFAULT_RACE)
    race = st.session_state["race"]
    for message in dropped:
        st.error(plain(message + ". Removed from the race."))


def _compute(s: Settings) -> list[gd_core.Trajectory]:
    return [
        cache.method_run(x, y, loss, e["method"], tuple(sorted(e["settings"].items())),
                         s.start, s.epochs)
        for e in race
    ]  # fmt: skip


settings, runs = compute_or_fall_back(_compute, work(race, len(x)))

labels = [describe(e) for e in race]
st.markdown("**Racing:** " + " · ".join(f"{k + 1}. {label}" for k, label in enumerate(labels)))
remove = st.columns(len(race))
for k, (col, label) in enumerate(zip(remove, labels, strict=True)):
    col.button(f"✕ {k + 1}", key=f"remove_{k}", on_click=_remove, args=(k,), help=f"Remove {label}")

momentum = [
    e["settings"].get("gamma", 0.9) if "velocity" in run.extras else None
    for e, run in zip(race, runs, strict=True)
]
stacked = bool(st.session_state["stacked"])
animation = animated_views(
    "race", settings, "race",
    [RunSpec(run, label, colour, gamma)
     for run, label, gamma, colour in zip(runs, labels, momentum, race_colours(runs), strict=True)],
    ghosts=[ghost.method(e["method"], e["settings"]) for e in race],
)  # fmt: skip

left, right = (st.container(), st.container()) if stacked else st.columns(2)
with left:
    st.subheader("Loss per epoch")
    static_chart("race_loss", race_loss_figure(runs, labels, loss_tol=gd_core.DEFAULT_LOSS_TOL))
with right:
    st.subheader("Effective learning rate per coordinate")
    lr_figure = effective_lr_figure(runs, labels)
    if lr_figure is None:
        st.caption("Add AdaGrad, RMSProp or Adam to see η_t / (√v_t + ε) for w and b.")
    else:
        static_chart("race_lr", lr_figure)

st.subheader("Results")
results = {
    "method": labels,
    "status": [status_words(run) for run in runs],
    "epochs to tolerance": [
        "—" if run.converged_epoch is None else str(run.converged_epoch) for run in runs
    ],
    "final loss": [f"{run.final_loss:.3g}" for run in runs],
    "loss evaluations": [str(run.extras.get("loss_evaluations", 0)) for run in runs],
    "gradient evaluations": [str(run.evaluations) for run in runs],
    "Newton fell back": [
        str(int(run.extras["fell_back"][1:].sum())) if "fell_back" in run.extras else "—"
        for run in runs
    ],
}
# A column only where a raced method fills it (most take no loss evaluations;
# only Newton's method falls back): five columns fit a phone's width.
for column, empty in (("loss evaluations", "0"), ("Newton fell back", "—")):
    if all(cell == empty for cell in results[column]):
        del results[column]
# A plain table, as Compare η's verdicts: its cells wrap on a phone, where a
# data grid cut the long headers; and the page does not load the grid's
# ~0.6 MB of JavaScript for a few rows.
st.table(results, hide_index=True)

optimizer_code_panel(x, y, loss, race, labels, runs, settings)


share_view(
    "optimizers", settings,
    {f"{k + 1}. {label}": run for k, (label, run) in enumerate(zip(labels, runs, strict=True))},
    animation,
)  # fmt: skip
