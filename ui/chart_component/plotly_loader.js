// Plotly.js from the pinned plotly package, once per page: the one loader
// that the entry module starts and the chart modules wait for (its own
// module, so that none of them imports the entry module).
let plotlyPromise = null;

// Where the app serves Plotly.js, beside this module's folder. Read only when
// it is fetched: the offline page (offline.js) has Plotly.js inline, and its
// modules' data: addresses are no base for a relative one.
function plotlyUrl() { return new URL("../explorer.plotly/plotly.min.js", import.meta.url).href; }

// Every mount of the component shares the one promise. The page's head
// (ui/page_head.py) or its first element (ui/browser_chart.py, preload) has
// usually started it already: a script tagged data-esx-plotly = loading |
// ready | failed (marked by a listener of EARLY_SCRIPT's); failed is tried
// again here.
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
      script.src = plotlyUrl();
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
