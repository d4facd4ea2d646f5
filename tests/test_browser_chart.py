"""The chart component in headless Chromium: a click sets the start, one
clock drives every view, the contour stays drawn while it plays, Pause /
slider / keyboard work, nothing throws, the layout follows the width.
How Plotly.js and the component's modules load, and fail, is in
``test_browser_loading.py``."""

from __future__ import annotations

import math

import pytest
from browser_helpers import ARTIFACTS, app_url, browser, start_inputs
from browser_helpers import open_page as _open

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser
__all__ = ["app_url", "browser"]  # fixtures

EPOCHS = """() => Object.fromEntries([...document.querySelectorAll('.esx-plot')]
    .map(p => [p.dataset.view, Number(p.dataset.epoch)]))"""
CLOCK = "() => Number(document.querySelector('.esx').dataset.epoch)"
BOTH = f"() => [({CLOCK})(), ({EPOCHS})()]"


def _contour_pixel(page, w, b, view="contour"):
    """Page coordinates of data point (w, b) on a contour view."""
    return page.evaluate(
        """([w, b, view]) => {
            const gd = document.querySelector(`.esx-plot[data-view=${view}]`);
            gd.scrollIntoView({block: 'center'});
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            const box = gd.getBoundingClientRect();
            return [box.left + xa._offset + xa.l2p(w), box.top + ya._offset + ya.l2p(b)];
        }""",
        [w, b, view],
    )


def _drawn_contour(page):
    """What the contour view shows now: its background image and iso-lines."""
    return page.evaluate(
        """() => {
            const gd = document.querySelector('.esx-plot[data-view=contour]');
            const images = [...gd.querySelectorAll('.imagelayer image')]
                .filter(i => (i.getAttribute('href') || '').startsWith('data:image/png')).length;
            const iso = [...gd.querySelectorAll('.scatterlayer .trace')]
                .find(g => g.__data__ && g.__data__[0].trace.name === 'iso-lines');
            const lines = iso ? [...iso.querySelectorAll('path.js-line')]
                .filter(p => (p.getAttribute('d') || '').length > 20).length : 0;
            return {images, lines};
        }"""
    )


def _play(page):
    page.locator(".esx-play").click()
    page.wait_for_function("() => document.querySelector('.esx').dataset.playing === '1'")


def test_click_on_the_contour_moves_the_start(browser, app_url):
    page = _open(browser, app_url, 1280, 800)
    assert start_inputs(page) == [-2.0, -2.0]
    page.mouse.click(*_contour_pixel(page, 1.0, -3.0))
    page.wait_for_function(
        "() => document.querySelector('.esx').dataset.start !== '-2,-2'", timeout=20_000
    )
    w0, b0 = start_inputs(page)
    assert abs(w0 - 1.0) <= 0.05 and abs(b0 + 3.0) <= 0.05  # no grid: the point itself
    assert page.evaluate("() => document.querySelector('.esx').dataset.start") == f"{w0:g},{b0:g}"
    # Hover reads (w, b, L) off the surface.
    page.mouse.move(*_contour_pixel(page, 1.79, -2.28))
    tip = page.locator(".esx-tip")
    tip.wait_for(state="visible")
    assert tip.inner_text().startswith("w 1.7") and " · L " in tip.inner_text()
    assert page.errors == []
    page.context.close()


