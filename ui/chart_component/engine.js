// The browser's run engine for ghost paths: gd_core's descent and its
// full-batch optimizers, ported operation by operation (same order, same
// stopping rules), so a path drawn under the pointer is the one the server
// would compute. No imports and no DOM: tests run it in Node against gd_core
// (tests/test_ghost_parity.py).
//
// Sources it follows: gd_core/losses.py (scalar kernels, N ≤ 16 points),
// gd_core/problem.py (_evaluate_tiles: more points, NumPy's pairwise sums),
// gd_core/kernels.py (scalar_stuck), gd_core/descent.py (_descend),
// gd_core/runner.py (run_optimizer, _History), gd_core/transforms.py and
// optimizers.py (the updates), gd_core/schedules.py, gd_core/trajectory.py
// (converged, end_status). Math.exp/log1p/pow may round the last bit
// differently from the C library Python uses, so a chaotic run (a large η
// bouncing on a saturated wing) can end elsewhere: the parity tests compare
// where gd_core itself does not move under a last-bit nudge of the start.

export const MAX_POINTS = 2000; // beyond this a frame cannot hold a run
export const POINT_LOOP_MAX = 16; // gd_core.problem._POINT_LOOP_MAX
const SATURATED_SLOPE = 1e-3; // gd_core.problem.SATURATED_SLOPE
const PLATEAU_GRAD = 1e-3; // gd_core.trajectory.PLATEAU_GRAD
// Methods this engine runs (full batch, gradient only); "descent" is
// gd_core.descent.gradient_descent, the others gd_core.runner.run_method.
export const METHODS = ["descent", "gradient_descent", "momentum", "nesterov", "adagrad", "rmsprop", "adam"];

// NumPy's pairwise sum (numpy/_core/src/umath/loops_utils.h.src), which
// ndarray.sum uses for the points of one cell: 8 running sums per block of
// ≤ 128, halves above.
function pairwise(a, lo, n) {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[lo + i];
    return res;
  }
  if (n <= 128) {
    const r = [a[lo], a[lo + 1], a[lo + 2], a[lo + 3], a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[lo + i + j];
    let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) res += a[lo + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, lo, n2) + pairwise(a, lo + n2, n - n2);
}

// np.logaddexp(0, z) as NumPy computes it (npy_logaddexp).
function logaddexp0(z) {
  if (z === 0) return Math.LN2;
  const tmp = -z;
  if (tmp > 0) return Math.log1p(Math.exp(-tmp));
  if (tmp <= 0) return z + Math.log1p(Math.exp(tmp));
  return tmp; // NaN
}

function sigmoid(z) { return 1 / (1 + Math.exp(-z)); } // e^-z = inf gives 0, as in gd_core

// σ(z) and ℓ of one point, gd_core.losses.*.scalar_point.
function pointSquared(z, y) { const f = sigmoid(z), r = f - y; return [0.5 * r * r, f]; }
function pointCross(z, y) {
  const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  return [softplus - y * z, sigmoid(z)];
}

// The loop of gd_core.losses.SquaredError.scalar_kernel / CrossEntropy's.
function scalarKernel(xs, ys, cross) {
  const n = xs.length, out = [0, 0, 0];
  return (w, b) => {
    let loss = 0, dw = 0, db = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[i], y = ys[i];
      let dz;
      if (cross) {
        const z = w * x + b;
        let softplus, f;
        if (z >= 0) {
          const e = z < 745 ? Math.exp(-z) : 0;
          softplus = z + Math.log1p(e); f = 1 / (1 + e);
        } else {
          const e = z > -745 ? Math.exp(z) : 0;
          softplus = Math.log1p(e); f = e / (1 + e);
        }
        loss += softplus - y * z;
        dz = f - y;
      } else {
        const f = 1 / (1 + Math.exp(-(w * x + b)));
        const residual = f - y;
        loss += 0.5 * residual * residual;
        dz = residual * f * (1 - f);
      }
      dw += dz * x;
      db += dz;
    }
    out[0] = loss; out[1] = dw; out[2] = db;
    return out;
  };
}

// gd_core.problem.SigmoidNeuron._evaluate_tiles for one (w, b): every point
// at once, summed pairwise. `stuck` also fills the saturated points' sum.
function tiledKernel(xs, ys, cross) {
  const n = xs.length, value = new Float64Array(n), dzx = new Float64Array(n), dz = new Float64Array(n);
  const stuckTerms = new Float64Array(n), out = [0, 0, 0, 0];
  return (w, b, stuck = false) => {
    for (let i = 0; i < n; i++) {
      const x = xs[i], y = ys[i], z = x * w + b, f = sigmoid(z);
      let v, d;
      if (cross) { v = logaddexp0(z) - y * z; d = f - y; } else { const r = f - y; v = 0.5 * r * r; d = r * f * (1 - f); }
      value[i] = v; dzx[i] = d * x; dz[i] = d;
      if (stuck) stuckTerms[i] = f * (1 - f) < SATURATED_SLOPE ? v : 0;
    }
    out[0] = pairwise(value, 0, n); out[1] = pairwise(dzx, 0, n); out[2] = pairwise(dz, 0, n);
    out[3] = stuck ? pairwise(stuckTerms, 0, n) : 0;
    return out;
  };
}

