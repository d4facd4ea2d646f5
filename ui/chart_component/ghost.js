// Ghost paths: while the pointer moves over a contour, descent from the
// pointer for each run the view shows (engine.js, held to gd_core), drawn
// over the plot with its end status; hidden when the pointer leaves.
// Dragging the ○ start (mouse or touch) does the same and commits the start
// on release, as a click does. Nothing is sent to the server while hovering:
// only a click or a drop sets the trigger. The server's run replaces the
// ghost (setup() runs with every new payload).
import { makeProblem, runMethod } from "./engine.js";

const SVG = "http://www.w3.org/2000/svg";
const MAX_DRAWN = 1500; // points per ghost path (a longer run is thinned)
const HANDLE = 44; // px: the ○'s drag target, a finger's width
const WORDS = {
  converged: (r) => `converged, epoch ${r.convergedAt}`,
  max_epochs: (r) => `not there after ${r.w.length - 1} epochs`,
  plateau: () => "stuck on a plateau",
  diverged: () => "diverged",
};

function svg(tag, attrs, parent) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.append(node);
  return node;
}

// (w, b) under a pointer event on contour `gd`, or null outside the view.
function where(gd, e, L) {
  const xa = gd._fullLayout && gd._fullLayout.xaxis, ya = gd._fullLayout && gd._fullLayout.yaxis;
  if (!xa || !ya) return null;
  const box = gd.getBoundingClientRect();
  const w = xa.p2l(e.clientX - box.left - xa._offset), b = ya.p2l(e.clientY - box.top - ya._offset);
  const [w0, w1] = L.w_range, [b0, b1] = L.b_range;
  return w >= w0 && w <= w1 && b >= b0 && b <= b1 ? { w, b } : null;
}

// A click's start: rounded to 0.01 as the click sends it, so the ghost is
// the very run the server computes after a click there.
function rounded(p) { return { w: Math.round(p.w * 100) / 100, b: Math.round(p.b * 100) / 100 }; }

function pixels(gd) {
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  const clamp = (v) => Math.max(-1e5, Math.min(1e5, v));
  return { x: (w) => clamp(xa._offset + xa.c2p(w)), y: (b) => clamp(ya._offset + ya.c2p(b)),
           box: [xa._offset, ya._offset, xa._length, ya._length] };
}

export class Ghost {
  constructor(chart) {
    this.chart = chart;
    this.note = Object.assign(document.createElement("div"), { className: "esx-ghost-note" });
    Object.assign(this.note.style, { fontSize: "13px", margin: "4px 0 0" });
    this.note.setAttribute("aria-live", "polite");
    chart.dom.root.append(this.note);
    this.targets = [];
    this.stats = chart.stats.ghost = [];
  }

  // A new payload: the server's runs are drawn, so the ghost goes; read
  // which runs have one and on which contour each is drawn.
  setup(payload, L, runs) {
    this.hide();
    const spec = payload.ghost, notes = spec ? [...spec.notes] : [];
    this.L = L;
    this.note.style.color = L.theme.muted;
    this.spec = spec;
    this.problem = null;
    if (spec && spec.runs.some(Boolean) && L.engine && L.engine.x) {
      try { this.problem = makeProblem(L.engine.x, L.engine.y, L.engine.loss); }
      catch (error) { notes.push(`No path under the pointer: ${error.message}.`); }
    }
    this.runs = runs.map((r, i) => ({ ghost: spec && spec.runs[i], colour: r.line_colour, label: r.label }));
    const plots = this.chart.plots;
    this.targets = Object.keys(plots).filter((id) => id.startsWith("contour")).map((id) => {
      const gd = plots[id], k = Number(id.slice(7));
      const shows = payload.kind === "compare" ? [k] : runs.map((_, i) => i);
      return this.bind(gd, shows.filter((i) => this.runs[i].ghost));
    });
    this.note.textContent = notes.join(" ");
    this.note.hidden = !notes.length;
    this.start = payload.start;
    this.placeHandles();
  }