KEPT_GUESSES = """() => {
    const gd = document.querySelector('.esx-plot[data-view=contour]');
    const i = gd.data.findIndex(t => t.name.endsWith('kept guesses'));
    const g = [...gd.querySelectorAll('.scatterlayer .trace')]
        .find(g => g.__data__ && g.__data__[0].trace.index === i);
    const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, t = gd.data[i];
    const points = [...g.querySelectorAll('path.point')];
    const at = (p) => (p.getAttribute('transform') || '').match(/-?[\\d.]+/g).map(Number);
    const misplaced = points.filter((p, n) => p.style.display !== 'none' && (n >= t.x.length
        || Math.abs(at(p)[0] - xa.c2p(t.x[n])) > 0.1 || Math.abs(at(p)[1] - ya.c2p(t.y[n])) > 0.1));
    return {drawn: points.length, shown: points.filter(p => p.style.display !== 'none').length,
            guesses: t.x.length, misplaced: misplaced.length, reacts: gd.__reacts || 0,
            kept: document.querySelector('.esx').__explorer.payload.runs
                .find(r => r.samples).samples.w.length};
}"""


def test_a_new_runs_guesses_are_moved_not_redrawn_and_hover_catches_up(browser, app_url):
    """A click whose random search keeps another number of guesses: the
    contour's points are copied or removed in place (no Plotly.react of the
    contour), each where the new run puts it; played to the end, every guess
    shows; hovering the start then reads the new start (Plotly's copy resynced)."""
    page = _open(browser, app_url, 1280, 800)
    page.evaluate("""() => { const react = window.Plotly.react;
        window.Plotly.react = (gd, ...rest) => { gd.__reacts = (gd.__reacts || 0) + 1;
                                                 return react(gd, ...rest); }; }""")
    counts = set()
    for w, b in [(1.0, -3.0), (-4.0, 4.0), (3.0, 0.0), (-1.0, 2.0)]:
        before = page.evaluate("() => Number(document.querySelector('.esx').dataset.updates)")
        page.mouse.click(*_contour_pixel(page, w, b))
        page.wait_for_function(
            f"() => Number(document.querySelector('.esx').dataset.updates) > {before}",
            timeout=30_000,
        )
        seen = page.evaluate(KEPT_GUESSES)
        assert seen["misplaced"] == 0 and seen["reacts"] == 0, seen  # moved in place
        counts.add(seen["kept"])
    assert len(counts) > 1  # the starts kept different numbers of guesses
    _play(page)
    page.wait_for_function(
        "() => document.querySelector('.esx').dataset.playing === '0'", timeout=60_000
    )
    seen = page.evaluate(KEPT_GUESSES)
    assert seen["shown"] == seen["guesses"] == seen["kept"] and seen["misplaced"] == 0, seen
    w0, b0 = start_inputs(page)
    page.mouse.move(*_contour_pixel(page, w0, b0))
    page.wait_for_function(
        """([w, b]) => { const gd = document.querySelector('.esx-plot[data-view=contour]');
            const cd = gd.calcdata.find(c => c[0].trace.name === 'start (w₀, b₀)');
            return Math.abs(cd[0].x - w) < 1e-9 && Math.abs(cd[0].y - b) < 1e-9; }""",
        arg=[w0, b0],
        timeout=10_000,
    )
    assert page.errors == []
    page.context.close()


LOSS_VIEW = """() => {
    const gd = document.querySelector('.esx-plot[data-view=loss]');
    const runs = document.querySelector('.esx').__explorer.payload.runs;
    const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, [low, high] = ya.range;
    const groups = new Map([...gd.querySelectorAll('.scatterlayer .trace')]
        .filter(g => g.__data__).map(g => [g.__data__[0].trace.index, g]));
    // Each run's curve: its path ends where the run's last loss is, on today's axes.
    const ends = runs.map((r) => {
        const i = gd.data.findIndex(t => t.name === r.label && t.mode === 'lines');
        const d = groups.get(i).querySelector('path.js-line').getAttribute('d');
        const last = d.split(/[ML]/).filter(Boolean).at(-1).split(',').map(Number);
        const n = r.loss.length - 1;
        return Math.hypot(last[0] - xa.c2p(n), last[1] - ya.c2p(r.loss[n])) < 0.2; });
    const losses = runs.flatMap(r => [...r.loss]), log = Math.log10;
    return {reacts: gd.__reacts || 0, ends, range: [low, high],
            holds: low <= log(Math.min(...losses)) && high >= log(Math.max(...losses))};
}"""