// The neuron on data (x, y) with "squared_error" or "cross_entropy":
// kernel(w, b) → [L, ∇w, ∇b] (one array, reused) and stuck(w, b), the loss
// on saturated points (gd_core.kernels.scalar_stuck).
export function makeProblem(x, y, loss) {
  if (x.length !== y.length || x.length < 1) throw new Error("x and y must have the same length");
  if (loss !== "squared_error" && loss !== "cross_entropy") throw new Error(`unknown loss ${loss}`);
  const xs = Float64Array.from(x), ys = Float64Array.from(y), cross = loss === "cross_entropy";
  if (xs.length > POINT_LOOP_MAX) {
    const tiled = tiledKernel(xs, ys, cross);
    return { n: xs.length, kernel: (w, b) => tiled(w, b), stuck: (w, b) => tiled(w, b, true)[3] };
  }
  const point = cross ? pointCross : pointSquared;
  const stuck = (w, b) => {
    let total = 0;
    for (let i = 0; i < xs.length; i++) {
      const [v, f] = point(w * xs[i] + b, ys[i]);
      if (f * (1 - f) < SATURATED_SLOPE) total += v;
    }
    return total;
  };
  return { n: xs.length, kernel: scalarKernel(xs, ys, cross), stuck };
}

// gd_core.trajectory.converged and end_status.
function converged(p, loss, norm, tol, w, b) {
  if (loss < tol.loss) return true;
  return norm < tol.grad && p.stuck(w, b) <= tol.loss;
}

function endStatus(rec, stuck, isConverged, diverged, lossTol) {
  const n = rec.n, row = n - 1 - Math.max(1, Math.floor(n / 5));
  const final = rec.loss[n - 1], earlier = row >= 0 ? rec.loss[row] : final;
  if (diverged) return "diverged";
  if (isConverged) return "converged";
  const stalled = earlier - final <= 1e-2 * final;
  return rec.norm[n - 1] < PLATEAU_GRAD && stuck > lossTol && stalled ? "plateau" : "max_epochs";
}

// Rows of a run as they are recorded, in preallocated arrays.
function record(rows) {
  return { n: 0, w: new Float64Array(rows), b: new Float64Array(rows), loss: new Float64Array(rows),
           norm: new Float64Array(rows) };
}

function push(rec, w, b, loss, norm) {
  const k = rec.n++;
  rec.w[k] = w; rec.b[k] = b; rec.loss[k] = loss; rec.norm[k] = norm;
}

function result(p, rec, convergedAt, diverged, tol) {
  const at = diverged ? null : convergedAt, n = rec.n;
  const stuck = p.stuck(rec.w[n - 1], rec.b[n - 1]);
  return { w: rec.w.subarray(0, n), b: rec.b.subarray(0, n), loss: rec.loss.subarray(0, n),
           norm: rec.norm.subarray(0, n), convergedAt: at, diverged,
           status: endStatus(rec, stuck, at !== null, diverged, tol.loss) };
}

const TOL = { loss: 1e-5, grad: 1e-6 }; // gd_core.trajectory.DEFAULT_LOSS_TOL, DEFAULT_GRAD_TOL

// gd_core.descent.gradient_descent (its _descend loop): θ ← θ − η∇L(θ) for
// `epochs` updates, every epoch kept (no stop at the tolerance).
export function descend(p, start, eta, epochs, tol = TOL) {
  let [w, b] = start;
  const rec = record(epochs + 1);
  let convergedAt = null, blown = false;
  for (let t = 0; t <= epochs; t++) {
    const [loss, dw, db] = p.kernel(w, b);
    if (!Number.isFinite(loss + dw + db)) { blown = true; break; }
    const norm = Math.hypot(dw, db);
    push(rec, w, b, loss, norm);
    if (converged(p, loss, norm, tol, w, b)) { if (convergedAt === null) convergedAt = t; }
    else convergedAt = null;
    if (t === epochs) break;
    w = w - eta * dw; b = b - eta * db;
    if (!Number.isFinite(w + b)) { blown = true; break; }
  }
  if (rec.n === 0) throw new Error("the loss at the start is not finite");
  return result(p, rec, convergedAt, blown, tol);
}

