// The explorer's chart component (Streamlit components v2, no build step).
//
// Two mounts share this module: a "layers" mount stores the static layers of
// a surface under their revision (Streamlit sends that element once), and a
// "chart" mount draws the runs on them: separate Plotly plots (3D surface,
// contours, data and fit, loss) driven by one clock. Frames are made here
// from float32 arrays, so every epoch can be shown; moving traces are
// updated in place (Plotly.animate without redraw in 2D, restyle in 3D),
// never rebuilt. A click on a contour returns (w, b) as the trigger "click".
// A "figure" mount draws one of the page's other charts (static.js).
import * as F from "./figures.js";
import { buildDom, showError, layoutByWidth } from "./dom.js";
import { hideExtra, move2d, move3d, resyncOnHover, traceGroups } from "./fast.js";
import { inLook } from "./look.js";
import { decodeMessage, decodeRun, storeLayers, waitForLayers } from "./data.js";
import { loadPlotly } from "./plotly_loader.js";
import { staticFigure } from "./static.js";
import { Ghost } from "./ghost.js";

const ANIMATE = { mode: "immediate", frame: { duration: 0, redraw: false }, transition: { duration: 0 } };
// The toolbar keeps one button, on hover: the camera, saving a PNG at 2× (sharp on slides).
const CONFIG = { displaylogo: false, scrollZoom: false, responsive: false, displayModeBar: "hover",
                 modeBarButtons: [["toImage"]], toImageButtonOptions: { format: "png", scale: 2 } };

function nextFrame() { return new Promise((r) => requestAnimationFrame(() => r())); }
// After the next frame is painted: a callback of requestAnimationFrame runs
// before that frame's paint, a task queued from it runs after.
function afterPaint() { return new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))); }

// One Plotly plot and what moves in it. `request(k)` asks it to show epoch
// k; it applies the newest request when the previous update has finished.
class View {
  constructor(gd, is3d, frame) {
    Object.assign(this, { gd, is3d, frame, moving: [], busy: false, want: 0, shown: -1, last: 0, times: [] });
  }
  request(k, playing) {
    this.want = k;
    this.playing = playing;
    if (!playing && this.wake) this.wake(); // paused or stepped: no reason to wait
    if (!this.busy) this.pump();
  }
  async pump() {
    this.busy = true;
    while (this.want !== this.shown) {
      if (this.is3d && this.playing) await this.spacing();
      const k = this.want, t0 = performance.now();
      try { await this.apply(k, this.playing); } catch (e) { /* an interrupted transition rejects with undefined */ }
      // The scene's GL frame is part of its cost: in software WebGL the frame
      // after the redraw is the slow one, so wait for the one after it.
      if (this.is3d) { await nextFrame(); await nextFrame(); }
      this.last = performance.now();
      this.times.push(this.last - t0);
      this.shown = k;
      this.gd.dataset.epoch = String(k);
    }
    this.busy = false;
  }
  apply(k, playing) {
    const updates = this.frame(k);
    if (this.is3d && move3d(this.gd, this.moving, updates)) return null;
    if (!this.is3d && playing && move2d(this.gd, this.moving, updates)) return null;
    if (!this.is3d) {
      return window.Plotly.animate(this.gd, { data: updates, traces: this.moving }, ANIMATE)
        .then(() => hideExtra(this.gd, this.moving));
    }
    const keys = Object.keys(updates[0]);
    const restyle = Object.fromEntries(keys.map((key) => [key, updates.map((u) => u[key])]));
    return window.Plotly.restyle(this.gd, restyle, this.moving);
  }
  // A WebGL frame can cost far more than a 2D one (software rendering:
  // ~100–300 ms). While playing, the scene moves at most once per three of
  // its own frame costs, so the 2D views keep most frames to themselves.
  async spacing() {
    const recent = this.times.slice(-5).sort((a, b) => a - b);
    const cost = recent.length ? recent[recent.length >> 1] : 0;
    const wait = Math.min(1500, 3 * cost) - (performance.now() - this.last);
    if (wait > 0) await new Promise((r) => { this.wake = r; setTimeout(r, wait); });
    this.wake = null;
  }
  settled() { return new Promise((r) => { const t = () => (this.busy ? setTimeout(t, 10) : r()); t(); }); }
}

