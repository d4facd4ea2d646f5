// The component's entry module: no static imports, so its first lines run
// as soon as it arrives. It starts Plotly.js (the longest step of a first
// load: ~1.5 MB to fetch, ~0.8 s to parse) and the chart modules at once;
// with static imports nothing would run before the whole module graph had
// arrived, a round trip later.
const PLOTLY_URL = new URL("../explorer.plotly/plotly.min.js", import.meta.url).href;
let plotlyPromise = null;

// Plotly.js from the pinned plotly package, once per page (every mount of
// the component shares the one promise). The page's first element
// (ui/chart.py, preload) has usually started it already: a script tagged
// data-esx-plotly = loading | ready | failed; failed is tried again here.
export function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  plotlyPromise ??= new Promise((resolve, reject) => {
    performance.mark("explorer:plotly-requested");
    const fail = (message) => { plotlyPromise = null; reject(new Error(message)); };
    const ready = () => {
      performance.mark("explorer:plotly-ready");
      if (window.Plotly) resolve(window.Plotly); else fail("Plotly.js did not start");
    };
    const fresh = () => {
      const script = document.createElement("script");
      script.dataset.esxPlotly = "loading";
      script.addEventListener("load", () => { script.dataset.esxPlotly = "ready"; ready(); });
      script.addEventListener("error", () => {
        script.dataset.esxPlotly = "failed";
        fail("Plotly.js could not be loaded from the app");
      });
      script.src = PLOTLY_URL;
      document.head.appendChild(script);
    };
    // The early start failed, or loaded something that was not Plotly.js
    // (a proxy's page): one more try, from the component's own address.
    const retry = (early) => { early.dataset.esxPlotly = "failed"; fresh(); };
    const early = document.querySelector("script[data-esx-plotly]:not([data-esx-plotly=failed])");
    if (!early) fresh();
    else if (early.dataset.esxPlotly === "ready") retry(early); // loaded, yet no window.Plotly
    else {
      early.addEventListener("load", () => (window.Plotly ? ready() : retry(early)), { once: true });
      early.addEventListener("error", () => retry(early), { once: true });
    }
  });
  return plotlyPromise;
}

loadPlotly().catch(() => {}); // the charts say so in words if it fails
const chart = import("./chart.js");

// The role of a message (see data.js: a uint32 header length, a JSON header).
function role(raw) {
  try {
    const bytes = raw instanceof Uint8Array ? raw : new Uint8Array(raw);
    const size = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
    return JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + size))).role;
  } catch (error) { return null; }
}

export default function (component) {
  let cleanup = null, gone = false;
  // The room's keys (presenter mode) need neither Plotly.js nor the charts.
  const loading = role(component.data) === "keys" ? import("./keys.js") : chart;
  loading.then((module) => { if (!gone) cleanup = module.default(component); }).catch((error) => {
    if (["layers", "preload", "keys"].includes(role(component.data))) return; // hidden elements
    const box = Object.assign(document.createElement("div"), { className: "esx-error", textContent:
      "The charts could not be loaded: " + String(error && error.message ? error.message : error)
      + ". The numbers on this page are still right; reload the page to try again." });
    box.setAttribute("role", "alert");
    component.parentElement.replaceChildren(box);
  });
  return () => { gone = true; if (typeof cleanup === "function") cleanup(); };
}
