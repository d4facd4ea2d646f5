// The component's entry module: no static imports, so its first lines run
// as soon as it arrives. It starts Plotly.js (the longest step of a first
// load: ~1.5 MB to fetch, ~0.8 s to parse; plotly_loader.js) and the chart
// modules at once; with static imports nothing would run before the whole
// module graph had arrived, a round trip later.
import("./plotly_loader.js")
  .then((loader) => loader.loadPlotly())
  .catch(() => {}); // the charts say so in words if it fails
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