// What a trace looks like, without its coordinates and words: when this and
// the layers are unchanged, new runs only move points (and rename them).
// `colours`: false leaves out the colours a run may change (recolour).
function looks(traces, layout, colours = true) {
  const drawn = ({ x, y, z, surfacecolor, name, hovertemplate, ...style }) =>
    (colours ? style : { ...style, line: { ...style.line, color: 0 },
                         marker: { ...style.marker, color: 0, line: { ...style.marker?.line, color: 0 } } });
  return JSON.stringify([layout, traces.map(drawn)]);
}

// The colours of a run (Compare η: each η its own) set on traces drawn
// alike otherwise, in Plotly's copies (for its later drawings, hover, the
// GL objects moved next) and, in 2D, on the SVG drawn. False, before any
// change, where this cannot be done for a trace: open or per-point
// markers, words (Plotly's to draw).
function recolour(gd, indices, traces, svg) {
  const colours = (t) => [t.line?.color, t.marker?.color, t.marker?.line?.color];
  const changed = indices.filter((i, j) => colours(gd._fullData[i]).some((c, n) => c !== undefined
    && colours(traces[j])[n] !== undefined && c !== colours(traces[j])[n]));
  const plain = (c) => c === undefined || typeof c === "string";
  for (const i of changed) {
    const t = traces[indices.indexOf(i)], full = gd._fullData[i];
    if (!colours(t).every(plain) || String(full.marker?.symbol ?? "").includes("open")
        || (full.mode || "").includes("text")) return false;
  }
  const found = svg ? traceGroups(gd) : null;
  for (const i of changed) {
    const t = traces[indices.indexOf(i)], full = gd._fullData[i], data = gd.data[i];
    const [line, fill, edge] = colours(t);
    if (line !== undefined && full.line) { full.line.color = line; data.line = { ...data.line, color: line }; }
    if (fill !== undefined && full.marker) { full.marker.color = fill; data.marker = { ...data.marker, color: fill }; }
    if (edge !== undefined && full.marker?.line) {
      full.marker.line.color = edge;
      data.marker = { ...data.marker, line: { ...data.marker.line, color: edge } };
    }
    const g = found && found.get(i);
    if (!g) continue;
    if (line !== undefined) g.querySelectorAll("path.js-line").forEach((p) => { p.style.stroke = line; });
    g.querySelectorAll("path.point").forEach((p) => {
      if (fill !== undefined) p.style.fill = fill;
      if (edge !== undefined) p.style.stroke = edge;
    });
  }
  return true;
}

