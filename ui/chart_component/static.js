// A finished Plotly figure made in Python (gd_core.figures.payload.
// figure_payload), drawn as it is: the page's other charts share the
// Plotly.js the animated views load, so a page never loads Streamlit's own
// copy as well. With `clickable`, a click on a point is sent back as the
// trigger "click": {x, y, curve}.
import { loadPlotly } from "./plotly_loader.js";

function el(tag, cls, text) {
  const node = document.createElement(tag);
  node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function build(parent) {
  const root = el("div", "esx-static");
  const waiting = el("div", "esx-waiting", "Loading the chart…");
  const error = el("div", "esx-error");
  error.hidden = true;
  error.setAttribute("role", "alert");
  const gd = el("div", "esx-figure");
  root.append(waiting, error, gd);
  parent.append(root);
  const box = { root, waiting, error, gd, next: null, busy: false, drawn: 0 };
  box.observer = new ResizeObserver(() => {
    if (box.drawn && window.Plotly) window.Plotly.Plots.resize(gd).catch(() => {});
  });
  box.observer.observe(root);
  return box;
}

async function draw(box, payload) {
  const Plotly = await loadPlotly();
  const { gd } = box;
  gd.style.height = `${payload.height}px`;
  const layout = { ...payload.figure.layout, autosize: true };
  await Plotly.react(gd, payload.figure.data, layout, payload.config);
  if (payload.clickable && !gd.__clicks) {
    gd.__clicks = true;
    gd.on("plotly_click", (event) => {
      const p = event && event.points && event.points[0];
      if (p && box.setTrigger) box.setTrigger("click", { x: p.x, y: p.y, curve: p.curveNumber });
    });
  }
  box.waiting.hidden = true;
  box.error.hidden = true;
  box.drawn += 1;
  gd.dataset.drawn = String(box.drawn); // for tests and the benchmark: drawn n times
}

// The newest payload wins; one Plotly call at a time.
async function pump(box) {
  box.busy = true;
  while (box.next) {
    const payload = box.next;
    box.next = null;
    try {
      await draw(box, payload);
    } catch (error) {
      box.waiting.hidden = true;
      box.error.textContent = "This chart could not be drawn: " + (error && error.message ? error.message : String(error))
        + ". The numbers on this page are still right; reload the page to try again.";
      box.error.hidden = false;
    }
  }
  box.busy = false;
}

export function staticFigure(component, payload) {
  const { parentElement, setTriggerValue } = component;
  let box = parentElement.__esxStatic;
  if (!box) box = parentElement.__esxStatic = build(parentElement);
  box.setTrigger = setTriggerValue;
  box.next = payload;
  if (!box.busy) pump(box);
  return () => {
    box.observer.disconnect();
    window.Plotly?.purge(box.gd);
    box.root.remove();
    delete parentElement.__esxStatic;
  };
}
