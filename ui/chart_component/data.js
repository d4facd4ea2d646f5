// The chart component's data: the binary messages from
// gd_core.figures.payload.encode, and the static layers kept by revision for
// the charts that draw on them.

const STORE = (window.__explorerLayers ??= new Map()); // revision → decoded layers
const KEEP_LAYERS = 6;

// The message (gd_core.figures.payload.encode): a uint32 header length, a
// JSON header, then float32 arrays, referenced as {"f4": [offset, length]}.
export function decodeMessage(raw) {
  const bytes = raw instanceof Uint8Array ? raw.slice() : new Uint8Array(raw); // own, aligned
  const size = new DataView(bytes.buffer).getUint32(0, true);
  const base = 4 + size;
  const swap = (v) => {
    if (Array.isArray(v)) return v.map(swap);
    if (v === null || typeof v !== "object") return v;
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === "f4") return new Float32Array(bytes.buffer, base + 4 * v.f4[0], v.f4[1]);
    return Object.fromEntries(keys.map((k) => [k, swap(v[k])]));
  };
  return swap(JSON.parse(new TextDecoder().decode(bytes.subarray(4, base))));
}

function rows(flat, nb, nw) {
  return Array.from({ length: nb }, (_, i) => flat.subarray(i * nw, (i + 1) * nw));
}

function decodeLayers(raw) {
  const L = { ...raw };
  for (const i of raw.iso_gaps) { L.iso_w[i] = NaN; L.iso_b[i] = NaN; }
  L.z2d = rows(raw.z, L.b.length, L.w.length);
  L.colour2d = rows(raw.colour, L.b.length, L.w.length);
  L.zflat = raw.z;
  L.zmax = raw.z.reduce((m, v) => (v > m ? v : m), 0); // the loss axis's top (figures.js)
  return L;
}

export function decodeRun(raw, lift) {
  const r = { ...raw };
  r.steps = Float32Array.from(r.loss, (_, i) => i);
  r.path_z = Float32Array.from(r.loss, (v) => v + lift);
  if (raw.samples) r.samples = { ...raw.samples, z: Float32Array.from(raw.samples.epoch, (e) => r.path_z[e]) };
  return r;
}

// `engine`: the data and loss the ghost paths run on (ui/ghost.py).
export function storeLayers(raw, engine) {
  if (!STORE.has(raw.revision)) STORE.set(raw.revision, decodeLayers(raw));
  if (engine) STORE.get(raw.revision).engine = engine;
  while (STORE.size > KEEP_LAYERS) STORE.delete(STORE.keys().next().value);
  window.dispatchEvent(new CustomEvent("explorer-layers", { detail: raw.revision }));
}

export function waitForLayers(revision) {
  if (STORE.has(revision)) return Promise.resolve(STORE.get(revision));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the surface did not arrive")), 20000);
    const seen = (event) => {
      if (event.detail !== revision) return;
      clearTimeout(timer);
      window.removeEventListener("explorer-layers", seen);
      resolve(STORE.get(revision));
    };
    window.addEventListener("explorer-layers", seen);
  });
}