def test_a_clicks_loss_curves_move_in_place_on_an_axis_that_stays(browser, app_url):
    """Starts whose descent ends within four decades of the last one's
    (1000 epochs from (1, −3), (−1, 2), (3, 0): L ≈ 7e−13, 1e−11, 3e−13): the
    loss view keeps its axis and moves its curves (no Plotly.react), each
    curve ending at its run's last loss; a start on the plateau ((−3, −4):
    L ≈ 0.02) takes a new axis. The axis holds every loss drawn."""
    page = _open(browser, app_url, 1280, 800)
    page.evaluate("""() => { const react = window.Plotly.react;
        window.Plotly.react = (gd, ...rest) => { gd.__reacts = (gd.__reacts || 0) + 1;
                                                 return react(gd, ...rest); }; }""")
    seen = []
    for w, b in [(1.0, -3.0), (-1.0, 2.0), (3.0, 0.0), (-3.0, -4.0)]:
        before = page.evaluate("() => Number(document.querySelector('.esx').dataset.updates)")
        page.mouse.click(*_contour_pixel(page, w, b))
        page.wait_for_function(
            f"() => Number(document.querySelector('.esx').dataset.updates) > {before}",
            timeout=30_000,
        )
        seen.append(page.evaluate(LOSS_VIEW))
    assert all(s["holds"] and all(s["ends"]) for s in seen), seen
    assert seen[1]["reacts"] == seen[2]["reacts"] == seen[0]["reacts"], seen  # moved in place
    assert seen[0]["range"] == seen[1]["range"] == seen[2]["range"], seen
    assert seen[3]["range"][0] > seen[2]["range"][0] + 4  # the plateau's: redrawn to fit
    assert page.errors == []
    page.context.close()


LOSS_AXES = """async () => {
    const F = await import(new URL('_stcore/bidi-components/explorer.chart/figures.js',
                                   document.baseURI).href);
    F.useTheme({font: {}, axis: {}, theme: {}});
    const run = (loss) => ({label: 'run', line_colour: 'red', loss: Float32Array.from(loss),
                            steps: Float32Array.from(loss, (_, i) => i)});
    const top = Math.log10(0.7) + 0.3, floor = 1.2e-38;  // the payload's smallest loss
    const cases = {
        lecture: [[0.4, 1e-3, 1e-12], 1e-5, 0.7, null],
        no_tolerance: [[0.4, 1e-3], null, 0.7, null],
        at_the_floor: [[floor, floor], 1e-5, 0.7, null],
        above_the_surface: [[5, 0.1], 1e-5, 0.7, null],
        a_hair_above: [[0.7000001, 0.1], 1e-5, 0.7, null],
        no_surface: [[0.4, 0.01], 1e-5, 0, null],
        kept_4_decades: [[0.4, 2e-8], 1e-5, 0.7, [-12.3, top]],
        kept_5_decades: [[0.4, 2e-7], 1e-5, 0.7, [-12.3, top]],
        kept_too_high: [[0.4, 1e-12], 1e-5, 0.7, [-10.3, top]],
        kept_other_top: [[0.4, 1e-8], 1e-5, 0.7, [-12.3, top + 1]],
    };
    return Object.fromEntries(Object.entries(cases).map(([name, [loss, tol, ceiling, kept]]) => {
        const r = run(loss), f = F.lossFigure([r], tol, 100, ceiling, kept), [lo, hi] = f.range;
        return [name, {range: f.range, first: f.data[0].name, kept: f.range[0] === (kept || [])[0],
                       holds: lo <= Math.log10(Math.min(...r.loss))
                           && hi >= Math.log10(Math.max(...r.loss))}];
    }));
}"""


