// Figures of the chart component: for each view, the static traces (drawn
// once per set of runs) and `frame(k)`, the traces that move at epoch k.
// Pure functions of the decoded layers and runs; no DOM, no Plotly calls.

// The font, axis style, colours (ink, paper, muted words …), run colours and
// 3D camera all come from the Python theme (gd_core/figures/theme.py,
// palette.py, camera.py) with the layers and the runs: the component keeps
// no copy of them.
const MARGIN = { l: 48, r: 12, t: 8, b: 40 };
const X_POINTS = 80;
let FONT = {}, AXIS = {}, THEME = {};

// The theme of the layers drawn next (every figure of a chart shares them).
export function useTheme(L) { FONT = L.font; AXIS = L.axis; THEME = L.theme; }

function base(extra) {
  return { font: FONT, margin: MARGIN, paper_bgcolor: THEME.paper, plot_bgcolor: THEME.paper,
           showlegend: false, hovermode: "closest", dragmode: false, autosize: true, ...extra };
}

function at(array, k) { return array[Math.min(k, array.length - 1)]; }

// The contour view: PNG of the colours under the axes, iso-lines, the start
// ○ and the zero-loss point ◇. No path is drawn ahead of Play: each run's
// trail grows with the epoch (contourMoving).
export function contourBase(L) {
  return [{ type: "scatter", mode: "lines", name: "iso-lines", x: L.iso_w, y: L.iso_b,
            line: { color: THEME.iso, width: 1 }, hoverinfo: "skip" }];
}

// How many entries of the ascending `epochs` are ≤ k (binary search).
function reachedBy(epochs, k) {
  let lo = 0, hi = epochs.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (epochs[mid] <= k) lo = mid + 1; else hi = mid; }
  return lo;
}

// A trace whose points appear one by one as Play reaches them (random
// search's kept guesses) is first drawn with all of them, then hidden down to
// the epoch's: Play then only shows points that exist (fast.move2d) instead
// of asking Plotly to add each new one while the clock runs.
export const GROWS = "grows";

// How many of random search's kept samples were drawn by epoch k.
function samplesBy(r, k) { return reachedBy(r.samples.epoch, k); }

// The one off-view mark: a triangle on the border pointing where the run went.
function offViewTrace(r) {
  const o = r.off_view;
  const c = Math.cos((o.angle * Math.PI) / 180), s = Math.sin((o.angle * Math.PI) / 180);
  // The words on the inner side of the mark.
  const textposition = Math.abs(c) >= Math.abs(s) ? (c > 0 ? "middle left" : "middle right") : (s > 0 ? "bottom center" : "top center");
  return { type: "scatter", mode: "markers+text", name: r.label + ": leaves the view", x: [], y: [], cliponaxis: false,
           text: ["off view"], textposition, textfont: { size: 12, color: THEME.ink },
           marker: { size: 16, symbol: "triangle-up", angle: 90 - o.angle, color: r.colour, line: { color: THEME.ink, width: 2 } },
           hovertemplate: r.label + " leaves the view here (epoch " + o.epoch + ")<br>and ends at (" +
             o.end[0].toPrecision(4) + ", " + o.end[1].toPrecision(4) + ")<extra></extra>" };
}

export function markers(L, start, size) {
  const out = [{ type: "scatter", mode: "markers", name: "start (w₀, b₀)", x: [start[0]], y: [start[1]],
                 marker: { size, color: THEME.paper, line: { color: L.ink, width: 3 } },
                 hovertemplate: "start<br>w₀ %{x:.2f}<br>b₀ %{y:.2f}<extra></extra>" }];
  if (L.optimum) {
    out.push({ type: "scatter", mode: "markers", name: "zero loss (w*, b*)",
               x: [L.optimum[0]], y: [L.optimum[1]],
               marker: { size, color: L.optimum_colour, symbol: "diamond", line: { color: L.ink, width: 2 } },
               hovertemplate: "w* %{x:.4f}<br>b* %{y:.4f}<extra>zero loss</extra>" });
  }
  return out;
}