  // The overlay (an SVG over the plot, and the ○'s drag handle) of one
  // contour, made once per plot; its pointer events bound once.
  bind(gd, shows) {
    if (!gd.__ghost) {
      gd.style.position = "relative";
      const layer = svg("svg", { class: "esx-ghost", "aria-hidden": "true" });
      Object.assign(layer.style, { position: "absolute", left: 0, top: 0, width: "100%", height: "100%",
                                   pointerEvents: "none", overflow: "hidden", zIndex: 2 });
      const handle = document.createElement("div");
      handle.className = "esx-ghost-handle";
      handle.title = "Drag the start ○";
      Object.assign(handle.style, { position: "absolute", width: `${HANDLE}px`, height: `${HANDLE}px`,
        borderRadius: "50%", touchAction: "none", cursor: "grab", zIndex: 3, display: "none" });
      gd.append(layer, handle);
      gd.__ghost = { gd, layer, handle };
      this.listen(gd.__ghost);
    }
    gd.__ghost.shows = shows;
    return gd.__ghost;
  }

  listen(target) {
    const { gd, handle } = target;
    gd.addEventListener("mousemove", (e) => { if (!this.drag) this.request(target, where(gd, e, this.L), e.timeStamp); });
    gd.addEventListener("mouseleave", () => { if (!this.drag) this.hide(); });
    if (gd.on) gd.on("plotly_afterplot", () => this.placeHandles());
    handle.addEventListener("pointerdown", (e) => {
      handle.setPointerCapture(e.pointerId);
      this.drag = { target, x: e.clientX, y: e.clientY, moved: false };
      e.preventDefault();
    });
    handle.addEventListener("pointermove", (e) => {
      const drag = this.drag;
      if (!drag || drag.target !== target) return;
      drag.moved ||= Math.hypot(e.clientX - drag.x, e.clientY - drag.y) > 3;
      if (!drag.moved) return;
      const p = where(gd, e, this.L);
      if (p) this.moveHandle(target, p);
      this.request(target, p, e.timeStamp);
    });
    const drop = (e, commit) => {
      const drag = this.drag;
      this.drag = null;
      if (!drag || !drag.moved) return;
      const p = commit ? where(gd, e, this.L) : null;
      this.dropped = true; // the click that follows a mouse drag is this drop
      if (p && this.chart.setTrigger) this.chart.setTrigger("click", rounded(p));
      else { this.hide(); this.placeHandles(); }
    };
    handle.addEventListener("pointerup", (e) => drop(e, true));
    handle.addEventListener("pointercancel", (e) => drop(e, false));
    handle.addEventListener("click", (e) => { if (this.dropped) { this.dropped = false; e.stopPropagation(); } });
  }

  // The ○'s drag handle, only where the view has ghosts (not the lesson's
  // staged views, whose clicks are predictions).
  placeHandles() {
    for (const t of this.targets) {
      if (!this.spec) t.handle.style.display = "none";
      else if (this.start && t.gd._fullLayout) this.moveHandle(t, { w: this.start[0], b: this.start[1] });
    }
  }

  moveHandle(target, p) {
    if (!target.gd._fullLayout || !target.gd._fullLayout.xaxis) return;
    const px = pixels(target.gd);
    Object.assign(target.handle.style, { left: `${px.x(p.w) - HANDLE / 2}px`, top: `${px.y(p.b) - HANDLE / 2}px`, display: "" });
  }

  // The first move of a frame is drawn at once (Chromium hands pointer
  // moves over just before a frame); later ones in the same frame wait for
  // the next, newest first: a burst of moves costs one run per frame.
  request(target, p, t0) {
    if (!p || !this.problem) { if (!p) this.hide(); return; }
    this.want = { p: rounded(p), t0 };
    if (this.frame) return;
    if (!this.busyFrame) {
      this.busyFrame = true;
      requestAnimationFrame(() => { this.busyFrame = false; });
      this.draw();
      return;
    }
    this.frame = requestAnimationFrame(() => { this.frame = null; this.draw(); });
  }

