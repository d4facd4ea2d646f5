// The chart's HTML around the plots: controls, legend, panels, messages.
// Layout follows the component's own width (ResizeObserver), not the
// browser's User-Agent: at 640 px or less the panels stack in one column.

const NARROW = 760; // one column from here down (≤ 640 px: phones) — two would squeeze the 3D
const SPEEDS = [[10, "10 epochs/s"], [30, "30 epochs/s"], [100, "100 epochs/s"], [300, "300 epochs/s"]];
const TITLES = {
  surface: "Error surface L(w, b)",
  contour: "Contour · click to start there",
  data: "Data and the fitted f(x)",
  loss: "Loss per epoch (log scale)",
};

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function buildDom(parent) {
  const root = el("div", "esx");
  root.tabIndex = 0;
  root.setAttribute("role", "group");
  root.setAttribute("aria-label", "Animated charts: space plays or pauses, arrow keys step an epoch");
  const bar = el("div", "esx-bar");
  const play = el("button", "esx-play", "▶ Play");
  play.type = "button";
  const slider = el("input", "esx-slider");
  Object.assign(slider, { type: "range", min: "0", max: "0", step: "1", value: "0" });
  slider.setAttribute("aria-label", "epoch");
  const epoch = el("span", "esx-epoch", "epoch 0");
  const speed = el("select", "esx-speed");
  speed.setAttribute("aria-label", "speed");
  for (const [value, text] of SPEEDS) speed.append(new Option(text, String(value), false, value === 100));
  bar.append(play, slider, epoch, speed);
  const legend = el("div", "esx-legend");
  const grid = el("div", "esx-grid");
  const error = el("div", "esx-error");
  error.hidden = true;
  error.setAttribute("role", "alert");
  const tipBox = el("div", "esx-tip");
  tipBox.hidden = true;
  const waiting = el("div", "esx-waiting", "Loading the charts…");
  root.append(bar, legend, error, waiting, grid, tipBox);
  parent.append(root);
  const plots = new Map();

  // `optimum`: whether the ◇ is drawn (the lesson hides it before a reveal).
  function panels(payload, runs, optimum) {
    waiting.hidden = true;
    bar.hidden = payload.epochs === 0; // a still view (no run, or one point): nothing to play
    grid.className = `esx-grid esx-${payload.kind}`;
    const ids = payload.kind === "compare"
      ? runs.map((_, i) => "contour" + i).concat(["surface", "loss"])
      : payload.kind === "race" ? ["surface", "contour"]
      : ["surface", "contour", "data"].concat(payload.epochs ? ["loss"] : []); // no epochs: no curve
    for (const [id, panel] of plots) {
      if (!ids.includes(id)) { window.Plotly?.purge(panel.gd); panel.node.remove(); plots.delete(id); }
    }
    const out = {};
    ids.forEach((id, i) => {
      let panel = plots.get(id);
      if (!panel) {
        const node = el("div", "esx-panel");
        node.dataset.panel = id.replace(/\d+$/, "");
        const head = el("div", "esx-title");
        const gd = el("div", "esx-plot");
        gd.dataset.view = id;
        node.append(head, gd);
        panel = { node, head, gd };
        plots.set(id, panel);
      }
      grid.append(panel.node); // in order
      const own = id.startsWith("contour") && payload.kind === "compare" ? payload.titles[i]
        : id === "contour" ? payload.contour_title : null;
      setTitle(panel.head, own || TITLES[id.replace(/\d+$/, "")]);
      out[id] = panel.gd;
    });
    legendFor(legend, runs, optimum);
    slider.max = String(payload.epochs);
    return out;
  }

  function setEpoch(k, epochs) {
    slider.max = String(epochs);
    slider.value = String(k);
    epoch.textContent = `epoch ${k}`;
    root.dataset.epoch = String(k);
  }

  function setPlaying(on) {
    play.textContent = on ? "❚❚ Pause" : "▶ Play";
    root.dataset.playing = on ? "1" : "0";
  }

  function tip(event, point, L) {
    if (!event || !point) { tipBox.hidden = true; return; }
    const loss = lookup(L, point.w, point.b);
    tipBox.textContent = `w ${point.w.toFixed(2)} · b ${point.b.toFixed(2)} · L ${loss.toPrecision(3)}`;
    const box = root.getBoundingClientRect();
    tipBox.style.left = `${Math.min(event.clientX - box.left + 14, box.width - 190)}px`;
    tipBox.style.top = `${event.clientY - box.top + 16}px`;
    tipBox.hidden = false;
  }

  return { root, play, slider, speed, error, panels, setEpoch, setPlaying, tip };
}

// "η = 1 · converged (epoch 380)": the η bold, the verdict under it.
function setTitle(head, text) {
  const [first, ...rest] = text.split(" · ");
  head.replaceChildren(el("strong", "", first));
  if (rest.length) head.append(el("span", "esx-sub", rest.join(" · ")));
}

function legendFor(legend, runs, optimum) {
  legend.replaceChildren();
  const item = (mark, text, colour) => {
    const entry = el("span", "esx-key");
    const swatch = el("span", `esx-swatch esx-${mark}`);
    if (colour) swatch.style.setProperty("--c", colour);
    entry.append(swatch, el("span", "", text));
    legend.append(entry);
  };
  for (const r of runs) item("line", r.label, r.line_colour);
  item("start", "start (w₀, b₀)");
  if (optimum) item("optimum", "zero loss (w*, b*)");
}

// L(w, b) read off the surface grid (bilinear), for the hover readout.
function lookup(L, w, b) {
  const nw = L.w.length, nb = L.b.length;
  const fx = ((w - L.w[0]) / (L.w[nw - 1] - L.w[0])) * (nw - 1);
  const fy = ((b - L.b[0]) / (L.b[nb - 1] - L.b[0])) * (nb - 1);
  const i = Math.max(0, Math.min(nw - 2, Math.floor(fx))), j = Math.max(0, Math.min(nb - 2, Math.floor(fy)));
  const tx = Math.max(0, Math.min(1, fx - i)), ty = Math.max(0, Math.min(1, fy - j));
  const z = (jj, ii) => L.zflat[jj * nw + ii];
  return (1 - ty) * ((1 - tx) * z(j, i) + tx * z(j, i + 1)) + ty * ((1 - tx) * z(j + 1, i) + tx * z(j + 1, i + 1));
}

export function showError(dom, error) {
  if (!error) { dom.error.hidden = true; return; }
  dom.error.textContent = "The animated charts could not be drawn: " + (error && error.message ? error.message : String(error))
    + ". The numbers on this page are still right; reload the page to try again.";
  dom.error.hidden = false;
}

// Narrow (≤ 640 px) or wide, from the component's width; plots resize with it.
export function layoutByWidth(root, resize) {
  if (root.__observer) { root.__resize = resize; return; }
  root.__resize = resize;
  let width = 0, timer = null;
  root.__observer = new ResizeObserver(([entry]) => {
    const now = Math.round(entry.contentRect.width);
    if (now === width) return;
    width = now;
    root.classList.toggle("esx-narrow", now <= NARROW);
    clearTimeout(timer);
    timer = setTimeout(() => root.__resize(), 80);
  });
  root.__observer.observe(root);
  root.classList.toggle("esx-narrow", root.getBoundingClientRect().width <= NARROW);
}