// `small`: a small multiple on a phone — thin margins and no axis titles
// (the panel's own title names the run), so the square plot gets the width.
export function contourLayout(L, small = false) {
  const w = L.w_range, b = L.b_range;
  const title = (text) => (small ? { text: "" } : { text });
  return base({
    ...(small ? { margin: { l: 30, r: 4, t: 4, b: 22 }, font: { ...FONT, size: 11 } } : {}),
    xaxis: { ...AXIS, range: w, title: title("w"), showgrid: false, zeroline: false, constrain: "domain", fixedrange: true },
    yaxis: { ...AXIS, range: b, title: title("b"), showgrid: false, zeroline: false,
             scaleanchor: "x", scaleratio: 1, constrain: "domain", fixedrange: true },
    images: [{ source: L.image, xref: "x", yref: "y", x: w[0], y: b[1], sizex: w[1] - w[0], sizey: b[1] - b[0],
               sizing: "stretch", layer: "below", xanchor: "left", yanchor: "top" }],
  });
}

// Moving traces on a contour: per run its trail (random search's samples as
// points: independent guesses, not a walk) and its head, the momentum arrow
// θ_t → θ_t − γu_t when it has one, and the off-view mark when it leaves.
export function contourMoving(runs) {
  const traces = [];
  for (const r of runs) {
    traces.push(r.samples
      ? { type: "scatter", mode: "markers", name: r.label + ": kept guesses", x: r.samples.w, y: r.samples.b, meta: GROWS,
          marker: { size: 7, color: r.colour, opacity: 0.8, line: { color: THEME.ink, width: 1 } }, hoverinfo: "skip" }
      : { type: "scatter", mode: "lines", name: r.label, x: [], y: [],
          line: { color: r.colour, width: 3 }, hoverinfo: "skip" });
    traces.push({ type: "scatter", mode: "markers", name: r.label, x: [], y: [],
                  marker: { size: 13, color: r.colour, line: { color: THEME.ink, width: 2 } },
                  hovertemplate: r.label + "<br>w %{x:.3f}<br>b %{y:.3f}<extra></extra>" });
    if (r.momentum) {
      traces.push({ type: "scatter", mode: "lines+markers", name: r.label + ": momentum γu", x: [], y: [],
                    line: { color: r.line_colour, width: 2.5 },
                    marker: { size: [0, 11], symbol: "circle-open", color: r.line_colour, line: { width: 2.5 } },
                    hovertemplate: "where momentum carries it next<extra>" + r.label + "</extra>" });
    }
    if (r.off_view) traces.push(offViewTrace(r));
  }
  return traces;
}

// The off-view mark at epoch k: on the border while the run is outside.
function offViewAt(r, k) {
  const o = r.off_view;
  const out = k >= o.epoch && (o.back === null || k < o.back);
  return out ? { x: [o.w], y: [o.b] } : { x: [], y: [] };
}

export function contourFrame(runs, k) {
  const out = [];
  for (const r of runs) {
    const n = Math.min(k, r.w.length - 1) + 1;
    if (r.samples) {
      const m = samplesBy(r, k);
      out.push({ x: r.samples.w.subarray(0, m), y: r.samples.b.subarray(0, m) });
    } else if (r.path) { // every update (mini-batches): the points reached by epoch k
      const m = Math.max(2, reachedBy(r.path.epoch, k));
      out.push({ x: r.path.w.subarray(0, m), y: r.path.b.subarray(0, m) });
    } else {
      // Two points at least, so the trail's SVG path exists from epoch 0 on.
      out.push(n > 1 ? { x: r.w.subarray(0, n), y: r.b.subarray(0, n) } : { x: [r.w[0], r.w[0]], y: [r.b[0], r.b[0]] });
    }
    out.push({ x: [r.w[n - 1]], y: [r.b[n - 1]] });
    if (r.momentum) out.push({ x: [r.w[n - 1], r.momentum.w[n - 1]], y: [r.b[n - 1], r.momentum.b[n - 1]] });
    if (r.off_view) out.push(offViewAt(r, k));
  }
  return out;
}