// gd_core.schedules.make_schedule: η_t for t = updates made so far.
function schedule(s) {
  const eta = s.learning_rate, kind = s.schedule ?? "constant", rate = s.decay ?? 0.5, every = s.every ?? 100;
  if (kind === "constant") return () => eta;
  if (kind === "step") return (t) => eta * rate ** Math.floor(t / every);
  if (kind === "exponential") return (t) => eta * Math.exp(-rate * t);
  if (kind === "inverse_time") return (t) => eta / (1 + rate * t);
  throw new Error(`unknown schedule ${kind}`);
}

// Each method's step from the gradient (gd_core.optimizers, with the
// defaults of gd_core.methods): `at(w, b)` where the gradient is taken,
// `step(gw, gb, t)` → [Δw, Δb], t the updates made before this one.
function rule(method, s) {
  const lr = schedule(s);
  const gamma = s.gamma ?? 0.9;
  let vw = 0, vb = 0, aw = 0, ab = 0; // momentum's trace (−u); AdaGrad/RMSProp/Adam's v
  let mw = 0, mb = 0; // Adam's m
  const here = (w, b) => [w, b];
  switch (method) {
    case "gradient_descent":
      return { at: here, step: (gw, gb, t) => { const e = -lr(t); return [e * gw, e * gb]; } };
    case "momentum": case "nesterov": {
      const step = (gw, gb, t) => {
        const e = -lr(t);
        vw = gamma * vw + e * gw; vb = gamma * vb + e * gb;
        return [vw, vb];
      };
      const at = method === "nesterov" ? (w, b) => [w + gamma * vw, b + gamma * vb] : here;
      return { at, step };
    }
    case "adagrad": {
      const eps = s.eps ?? 1e-10;
      return { at: here, step: (gw, gb, t) => {
        aw = aw + gw * gw; ab = ab + gb * gb;
        const uw = gw / (Math.sqrt(aw) + eps), ub = gb / (Math.sqrt(ab) + eps), e = -lr(t);
        return [e * uw, e * ub];
      } };
    }
    case "rmsprop": {
      const beta = s.beta ?? 0.99, eps = s.eps ?? 1e-8;
      return { at: here, step: (gw, gb, t) => {
        aw = beta * aw + (1 - beta) * gw * gw; ab = beta * ab + (1 - beta) * gb * gb;
        const uw = gw / (Math.sqrt(aw) + eps), ub = gb / (Math.sqrt(ab) + eps), e = -lr(t);
        return [e * uw, e * ub];
      } };
    }
    case "adam": {
      const b1 = s.beta1 ?? 0.9, b2 = s.beta2 ?? 0.999, eps = s.eps ?? 1e-8;
      let count = 0;
      return { at: here, step: (gw, gb, t) => {
        count += 1;
        mw = b1 * mw + (1 - b1) * gw; mb = b1 * mb + (1 - b1) * gb;
        aw = b2 * aw + (1 - b2) * gw * gw; ab = b2 * ab + (1 - b2) * gb * gb;
        const c1 = 1 - b1 ** count, c2 = 1 - b2 ** count;
        const uw = (mw / c1) / (Math.sqrt(aw / c2) + eps), ub = (mb / c1) / (Math.sqrt(ab / c2) + eps);
        const e = -lr(t);
        return [e * uw, e * ub];
      } };
    }
    default:
      throw new Error(`the browser engine does not run ${method}`);
  }
}

// gd_core.runner.run_method for a full-batch method: θ ← θ + step, a row
// per epoch; L and ‖∇L‖ at each row, as its _History records them.
export function runMethod(p, method, settings, start, epochs, tol = TOL) {
  if (method === "descent") return descend(p, start, settings.learning_rate, epochs, tol);
  const { at, step } = rule(method, settings);
  const rec = record(epochs + 1);
  let convergedAt = null, diverged = false;
  const add = (w, b) => {
    if (!(Number.isFinite(w) && Number.isFinite(b))) return false;
    const [loss, dw, db] = p.kernel(w, b);
    if (!Number.isFinite(loss + dw + db)) return false;
    const norm = Math.hypot(dw, db);
    push(rec, w, b, loss, norm);
    if (converged(p, loss, norm, tol, w, b)) { if (convergedAt === null) convergedAt = rec.n - 1; }
    else convergedAt = null;
    return true;
  };
  let [w, b] = start;
  if (!add(w, b)) diverged = true;
  for (let t = 0; t < epochs && !diverged; t++) {
    const [gw, gb] = (() => { const [qw, qb] = at(w, b); const g = p.kernel(qw, qb); return [g[1], g[2]]; })();
    const [sw, sb] = step(gw, gb, t);
    w = w + sw; b = b + sb;
    if (!add(w, b)) diverged = true;
  }
  if (rec.n === 0) throw new Error("the loss at the start is not finite");
  return result(p, rec, convergedAt, diverged, tol);
}