  draw() {
    const { p, t0 } = this.want;
    const results = this.runs.map((r) => (r.ghost && this.problem
      ? runMethod(this.problem, r.ghost.method, r.ghost.settings, [p.w, p.b], this.spec.epochs) : null));
    this.last = { start: [p.w, p.b], results }; // for the tests: what was drawn
    for (const t of this.targets) this.paint(t, p, t.shows.map((i) => [this.runs[i], results[i]]));
    const root = this.chart.dom.root;
    root.dataset.ghost = `${p.w},${p.b}`;
    root.dataset.ghostDrawn = String(Number(root.dataset.ghostDrawn || 0) + 1);
    // Pointer event → the frame after this one began: the ghost was painted.
    requestAnimationFrame(() => {
      this.stats.push(performance.now() - t0);
      if (this.stats.length > 1000) this.stats.shift();
    });
  }

  paint(target, p, shown) {
    const { gd, layer } = target;
    layer.replaceChildren();
    if (!gd._fullLayout || !gd._fullLayout.xaxis) return;
    const px = pixels(gd), [x0, y0, width, height] = px.box;
    const id = `esx-ghost-clip-${gd.dataset.view}`;
    svg("rect", { x: x0, y: y0, width, height }, svg("clipPath", { id }, svg("defs", {}, layer)));
    const paths = svg("g", { "clip-path": `url(#${id})` }, layer);
    const lines = [];
    const theme = this.L.theme; // the ink and halo of gd_core/figures/theme.py
    for (const [run, r] of shown) {
      if (!r) continue;
      const n = r.w.length, stride = Math.max(1, Math.ceil(n / MAX_DRAWN));
      let d = "";
      for (let k = 0; k < n; k += stride) d += (k ? "L" : "M") + px.x(r.w[k]).toFixed(1) + "," + px.y(r.b[k]).toFixed(1);
      d += "L" + px.x(r.w[n - 1]).toFixed(1) + "," + px.y(r.b[n - 1]).toFixed(1);
      svg("path", { d, fill: "none", stroke: theme.halo, "stroke-width": 5, "stroke-opacity": 0.7, "stroke-linejoin": "round" }, paths);
      svg("path", { d, fill: "none", stroke: run.colour, "stroke-width": 2.5, "stroke-dasharray": "7 4",
                    "stroke-linejoin": "round" }, paths);
      svg("circle", { cx: px.x(r.w[n - 1]), cy: px.y(r.b[n - 1]), r: 6, fill: run.colour, stroke: theme.halo, "stroke-width": 2 }, paths);
      lines.push([run, WORDS[r.status](r)]);
    }
    svg("circle", { cx: px.x(p.w), cy: px.y(p.b), r: 7, fill: "none", stroke: theme.ink, "stroke-width": 2.5 }, layer);
    lines.forEach(([run, words], k) => {
      const y = y0 + 17 + 17 * k;
      svg("line", { x1: x0 + 6, x2: x0 + 24, y1: y - 4.5, y2: y - 4.5, stroke: run.colour, "stroke-width": 3,
                    "stroke-dasharray": "6 3" }, layer);
      const text = svg("text", { x: x0 + 29, y, "font-size": 12.5, fill: theme.ink, stroke: theme.halo,
                                 "stroke-width": 3.5, "paint-order": "stroke", "font-weight": 600 }, layer);
      // Where a small multiple leaves no room, the ○ at the pointer says where from.
      const name = shown.length > 1 ? `${run.label}: ` : width > 300 ? `from (${p.w}, ${p.b}): ` : "";
      text.textContent = name + words;
    });
    target.shown = true;
  }

  hide() {
    if (this.frame) { cancelAnimationFrame(this.frame); this.frame = null; }
    for (const t of this.targets) { t.layer.replaceChildren(); t.shown = false; }
    if (this.chart.dom.root.dataset.ghost) this.chart.dom.root.dataset.ghost = "";
  }
}