// The 3D surface with the zero-loss point; per run its trail (growing with
// the epoch, as on the contour) and its head.
export function surfaceFigure(L, runs, colourbar) {
  const data = [{ type: "surface", name: "L(w, b)", x: L.w, y: L.b, z: L.z2d, surfacecolor: L.colour2d,
                  cmin: L.cmin, cmax: L.cmax, colorscale: L.colourscale, showscale: colourbar,
                  // Under the scene, not beside it: the scene keeps the width (phones).
                  colorbar: { tickvals: L.tickvals, ticktext: L.ticktext, thickness: 10, len: 0.8,
                              orientation: "h", x: 0.5, xanchor: "center", y: 0, yanchor: "top",
                              title: { text: "L(w, b)", side: "left" } },
                  hovertemplate: "w %{x:.2f}<br>b %{y:.2f}<br>L %{z:.3g}<extra></extra>" }];
  if (L.optimum) {
    data.push({ type: "scatter3d", mode: "markers", name: "zero loss (w*, b*)", x: [L.optimum[0]],
                y: [L.optimum[1]], z: [L.lift],
                marker: { size: 5, color: L.optimum_colour, symbol: "diamond", line: { color: L.ink, width: 2 } } });
  }
  const moving = [];
  for (const r of runs) {
    moving.push(r.samples
      ? { type: "scatter3d", mode: "markers", name: r.label + ": kept guesses", x: [], y: [], z: [],
          marker: { size: 3, color: r.line_colour }, hoverinfo: "skip" }
      : { type: "scatter3d", mode: "lines", name: r.label, x: [], y: [], z: [],
          line: { color: r.line_colour, width: 5 }, hoverinfo: "skip" });
    moving.push({ type: "scatter3d", mode: "markers", name: r.label, x: [], y: [], z: [],
      marker: { size: 6, color: r.line_colour, line: { color: L.ink, width: 2 } },
      hovertemplate: r.label + "<br>w %{x:.3f}<br>b %{y:.3f}<br>L %{z:.3g}<extra></extra>" });
  }
  const layout = base({
    margin: { l: 8, r: 8, t: 0, b: colourbar ? 48 : 0 },
    scene: { xaxis: { title: { text: "w" }, range: L.w_range }, yaxis: { title: { text: "b" }, range: L.b_range },
             zaxis: { title: { text: "L" }, tickvals: L.zticks }, camera: L.camera, aspectmode: "manual",
             aspectratio: { x: 1, y: 1, z: 0.6 } },
  });
  return { data, moving, layout };
}

export function surfaceFrame(L, runs, k) {
  const out = [];
  for (const r of runs) {
    const i = Math.min(k, r.w.length - 1);
    if (r.samples) {
      const m = samplesBy(r, k);
      out.push({ x: r.samples.w.subarray(0, m), y: r.samples.b.subarray(0, m), z: r.samples.z.subarray(0, m) });
    } else {
      out.push({ x: r.w.subarray(0, i + 1), y: r.b.subarray(0, i + 1), z: r.path_z.subarray(0, i + 1) });
    }
    out.push({ x: [r.w[i]], y: [r.b[i]], z: [r.loss[i] + L.lift] });
  }
  return out;
}

// The data and the fitted sigmoid f(x) = 1/(1 + e^−(wx + b)) of each run.
export function dataFigure(runs, data) {
  const [lo, hi] = data.x_range;
  const xs = Float32Array.from({ length: X_POINTS }, (_, i) => lo + ((hi - lo) * i) / (X_POINTS - 1));
  const dataTrace = { type: "scatter", mode: "markers", name: "data (x, y)", x: data.x, y: data.y,
                      marker: { size: 11, color: THEME.ink }, hovertemplate: "x %{x:.3g}<br>y %{y:.3g}<extra>data</extra>" };
  const moving = runs.map((r) => ({ type: "scatter", mode: "lines", name: "f(x), " + r.label, x: xs, y: [],
    line: { color: r.line_colour, width: 3 }, hovertemplate: "x %{x:.2f}<br>f(x) %{y:.3f}<extra>" + r.label + "</extra>" }));
  const layout = base({ xaxis: { ...AXIS, range: [lo, hi], title: { text: "x" }, fixedrange: true },
                        yaxis: { ...AXIS, range: [-0.05, 1.05], title: { text: "f(x)" }, fixedrange: true } });
  return { data: [dataTrace], moving, layout, xs };
}