def test_the_loss_axis_holds_every_loss_and_keeps_a_range_only_where_it_fits(browser, app_url):
    """figures.js lossFigure on its edge cases: every range finite and holding
    every loss (no tolerance, losses at the payload's floor, a run above the
    surface); a range drawn before is kept only while it holds every loss,
    with the same top and at most four decades lower."""
    page = _open(browser, app_url, 1280, 800)
    axes = page.evaluate(LOSS_AXES)
    for name, axis in axes.items():
        assert axis["holds"] and all(math.isfinite(v) for v in axis["range"]), (name, axis)
    assert axes["no_tolerance"]["first"] == "run" and axes["lecture"]["first"] == "tolerance"
    assert axes["a_hair_above"]["range"][1] == axes["lecture"]["range"][1]  # no jump a decade up
    assert axes["above_the_surface"]["range"][1] > axes["lecture"]["range"][1]
    assert axes["kept_4_decades"]["kept"] and not axes["kept_5_decades"]["kept"]
    assert not axes["kept_too_high"]["kept"] and not axes["kept_other_top"]["kept"]
    assert page.errors == []
    page.context.close()


COLOURS_DRAWN = """() => {
    const rgb = (c) => { const e = document.createElement('i'); e.style.color = c;
        document.body.append(e); const v = getComputedStyle(e).color; e.remove(); return v; };
    const runs = document.querySelector('.esx').__explorer.payload.runs;
    return [...document.querySelectorAll('.esx-plot')].map((gd) => {
        const view = gd.dataset.view, k = Number(view.replace('contour', ''));
        const i = view.startsWith('contour')  // gd.data: Plotly's own copy follows on hover
            ? gd.data.findIndex(t => t.name === runs[k].label && t.mode === 'lines') : -1;
        const trail = [...gd.querySelectorAll('.scatterlayer .trace')]
            .find(g => i >= 0 && g.__data__ && g.__data__[0].trace.index === i);
        const line = trail && trail.querySelector('path.js-line');
        const gl = view !== 'surface' ? null : gd._fullData
            .filter(t => t.type === 'scatter3d' && t.mode === 'lines')
            .map(t => rgb(t.line.color));
        return {view, reacts: gd.__reacts || 0, offView: k >= 0 && !!(runs[k] || {}).off_view,
                drawn: line ? getComputedStyle(line).stroke : gl,
                wanted: view === 'surface' ? runs.map(r => rgb(r.line_colour))
                      : view.startsWith('contour') ? rgb(runs[k].colour) : null};
    });
}"""


def test_a_new_eta_recolours_its_views_in_place(browser, app_url):
    """Compare η: a new η in the list brings its own colour; the contours
    and the 3D scene are recoloured and moved in place (no Plotly.react;
    η = 50's run, the same in every list, keeps its contour, its off-view
    mark not drawn yet at epoch 0), each in its run's colour, as a fresh
    load of the same list draws them; played, η = 50's mark shows."""
    page = _open(browser, app_url, 1280, 800, path="compare_eta")
    page.evaluate("""() => { const react = window.Plotly.react;
        window.Plotly.react = (gd, ...rest) => { gd.__reacts = (gd.__reacts || 0) + 1;
                                                 return react(gd, ...rest); }; }""")
    box = page.locator("[data-testid='stTextInput'] input")
    for text in ("0.1, 2, 10, 50", "0.1, 2, 5, 50"):
        before = page.evaluate("() => Number(document.querySelector('.esx').dataset.updates)")
        box.fill(text)
        box.press("Enter")
        page.wait_for_function(
            f"() => Number(document.querySelector('.esx').dataset.updates) > {before}",
            timeout=30_000,
        )
        views = page.evaluate(COLOURS_DRAWN)
        for v in views:
            if v["view"].startswith("contour") or v["view"] == "surface":
                assert v["drawn"] == v["wanted"] and v["reacts"] == 0, v
        assert any(v["offView"] for v in views)  # η = 50 leaves the view
    assert "etas=0.1_2_5_50" in page.url  # the list is in the link: a fresh load of it
    fresh = _open(browser, app_url, 1280, 800, path="compare_eta?" + page.url.split("?")[1])
    drawn = {v["view"]: v["drawn"] for v in fresh.evaluate(COLOURS_DRAWN)}
    assert drawn == {v["view"]: v["drawn"] for v in page.evaluate(COLOURS_DRAWN)}
    _play(page)
    page.wait_for_function(
        "() => document.querySelector('.esx').dataset.playing === '0'", timeout=60_000
    )
    marks = page.evaluate("""() => [...document.querySelectorAll('.esx-plot')].flatMap(gd =>
        [...gd.querySelectorAll('.scatterlayer .trace')].filter(g => g.__data__
            && g.__data__[0].trace.name.endsWith('leaves the view'))
          .map(g => [...g.querySelectorAll('path.point')]
            .filter(p => p.style.display !== 'none').length))""")
    assert marks == [1], marks  # η = 50's mark, drawn at the view's edge
    assert page.errors == [] and fresh.errors == []
    fresh.context.close()
    page.context.close()