// The same coordinates (on a contour and the surface, the layers' very
// arrays; the loss curve and the data are compared point by point).
function sameTrace(old, now) {
  if (!old) return false;
  for (const key of ["x", "y", "z"]) {
    const a = old[key], b = now[key];
    if (a === b) continue;
    if (!a || !b || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  }
  return true;
}

async function draw(view, data, moving, layout, k, layers) {
  const t0 = performance.now();
  const first = view.frame(k);
  // A growing trace is drawn whole, then cut to epoch k below (F.GROWS).
  const live = moving.map((trace, i) => (trace.meta === F.GROWS ? trace : { ...trace, ...first[i] }));
  const all = data.concat(live);
  const gd = view.gd, style = looks(all.slice(1), layout), shape = looks(all.slice(1), layout, false);
  view.moving = live.map((_, i) => data.length + i);
  const alike = gd.__layers === layers && gd.data && gd.data.length === all.length
    && sameTrace(gd.data[0], all[0]); // the first is not moved below (the layers' on a contour)
  // The same looks; or the same but for the runs' colours, set in place first.
  const same = alike && (gd.__style === style
    || (gd.__shape === shape && recolour(gd, all.slice(1).map((_, i) => i + 1), all.slice(1), !view.is3d)));
  // 3D with the same surface and styles: move the runs' GL objects only
  // (a react would rebuild the surface too: ~0.3 s in software WebGL).
  // 2D: the runs' SVG paths rewritten (hover catches up when the pointer
  // comes in); a react would diff and redraw the whole figure.
  const rest = all.slice(1), index = rest.map((_, i) => i + 1);
  const xyz = rest.map((t) => ({ x: t.x, y: t.y, ...(view.is3d ? { z: t.z } : {}),
                                 name: t.name, hovertemplate: t.hovertemplate }));
  const moved = same && (view.is3d ? move3d(gd, index, xyz) : move2d(gd, index, xyz, true));
  if (moved && !view.is3d) resyncOnHover(gd, index);
  const config = { ...CONFIG, toImageButtonOptions: { ...CONFIG.toImageButtonOptions, filename: `explorer-${gd.dataset.view}` } };
  if (!moved) await window.Plotly.react(gd, all, layout, config);
  if (!view.is3d && live.some((trace) => trace.meta === F.GROWS)) {
    move2d(gd, view.moving, first); // every point exists now: show the epoch's only
    resyncOnHover(gd, view.moving);
  }
  Object.assign(gd, { __layers: layers, __style: style, __shape: shape });
  view.shown = view.want = k;
  gd.dataset.epoch = String(k);
  view.drawMs = performance.now() - t0;
}

async function views(chart, L, runs, payload, k) {
  const flat = [], deep = [];
  const add = (id, is3d, frame, fig) => {
    const view = new View(chart.plots[id], is3d, frame);
    (is3d ? deep : flat).push([view, fig]);
  };
  const small = payload.kind === "compare" && chart.dom.root.classList.contains("esx-narrow");
  const contour = (id, shown) => add(id, false, (i) => F.contourFrame(shown, i), {
    data: F.contourBase(L).concat(F.markers(L, payload.start, small ? 9 : 12)),
    moving: F.contourMoving(shown), layout: F.contourLayout(L, small) });
  if (payload.kind === "compare") runs.forEach((r, i) => contour("contour" + i, [r]));
  else contour("contour", runs);
  const surface = F.surfaceFigure(L, runs, payload.kind === "explorer");
  add("surface", true, (i) => F.surfaceFrame(L, runs, i), surface);
  if (payload.data) {
    const fig = F.dataFigure(runs, payload.data);
    add("data", false, (i) => F.dataFrame(runs, fig.xs, i), fig);
  }
  if (payload.kind !== "race" && payload.epochs) {
    const kept = chart.plots.loss?.layout?.yaxis?.range; // the range drawn (gd.layout)
    const fig = F.lossFigure(runs, payload.loss_tol, payload.epochs, L.zmax, kept);
    add("loss", false, (i) => F.lossFrame(runs, fig.range, i), fig);
  }
  // The 2D views first: they show the new start and paths while WebGL works.
  const go = ([view, figure]) => {
    const fig = inLook(figure, L.look, L.theme); // high contrast: thicker lines, black ink
    return draw(view, fig.data, fig.moving, fig.layout, k, payload.layers);
  };
  await Promise.all(flat.map(go));
  // A scene not started yet: let the 2D views paint before its WebGL start
  // holds the main thread (~0.7 s in software WebGL; waiting for the next
  // frame alone ran it in that frame, before the paint). A started one is
  // moved at once: one frame for all (a second frame costs a full paint in
  // software WebGL).
  if (deep.some(([view]) => !view.gd._fullLayout?.scene?._scene)) await afterPaint();
  await Promise.all(deep.map(go));
  return flat.concat(deep).map(([view]) => view);
}

class Chart {
  constructor(parent) {
    this.dom = buildDom(parent);
    this.views = [];
    this.epoch = 0;
    this.playing = false;
    this.speed = 100;
    this.stats = { ticks: [] };
    this.dom.root.__explorer = this;
    this.bindControls();
  }

  async update(payload) {
    const t0 = performance.now();
    const [Plotly, L] = await Promise.all([loadPlotly(), waitForLayers(payload.layers)]);
    const runs = payload.runs.map((r) => decodeRun(r, L.lift));
    F.useTheme(L);
    this.payload = payload;
    this.L = L;
    this.epochs = payload.epochs;
    this.epoch = Math.min(this.epoch, this.epochs);
    this.plots = this.dom.panels(payload, runs, Boolean(L.optimum));
    // The controls and the legend in the look's ink and axis line, the theme's paper and font (chart.css).
    const t = L.theme;
    for (const [name, value] of [["ink", L.ink], ["line", L.axis.linecolor], ["paper", t.paper],
                                 ["muted", t.muted], ["optimum", t.optimum], ["font", t.font_family]]) {
      this.dom.root.style.setProperty(`--esx-${name}`, value);
    }
    // High contrast: the controls and the legend too (chart.css), not only the plots.
    this.dom.root.classList.toggle("esx-contrast", Boolean(L.look && L.look.contrast));
    layoutByWidth(this.dom.root, () => this.views.forEach((v) => Plotly.Plots.resize(v.gd).catch(() => {})));
    await Promise.all(this.views.map((v) => v.settled()));
    this.views = await views(this, L, runs, payload, this.epoch);
    (this.ghost ??= new Ghost(this)).setup(payload, L, runs); // descent from the pointer
    this.dom.setEpoch(this.epoch, this.epochs);
    this.bindPointer(Plotly);
    performance.mark("explorer:drawn");
    this.stats.update = { total: performance.now() - t0, views: this.views.map((v) => [v.gd.dataset.view, Math.round(v.drawMs)]) };
    this.dom.root.dataset.start = payload.start.join(",");
    this.dom.root.dataset.updates = String(Number(this.dom.root.dataset.updates || 0) + 1);
    if (this.playing) this.tick(performance.now(), true);
  }

  // Ask every view for epoch k; `settle`: redraw 2D views through Plotly
  // even if a fast frame already shows k (so hover reads the same).
  show(k, settle) {
    this.epoch = Math.max(0, Math.min(this.epochs, k));
    this.dom.setEpoch(this.epoch, this.epochs);
    for (const v of this.views) {
      if (settle && !v.is3d) v.shown = -1;
      v.request(this.epoch, this.playing);
    }
  }

  play() {
    if (this.playing || !this.views.length || !this.epochs) return;
    if (this.epoch >= this.epochs) this.show(0);
    this.playing = true;
    this.dom.setPlaying(true);
    this.stats = { ticks: [] };
    for (const v of this.views) v.times = [];
    this.t0 = performance.now();
    this.k0 = this.epoch;
    this.frame = requestAnimationFrame((t) => this.tick(t));
  }

  pause() {
    if (!this.playing) return;
    this.playing = false;
    cancelAnimationFrame(this.frame);
    this.dom.setPlaying(false);
    this.show(this.epoch, true); // every view catches up with the clock
  }

  toggle() { if (this.playing) this.pause(); else this.play(); }

  step(delta) { this.pause(); this.show(this.epoch + delta); }

  tick(now, restart) {
    if (!this.playing) return;
    if (restart) { this.t0 = now; this.k0 = this.epoch; }
    if (this.lastTick !== undefined) this.stats.ticks.push(now - this.lastTick);
    this.lastTick = now;
    const k = Math.min(this.epochs, this.k0 + Math.floor(((now - this.t0) / 1000) * this.speed));
    if (k !== this.epoch) this.show(k);
    if (k >= this.epochs) { this.lastTick = undefined; this.pause(); return; }
    this.frame = requestAnimationFrame((t) => this.tick(t));
  }

  bindControls() {
    const d = this.dom;
    d.play.addEventListener("click", () => { this.toggle(); d.root.focus({ preventScroll: true }); });
    d.slider.addEventListener("input", () => { this.pause(); this.show(Number(d.slider.value)); });
    d.speed.addEventListener("change", () => {
      this.speed = Number(d.speed.value);
      if (this.playing) { this.t0 = performance.now(); this.k0 = this.epoch; }
    });
    d.root.addEventListener("keydown", (e) => {
      // The controls' own keys: the speed menu's, space on the button (a
      // click), arrows on the slider (an input event).
      const tag = e.target.tagName, arrow = e.key.startsWith("Arrow");
      if (tag === "SELECT" || (tag === "BUTTON" && e.key === " ") || (tag === "INPUT" && arrow)) return;
      if (e.key === " ") { e.preventDefault(); this.toggle(); }
      else if (e.key === "ArrowRight") { e.preventDefault(); this.step(1); }
      else if (e.key === "ArrowLeft") { e.preventDefault(); this.step(-1); }
    });
  }

  // A click on a contour is a start (w, b); hovering shows (w, b, L).
  bindPointer(Plotly) {
    for (const [id, gd] of Object.entries(this.plots)) {
      if (!id.startsWith("contour") || gd.__pointer) continue;
      gd.__pointer = true;
      const where = (e) => {
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
        const w = xa.p2l(e.clientX - box.left - xa._offset), b = ya.p2l(e.clientY - box.top - ya._offset);
        const [w0, w1] = this.L.w_range, [b0, b1] = this.L.b_range;
        return w >= w0 && w <= w1 && b >= b0 && b <= b1 ? { w, b } : null;
      };
      gd.addEventListener("click", (e) => {
        this.ghost?.hide();
        const p = where(e);
        if (!p || !this.setTrigger) return;
        this.setTrigger("click", { w: Math.round(p.w * 100) / 100, b: Math.round(p.b * 100) / 100 });
      });
      gd.addEventListener("mousemove", (e) => this.dom.tip(e, where(e), this.L));
      gd.addEventListener("mouseleave", () => this.dom.tip(null));
    }
  }
}

// Redraw for the newest payload, one redraw at a time (two quick clicks must
// not interleave their Plotly calls); a payload overtaken by a newer one is
// skipped.
function render(chart, payload) {
  chart.next = payload;
  if (chart.rendering) return;
  chart.rendering = (async () => {
    while (chart.next) {
      const next = chart.next;
      chart.next = null;
      try { await chart.update(next); showError(chart.dom, null); } catch (error) { showError(chart.dom, error); }
    }
    chart.rendering = null;
  })();
}

// The first element of a page with charts: Plotly.js starts loading while
// the rest of the page arrives (its parse is the longest step of a first load).
function preload(parent) {
  if (!parent.querySelector(".esx-layers-mount")) parent.append(Object.assign(
    document.createElement("span"), { className: "esx-layers-mount" }));
  loadPlotly().catch(() => {}); // the charts say so if it fails
}

export default function (component) {
  const { parentElement, setTriggerValue } = component;
  const data = decodeMessage(component.data);
  if (data.role === "figure") return staticFigure(component, data);
  if (data.role === "preload") return preload(parentElement);
  if (data.role === "layers") {
    // Nothing to see: a marker lets the stylesheet hide this element's slot.
    if (!parentElement.querySelector(".esx-layers-mount")) parentElement.append(Object.assign(
      document.createElement("span"), { className: "esx-layers-mount" }));
    storeLayers(data.layers, data.engine);
    loadPlotly().catch(() => {}); // start fetching it now; the chart says if it fails
    return;
  }
  let chart = parentElement.__explorerChart;
  if (!chart) chart = parentElement.__explorerChart = new Chart(parentElement);
  chart.setTrigger = setTriggerValue;
  render(chart, data);
  return () => {
    chart.playing = false;
    cancelAnimationFrame(chart.frame);
    for (const v of chart.views) window.Plotly?.purge(v.gd);
    delete parentElement.__explorerChart;
  };
}