export function dataFrame(runs, xs, k) {
  return runs.map((r) => {
    const w = at(r.w, k), b = at(r.b, k);
    return { y: xs.map((x) => 0.5 * (1 + Math.tanh(0.5 * (w * x + b)))) };
  });
}

// Loss per epoch on a log axis, the tolerance, a marker at epoch k. The
// axis stays put from one start to the next where it can, so runs compare
// by eye and a click moves the curves in place (chart.js draw: the layout
// unchanged, the tolerance first): its top is the largest loss on the
// surface (a run's, up to its decade, when one climbs above); its bottom
// the tolerance, or the decade of the smallest loss once a run goes well
// below it (η = 10 reaches 2.5e−32 from the lecture's start). `kept`, the
// range drawn before, stays while it holds every loss and its bottom is at
// most four decades below the new one.
export function lossFigure(runs, tol, epochs, ceiling, kept = null) {
  let lo = Infinity, hi = -Infinity;
  const data = [];
  if (tol !== null) {
    // Labelled at its right end (the same as the Python figures' tolerance_line).
    // Drawn over the curves (zorder), though first in the data.
    data.push({ type: "scatter", mode: "lines+text", name: "tolerance", x: [0, epochs], y: [tol, tol],
                text: ["", "tolerance " + tol.toExponential(0)], textposition: "top left",
                textfont: { size: 12, color: THEME.muted }, zorder: 1,
                line: { dash: "dot", color: THEME.tolerance, width: 1.5 }, hovertemplate: "tolerance %{y:g}<extra></extra>" });
  }
  for (const r of runs) {
    for (const v of r.loss) { if (v > 0 && v < lo) lo = v; if (v > hi) hi = v; }
    data.push({ type: "scatter", mode: "lines", name: r.label, x: r.steps, y: r.loss,
                line: { color: r.line_colour, width: 2.5 },
                hovertemplate: "epoch %{x}<br>L %{y:.3g}<extra>" + r.label + "</extra>" });
  }
  // The margin above (10^0.3 ≈ 2×) also holds a run a little over the
  // surface's grid maximum (a start between grid points, a last-bit exp).
  const top = ceiling > 0 && !(hi > 1.5 * ceiling) ? Math.log10(ceiling)
    : hi > 0 && Number.isFinite(hi) ? Math.ceil(Math.log10(hi)) : 0;
  // Down to the tolerance while every loss is at least 0.6 of it (the margin
  // below reaches 10^−0.3 ≈ 0.5 of it); else to the smallest loss's decade.
  const below = tol === null || lo < 0.6 * tol ? lo : tol;
  const bottom = below === tol ? Math.log10(tol) : Number.isFinite(below) ? Math.floor(Math.log10(below)) : top - 1;
  const fresh = [Math.min(bottom, top - 1) - 0.3, top + 0.3];
  const holds = kept && kept[1] === fresh[1] && kept[0] <= fresh[0] && fresh[0] - kept[0] <= 4;
  const range = holds ? [kept[0], kept[1]] : fresh;
  const moving = [{ type: "scatter", mode: "lines", name: "now", x: [0, 0], y: [10 ** range[0], 10 ** range[1]],
                    line: { color: THEME.ink, width: 1.5, dash: "dash" }, hoverinfo: "skip" }]
    .concat(runs.map((r) => ({ type: "scatter", mode: "markers", name: r.label, x: [], y: [],
      marker: { size: 9, color: r.line_colour, line: { color: THEME.ink, width: 1.5 } }, hoverinfo: "skip" })));
  const layout = base({ xaxis: { ...AXIS, title: { text: "epoch" }, range: [0, epochs], fixedrange: true },
                        yaxis: { ...AXIS, type: "log", exponentformat: "power", range, title: { text: "L" }, fixedrange: true } });
  return { data, moving, layout, range };
}

export function lossFrame(runs, range, k) {
  return [{ x: [k, k], y: [10 ** range[0], 10 ** range[1]] }]
    .concat(runs.map((r) => { const i = Math.min(k, r.loss.length - 1); return { x: [i], y: [r.loss[i]] }; }));
}