def test_play_advances_every_view_in_step_and_the_contour_stays_drawn(browser, app_url):
    page = _open(browser, app_url, 1280, 800)
    before = _drawn_contour(page)
    assert before["images"] == 1 and before["lines"] >= 10
    assert set(page.evaluate(EPOCHS).values()) == {0}
    _play(page)
    seen = []
    for _ in range(8):
        page.wait_for_timeout(250)
        seen.append((*page.evaluate(BOTH), _drawn_contour(page)))
    clocks = [clock for clock, _, _ in seen]
    print("epochs seen every 0.25 s while playing:", clocks)
    assert clocks[-1] > clocks[0] > 0, clocks
    for clock, views, drawn in seen:
        assert drawn == before, drawn  # the contour never vanishes mid-play
        flat = {v: k for v, k in views.items() if v != "surface"}
        assert set(flat.values()) == {clock}, (clock, views)  # 2D views in step
        assert 0 <= views["surface"] <= clock  # the 3D follows at its own pace
    assert max(views["surface"] for _, views, _ in seen) > 0
    page.locator(".esx-speed").select_option("300")
    page.wait_for_function(f"() => ({CLOCK})() === 1000", timeout=60_000)  # to the end
    page.wait_for_function("() => document.querySelector('.esx').dataset.playing === '0'")
    page.wait_for_timeout(500)
    assert set(page.evaluate(EPOCHS).values()) == {1000}
    assert _drawn_contour(page) == before
    assert page.errors == []
    page.context.close()


def test_pause_slider_and_keyboard(browser, app_url):
    page = _open(browser, app_url, 1280, 800)
    _play(page)
    page.wait_for_timeout(700)
    page.locator(".esx-play").click()  # Pause
    page.wait_for_timeout(400)
    paused = page.evaluate(CLOCK)
    page.wait_for_timeout(600)
    assert page.evaluate(CLOCK) == paused > 0  # it stopped
    assert set(page.evaluate(EPOCHS).values()) == {paused}  # every view caught up
    slider = page.locator(".esx-slider")
    slider.fill("500")
    page.wait_for_timeout(600)
    assert page.evaluate(CLOCK) == 500 and set(page.evaluate(EPOCHS).values()) == {500}
    assert page.locator(".esx-epoch").inner_text() == "epoch 500"
    page.locator(".esx").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    page.wait_for_timeout(500)
    assert page.evaluate(CLOCK) == 501 and set(page.evaluate(EPOCHS).values()) == {501}
    page.keyboard.press(" ")
    page.wait_for_timeout(500)
    assert page.evaluate("() => document.querySelector('.esx').dataset.playing") == "1"
    page.keyboard.press(" ")
    page.wait_for_timeout(300)
    assert page.evaluate("() => document.querySelector('.esx').dataset.playing") == "0"
    assert page.evaluate(CLOCK) > 501
    assert page.errors == []
    page.context.close()


