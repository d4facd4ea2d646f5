// Fast frame updates during playback. Plotly.animate / restyle redo the
// defaults of the whole figure (2D: ~15–35 ms a plot) or rebuild every trace
// of a WebGL scene, the surface included (3D: ~150–250 ms in software
// WebGL); a frame only moves a few short traces. So during playback:
// 2D: the moving traces' SVG paths are rewritten in place (the points run
// through the axes' own c2p), and gd.data follows, so any later redraw
// draws the same; 3D: only the moving traces' GL objects are updated and
// the scene is redrawn. Each returns false when the plot is not in the
// shape it expects, and the caller falls back to Plotly's own calls.

// Each scatter trace's SVG group, by its index in gd.data.
export function traceGroups(gd) {
  const out = new Map();
  for (const g of gd.querySelectorAll(".scatterlayer .trace")) {
    const trace = g.__data__ && g.__data__[0] && g.__data__[0].trace;
    if (trace) out.set(trace.index, g);
  }
  return out;
}

function axes(gd, trace) {
  const layout = gd._fullLayout;
  return [layout["xaxis" + (trace.xaxis || "x").slice(1)], layout["yaxis" + (trace.yaxis || "y").slice(1)]];
}

// `exact`: every point of each trace must have its SVG element (for traces
// whose length changes between runs, not just between frames).
export function move2d(gd, indices, updates, exact = false) {
  const found = traceGroups(gd);
  const jobs = [];
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j], g = found.get(i), trace = gd._fullData[i];
    if (!trace) return false;
    const [xa, ya] = axes(gd, trace);
    const xs = updates[j].x ?? gd.data[i].x, ys = updates[j].y ?? gd.data[i].y;
    // Not drawn (nothing to draw: an off-view mark before its run leaves the
    // view): nothing to move while it stays empty; Plotly draws it once it is not.
    if (!g) {
      if (xs.length > 0) return false;
      jobs.push([i, j, xs, ys, xa, ya, null, [], [], []]);
      continue;
    }
    const lines = trace.mode.includes("lines"), markers = trace.mode.includes("markers");
    const [line, ...rest] = lines ? g.querySelectorAll("path.js-line") : [];
    let points = markers ? g.querySelectorAll("path.point") : [];
    const texts = trace.mode.includes("text") ? g.querySelectorAll(".textpoint") : [];
    if (lines && !line) return false;
    // A new run with another count of like points (random search's kept
    // guesses from a new start): as many copies of a drawn one as it needs.
    if (exact && markers && points.length !== xs.length && alike(trace, points)) {
      points = resize(points, xs.length);
    }
    // Markers move in place; a trace with more points than it has drawn
    // (an off-view mark appearing) is Plotly's to draw.
    if (markers && (exact ? points.length !== xs.length : points.length < xs.length)) return false;
    if (texts.length > 0 && texts.length < xs.length) return false; // Plotly places new words
    jobs.push([i, j, xs, ys, xa, ya, line, rest, points, texts]);
  }
  for (const [i, j, xs, ys, xa, ya, line, rest, points, texts] of jobs) {
    Object.assign(gd.data[i], updates[j], { x: xs, y: ys }); // names too, when runs change
    for (const extra of rest) extra.setAttribute("d", "M0,0"); // one path holds it all now
    if (line) {
      let d = "";
      for (let n = 0; n < xs.length; n++) d += (n ? "L" : "M") + xa.c2p(xs[n]).toFixed(1) + "," + ya.c2p(ys[n]).toFixed(1);
      line.setAttribute("d", d);
    }
    points.forEach((p, n) => {
      // Points past the update's count (a step back, an off-view mark gone) are hidden.
      p.style.display = n < xs.length ? "" : "none";
      if (n < xs.length) p.setAttribute("transform", `translate(${xa.c2p(xs[n]).toFixed(1)},${ya.c2p(ys[n]).toFixed(1)})`);
    });
    texts.forEach((t, n) => { t.style.display = n < xs.length ? "" : "none"; }); // words of a mark stay put
  }
  return true;
}

// Every point of the trace drawn alike (one marker style, no per-point
// arrays, no selection), at least one drawn to copy.
function alike(trace, points) {
  const m = trace.marker || {};
  const perPoint = ["color", "size", "symbol", "opacity"].some((k) => Array.isArray(m[k]) || ArrayBuffer.isView(m[k]))
    || (m.line && ["color", "width"].some((k) => Array.isArray(m.line[k])));
  return points.length > 0 && !perPoint && !trace.selectedpoints && !trace.text && !trace.customdata;
}

// `points` made `n` long: the last one copied, or the ones past n removed.
function resize(points, n) {
  const list = [...points], last = list[list.length - 1];
  while (list.length > n) list.pop().remove();
  while (list.length < n) list.push(last.parentNode.appendChild(last.cloneNode(true)));
  return list;
}

// Plotly.animate without a redraw leaves a marker whose trace now has fewer
// points (an off-view mark after a step back): hide what the data no longer holds.
export function hideExtra(gd, indices) {
  const found = traceGroups(gd);
  for (const i of indices) {
    const g = found.get(i), n = (gd.data[i] && gd.data[i].x ? gd.data[i].x.length : 0);
    if (!g) continue;
    g.querySelectorAll("path.point").forEach((p, k) => { p.style.display = k < n ? "" : "none"; });
    g.querySelectorAll(".textpoint").forEach((t, k) => { t.style.display = k < n ? "" : "none"; });
  }
}

// After move2d outside playback Plotly's own copy (calcdata, which hover
// reads) is behind: bring it up to date when the pointer comes in, after
// the next paint (a restyle costs 20–50 ms; the pointer is often already
// in when a click's new run arrives, and the new paths come first).
export function resyncOnHover(gd, indices) {
  gd.__stale = indices;
  if (gd.__resync) return;
  const restyle = () => {
    const stale = gd.__stale;
    if (!stale) return;
    gd.__stale = null;
    const now = (key) => stale.map((i) => gd.data[i][key]);
    window.Plotly.restyle(gd, { x: now("x"), y: now("y"), name: now("name"), hovertemplate: now("hovertemplate") }, stale)
      .catch(() => {});
  };
  gd.__resync = () => requestAnimationFrame(() => setTimeout(restyle, 0));
  gd.addEventListener("mouseenter", gd.__resync);
}

export function move3d(gd, indices, updates) {
  const scene = gd._fullLayout && gd._fullLayout.scene && gd._fullLayout.scene._scene;
  if (!scene || !scene.traces || !scene.glplot) return false;
  const objects = indices.map((i) => gd._fullData[i] && scene.traces[gd._fullData[i].uid]);
  if (objects.some((o) => !o || typeof o.update !== "function")) return false;
  indices.forEach((i, j) => {
    Object.assign(gd._fullData[i], updates[j]);
    Object.assign(gd.data[i], updates[j]);
    objects[j].update(gd._fullData[i]);
  });
  scene.glplot.redraw();
  return true;
}
