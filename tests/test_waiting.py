"""Work that stops when nobody waits: the core's cancellation checkpoints
(gd_core.cancel) in every loop that runs epochs, and the compute slots a
session shares (ui.waiting)."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

import gd_core
from gd_core import cancel, maps
from gd_core.runs.one import run_method
from ui.waiting import ComputeSlots

LECTURE = gd_core.SigmoidNeuron.lecture()
MANY = gd_core.SigmoidNeuron(np.linspace(-3, 3, 40), np.linspace(0.1, 0.9, 40))


class Gone(Exception):
    """What the check raises: the session has gone."""


def _stops_after(calls: int):
    seen = {"n": 0}

    def check() -> None:
        seen["n"] += 1
        if seen["n"] >= calls:
            raise Gone

    return check, seen


LOOPS = {
    "one run": lambda: gd_core.gradient_descent(LECTURE, (-2, -2), 1.0, 10_000),
    "one run, many points": lambda: gd_core.gradient_descent(MANY, (-2, -2), 1.0, 10_000),
    "sweep": lambda: gd_core.learning_rate_sweep(LECTURE, (-2, -2), 10_000),
    "descent map": lambda: gd_core.descent_map(LECTURE, (-2, -2), [0.1, 1, 10], 10_000),
    "optimizer": lambda: run_method(LECTURE, "adam", {"learning_rate": 0.1}, (-2, -2), 10_000),
    "stochastic": lambda: run_method(
        MANY, "stochastic", {"learning_rate": 0.1, "batch_size": 4}, (-2, -2), 10_000
    ),
    "map": lambda: maps.convergence_map(
        LECTURE, (-4, 4), (-4, 4), 10, "momentum", {"learning_rate": 1.0}, 10_000
    ),
    "random walk": lambda: gd_core.random_search(LECTURE, 10_000, seed=0, mode="walk"),
}


@pytest.mark.parametrize("loop", list(LOOPS))
def test_every_loop_stops_at_its_next_block_of_epochs(loop):
    check, seen = _stops_after(3)
    with cancel.watching(check), pytest.raises(Gone):
        LOOPS[loop]()
    assert seen["n"] == 3  # stopped at the third checkpoint, not at the end


@pytest.mark.parametrize("loop", ["one run", "sweep", "optimizer"])
def test_a_check_that_lets_go_on_changes_nothing(loop):
    plain = LOOPS[loop]()
    with cancel.watching(lambda: None):
        watched = LOOPS[loop]()
    first = plain[0] if isinstance(plain, tuple) else plain
    again = watched[0] if isinstance(watched, tuple) else watched
    if isinstance(first, gd_core.Trajectory):
        np.testing.assert_array_equal(first.params, again.params)
    else:
        np.testing.assert_array_equal(first.final_loss, again.final_loss)


def test_without_a_check_a_checkpoint_does_nothing_and_checks_do_not_leak():
    cancel.checkpoint()
    with cancel.watching(lambda: None):
        pass
    cancel.checkpoint()  # the block's check is gone with it
    # and a check is per thread (per script run): another thread does not see it
    seen = []
    with cancel.watching(lambda: seen.append(1)):
        worker = threading.Thread(target=cancel.checkpoint)
        worker.start()
        worker.join()
    assert seen == []


def test_one_owner_holds_at_most_one_slot_and_others_share_the_rest():
    slots = ComputeSlots(2, poll_seconds=0.01)
    order: list[str] = []
    with slots.hold("a", lambda: None):
        second = threading.Thread(
            target=lambda: _hold(slots, "a", order, "a again")  # same session: must wait
        )
        other = threading.Thread(target=lambda: _hold(slots, "b", order, "b"))
        second.start()
        time.sleep(0.1)
        other.start()
        other.join(timeout=5)
        assert order == ["b"]  # b got the free slot; a's second request still waits
        assert second.is_alive()
    second.join(timeout=5)
    assert order == ["b", "a again"]
    assert slots.holders == frozenset()


def test_a_waiter_whose_session_has_gone_leaves_the_queue():
    slots = ComputeSlots(1, poll_seconds=0.01)
    with slots.hold("a", lambda: None):
        check, seen = _stops_after(2)
        with pytest.raises(Gone), slots.hold("b", check):
            pass
    assert seen["n"] == 2 and slots.holders == frozenset()
    with slots.hold("b", lambda: None):  # the slot is free again
        assert slots.holders == {"b"}


def _hold(slots: ComputeSlots, owner: str, order: list[str], name: str) -> None:
    with slots.hold(owner, lambda: None):
        order.append(name)
        time.sleep(0.05)


def test_on_wait_is_called_once_and_only_when_the_owner_must_wait():
    slots = ComputeSlots(1, poll_seconds=0.01)
    calls: list[str] = []
    with slots.hold("a", lambda: None, on_wait=lambda: calls.append("a")):
        pass
    assert calls == []  # the slot was free: nothing to say
    with slots.hold("a", lambda: None):
        waiter = threading.Thread(target=lambda: _hold_saying(slots, "b", calls))
        waiter.start()
        time.sleep(0.2)  # b polls about 20 times meanwhile
        assert calls == ["b waits"]
    waiter.join(timeout=5)
    assert calls == ["b waits", "b holds"]


def _hold_saying(slots: ComputeSlots, owner: str, calls: list[str]) -> None:
    with slots.hold(owner, lambda: None, on_wait=lambda: calls.append(f"{owner} waits")):
        calls.append(f"{owner} holds")