def test_pause_mid_play_ten_times_throws_nothing(browser, app_url):
    page = _open(browser, app_url, 1280, 800)
    for _ in range(10):
        page.locator(".esx-play").click()  # Play
        page.wait_for_timeout(150)
        page.locator(".esx-play").click()  # Pause, mid-transition
        page.wait_for_timeout(60)
    page.wait_for_timeout(800)
    assert page.errors == [], page.errors
    assert page.evaluate(CLOCK) > 0
    page.context.close()


@pytest.mark.parametrize(("path", "views"), [("compare_eta", 4), ("optimizers", 1)])
def test_every_panel_and_method_moves(browser, app_url, path, views):
    page = _open(browser, app_url, 1280, 800, path=path)
    _play(page)
    page.wait_for_timeout(1500)
    state = page.evaluate(
        """() => [...document.querySelectorAll('.esx-plot')].filter(p => p.dataset.view
            .startsWith('contour')).map(gd => ({
                epoch: Number(gd.dataset.epoch),
                trails: gd.data.filter(t => t.mode === 'lines' && t.line && !t.line.dash
                    && t.name !== 'iso-lines' && !t.name.endsWith('γu')).map(t => t.x.length),
                arrows: gd.data.filter(t => (t.name || '').endsWith('momentum γu'))
                    .map(t => Math.hypot(t.x[1] - t.x[0], t.y[1] - t.y[0])),
            }))"""
    )
    assert len(state) == views
    assert len({s["epoch"] for s in state}) == 1 and state[0]["epoch"] > 0  # in step
    trails = [n for s in state for n in s["trails"]]
    assert len(trails) == 4 and all(n > 2 for n in trails), trails
    if path == "optimizers":  # momentum and Nesterov draw where momentum carries them
        assert len(state[0]["arrows"]) == 2 and all(a > 0 for a in state[0]["arrows"])
    assert page.errors == []
    page.context.close()


def _overlaps(page):
    """Pairs of the chart's boxes (controls, legend, panels) that overlap."""
    return page.evaluate(
        """() => {
            const root = document.querySelector('.esx');
            const boxes = [...root.querySelectorAll('.esx-bar > *, .esx-legend, .esx-panel')]
                .map(e => [e.className, e.getBoundingClientRect()]);
            const out = [];
            for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
                const [a, p] = boxes[i], [b, q] = boxes[j];
                if (p.left < q.right - 1 && q.left < p.right - 1 && p.top < q.bottom - 1
                    && q.top < p.bottom - 1) out.push([a, b]);
            }
            return out;
        }"""
    )


@pytest.mark.parametrize(
    ("name", "width", "height", "path"),
    [
        ("chart-phone-390x844", 390, 844, ""),
        ("chart-desktop-1280x800", 1280, 800, ""),
        ("chart-narrow-window-700x800", 700, 800, ""),
        ("chart-compare-phone-390x844", 390, 844, "compare_eta"),
    ],
)
def test_layout_follows_the_width(browser, app_url, name, width, height, path):
    """No phone User-Agent here: the width alone decides."""
    page = _open(browser, app_url, width, height, path=path)
    narrow = page.evaluate("() => document.querySelector('.esx').getBoundingClientRect().width")
    stacked = page.evaluate("() => document.querySelector('.esx').classList.contains('esx-narrow')")
    assert stacked if narrow <= 640 else (stacked == (narrow <= 760))  # 760: room for two
    assert _overlaps(page) == []
    columns = page.evaluate(
        """() => new Set([...document.querySelectorAll('.esx-panel')]
            .map(p => Math.round(p.getBoundingClientRect().left))).size"""
    )
    if stacked and not path:
        assert columns == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".esx").scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / f"{name}.png")
    page.context.close()
