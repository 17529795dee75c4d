/**
 * Minimisation for maximum-likelihood fits: BFGS (quasi-Newton) where the gradient is known,
 * which takes tens of evaluations, and derivative-free Nelder–Mead (downhill simplex) for the
 * rest and as its fallback.
 *
 * Why hand-written: the npm candidate, `fmin` 0.0.4, cannot be imported from Node ESM (its
 * `main` is a UMD bundle inside a `"type": "module"` package, so the import has no exports, and
 * its ESM sources use extension-less relative imports that Node refuses), ships no types, and
 * its shrink step assigns an undeclared loop variable. ml-matrix and friends have no Nelder–Mead.
 * The method is short, and restarting it from its own optimum (below) is what makes a
 * maximum-likelihood fit trustworthy to 4+ significant digits. BFGS is a few dozen lines more.
 *
 * Pure: no I/O, no Node built-ins.
 */

export interface NelderMeadOptions {
  /** Initial simplex edge along each coordinate (default 0.5; the fits work on log-parameters). */
  readonly initialStep?: number;
  /** Stop when every vertex is within this distance of the best one, per coordinate (1e-10). */
  readonly pointTolerance?: number;
  /** ...and every vertex's value is within this of the best value (1e-12). */
  readonly valueTolerance?: number;
  /** Budget of function evaluations across all restarts (default 20,000). */
  readonly maxEvaluations?: number;
  /**
   * After converging, start a fresh simplex at the optimum, up to this many times, until a
   * restart no longer improves the value (default 5). A simplex can collapse before the optimum;
   * a restart detects it.
   */
  readonly maxRestarts?: number;
}

export interface MinimiseResult {
  /** The best point found. */
  readonly x: number[];
  /** The function value there. */
  readonly value: number;
  readonly iterations: number;
  readonly evaluations: number;
  /** False when the evaluation budget ran out before the tolerances were met. */
  readonly converged: boolean;
}

interface Vertex {
  x: number[];
  value: number;
}

// Standard coefficients (reflection, expansion, contraction, shrink).
const REFLECT = 1;
const EXPAND = 2;
const CONTRACT = 0.5;
const SHRINK = 0.5;

function checkStart(x0: readonly number[]): void {
  if (!Array.isArray(x0) || x0.length === 0) {
    throw new RangeError('x0 must be a non-empty array of numbers');
  }
  x0.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new RangeError(`x0[${i}] must be a finite number (got ${v})`);
  });
}

function checkOption(name: string, value: number, integer: boolean): void {
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new RangeError(
      `options.${name} must be a positive ${integer ? 'whole number' : 'finite number'} (got ${value})`,
    );
  }
}

/**
 * Minimise f from x0 with the Nelder–Mead simplex method. Non-finite values of f (outside the
 * model's domain, overflow) count as +Infinity, so the simplex simply moves away from them.
 */
export function minimiseNelderMead(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  options: NelderMeadOptions = {},
): MinimiseResult {
  const {
    initialStep = 0.5,
    pointTolerance = 1e-10,
    valueTolerance = 1e-12,
    maxEvaluations = 20_000,
    maxRestarts = 5,
  } = options;
  checkStart(x0);
  checkOption('initialStep', initialStep, false);
  checkOption('pointTolerance', pointTolerance, false);
  checkOption('valueTolerance', valueTolerance, false);
  checkOption('maxEvaluations', maxEvaluations, true);
  if (!Number.isInteger(maxRestarts) || maxRestarts < 0) {
    throw new RangeError(`options.maxRestarts must be a whole number ≥ 0 (got ${maxRestarts})`);
  }

  const n = x0.length;
  let evaluations = 0;
  let iterations = 0;
  const evaluate = (x: number[]): Vertex => {
    evaluations++;
    const v = f(x);
    return { x, value: Number.isFinite(v) ? v : Number.POSITIVE_INFINITY };
  };

  const run = (start: readonly number[]): { best: Vertex; converged: boolean } => {
    const simplex: Vertex[] = [evaluate([...start])];
    for (let i = 0; i < n; i++) {
      const x = [...start];
      x[i] = (x[i] ?? 0) + initialStep;
      simplex.push(evaluate(x));
    }
    const byValue = (p: Vertex, q: Vertex): number => p.value - q.value;
    const vertex = (i: number): Vertex => {
      const v = simplex[i];
      if (!v) throw new Error(`internal: simplex has no vertex ${i}`);
      return v;
    };
    const toward = (from: readonly number[], to: readonly number[], t: number): number[] =>
      from.map((v, i) => v + t * ((to[i] ?? 0) - v));

    while (evaluations < maxEvaluations) {
      simplex.sort(byValue);
      const best = vertex(0);
      const worst = vertex(n);
      const secondWorst = vertex(n - 1);
      let spread = 0;
      for (const v of simplex) {
        for (let i = 0; i < n; i++) {
          spread = Math.max(spread, Math.abs((v.x[i] ?? 0) - (best.x[i] ?? 0)));
        }
      }
      if (spread <= pointTolerance && worst.value - best.value <= valueTolerance) {
        return { best, converged: true };
      }
      iterations++;

      const centroid = new Array<number>(n).fill(0);
      for (let j = 0; j < n; j++) {
        const v = vertex(j);
        for (let i = 0; i < n; i++) centroid[i] = (centroid[i] ?? 0) + (v.x[i] ?? 0) / n;
      }
      const reflected = evaluate(toward(centroid, worst.x, -REFLECT));
      if (reflected.value < best.value) {
        const expanded = evaluate(toward(centroid, worst.x, -REFLECT * EXPAND));
        simplex[n] = expanded.value < reflected.value ? expanded : reflected;
        continue;
      }
      if (reflected.value < secondWorst.value) {
        simplex[n] = reflected;
        continue;
      }
      // Contract: outside when the reflection beat the worst vertex, inside otherwise.
      const outside = reflected.value < worst.value;
      const contracted = evaluate(
        toward(centroid, worst.x, outside ? -REFLECT * CONTRACT : CONTRACT),
      );
      if (contracted.value < (outside ? reflected.value : worst.value)) {
        simplex[n] = contracted;
        continue;
      }
      for (let j = 1; j <= n; j++) {
        simplex[j] = evaluate(toward(best.x, vertex(j).x, SHRINK));
      }
    }
    simplex.sort(byValue);
    return { best: vertex(0), converged: false };
  };

  let { best, converged } = run(x0);
  for (let restart = 0; restart < maxRestarts && converged; restart++) {
    const again = run(best.x);
    const improved = best.value - again.best.value > valueTolerance;
    if (again.best.value <= best.value) best = again.best;
    converged = again.converged;
    if (!improved) break;
  }
  return { x: best.x, value: best.value, iterations, evaluations, converged };
}

/**
 * A smooth objective with its gradient: returns f(x) and writes ∇f(x) into `gradient`. May
 * return a non-finite value outside its domain (counted as +Infinity).
 */
export type ObjectiveWithGradient = (x: Float64Array, gradient: Float64Array) => number;

export interface BfgsOptions {
  /** Stop when every component of the gradient is at most this in magnitude (default 1e-9)... */
  readonly gradientTolerance?: number;
  /**
   * ...or when the decrease promised by the next quasi-Newton step, −gᵀHg, is at most this
   * times max(1, |f|) (default 1e-15): below that, rounding in f hides any further progress.
   */
  readonly decreaseTolerance?: number;
  /** Budget of function + gradient evaluations (default 2,000). */
  readonly maxEvaluations?: number;
  /** Longest first try of a line search along any coordinate (default 1: a factor e in log-space). */
  readonly maxStep?: number;
}

const ARMIJO = 1e-4;
/** A step that changes f by at most this relative amount made no measurable progress... */
const STALL_CHANGE = 1e-14;
/** ...and after this many such steps in a row... */
const STALL_STEPS = 3;
/** ...the search stops if the promised decrease is below this times max(1, |f|). */
const STALL_DECREASE = 1e-11;
const MAX_BACKTRACKS = 60;

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (const e of v) m = Math.max(m, Math.abs(e));
  return m;
}

function finiteVector(v: Float64Array): boolean {
  for (const e of v) if (!Number.isFinite(e)) return false;
  return true;
}

/**
 * Minimise a smooth f from x0 by BFGS (a quasi-Newton method) with a backtracking line search.
 * It needs the gradient, and takes far fewer evaluations than Nelder–Mead: tens instead of
 * hundreds. Converged means the gradient met the tolerance; otherwise (budget spent, or no step
 * decreases f any more while the gradient is still large) `converged` is false, and the caller
 * may go on with a derivative-free method from `x`.
 */
export function minimiseBfgs(
  f: ObjectiveWithGradient,
  x0: readonly number[],
  options: BfgsOptions = {},
): MinimiseResult {
  const {
    gradientTolerance = 1e-9,
    decreaseTolerance = 1e-15,
    maxEvaluations = 2_000,
    maxStep = 1,
  } = options;
  checkStart(x0);
  checkOption('gradientTolerance', gradientTolerance, false);
  checkOption('decreaseTolerance', decreaseTolerance, false);
  checkOption('maxEvaluations', maxEvaluations, true);
  checkOption('maxStep', maxStep, false);

  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let fx = f(x, g);
  let evaluations = 1;
  let iterations = 0;
  const done = (converged: boolean): MinimiseResult => ({
    x: Array.from(x),
    value: Number.isFinite(fx) ? fx : Number.POSITIVE_INFINITY,
    iterations,
    evaluations,
    converged,
  });
  if (!Number.isFinite(fx) || !finiteVector(g)) return done(false);

  // Inverse Hessian estimate, row-major.
  const h = new Float64Array(n * n);
  const identity = (scale: number): void => {
    h.fill(0);
    for (let i = 0; i < n; i++) h[i * n + i] = scale;
  };
  identity(1);
  const p = new Float64Array(n);
  let xNext = new Float64Array(n);
  let gNext = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const hy = new Float64Array(n);
  let stalled = 0;

  while (evaluations < maxEvaluations) {
    if (maxAbs(g) <= gradientTolerance) return done(true);
    iterations++;
    let slope = 0;
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v -= (h[i * n + j] ?? 0) * (g[j] ?? 0);
      p[i] = v;
      slope += v * (g[i] ?? 0);
    }
    if (!(slope < 0)) {
      // Not a descent direction (the estimate has lost definiteness): restart from steepest descent.
      identity(1);
      slope = 0;
      for (let i = 0; i < n; i++) {
        p[i] = -(g[i] ?? 0);
        slope -= (g[i] ?? 0) ** 2;
      }
    }
    // Stationary as far as f can tell: the decrease a full step promises, about −slope / 2, is
    // below the rounding of f; or it is small and the last steps no longer changed f beyond
    // rounding (a sum over many customers is only that exact).
    const scale = Math.max(1, Math.abs(fx));
    if (-slope <= decreaseTolerance * scale) return done(true);
    if (stalled >= STALL_STEPS && -slope <= STALL_DECREASE * scale) return done(true);
    let t = Math.min(1, maxStep / maxAbs(p));
    let fNext = Number.POSITIVE_INFINITY;
    let accepted = false;
    for (let k = 0; k < MAX_BACKTRACKS && evaluations < maxEvaluations; k++) {
      for (let i = 0; i < n; i++) xNext[i] = (x[i] ?? 0) + t * (p[i] ?? 0);
      fNext = f(xNext, gNext);
      evaluations++;
      if (!Number.isFinite(fNext) || !finiteVector(gNext)) {
        t *= 0.5;
        continue;
      }
      const armijo = fNext <= fx + ARMIJO * t * slope;
      // At the optimum the decrease drowns in rounding: a step that keeps f within rounding and
      // shrinks the gradient is still progress.
      const flat = fNext <= fx + 8 * Number.EPSILON * Math.abs(fx) && maxAbs(gNext) < maxAbs(g);
      if (armijo || flat) {
        accepted = true;
        break;
      }
      // Backtrack to the minimum of the parabola through f(x), its slope and f(x + t p), kept
      // within [t/10, t/2].
      const curvature = fNext - fx - slope * t;
      const best = curvature > 0 ? (-slope * t * t) / (2 * curvature) : 0.5 * t;
      t = Math.min(0.5 * t, Math.max(0.1 * t, best));
    }
    if (!accepted) return done(false);

    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = (xNext[i] ?? 0) - (x[i] ?? 0);
      y[i] = (gNext[i] ?? 0) - (g[i] ?? 0);
      sy += (s[i] ?? 0) * (y[i] ?? 0);
      yy += (y[i] ?? 0) ** 2;
    }
    stalled = fx - fNext <= STALL_CHANGE * Math.abs(fx) ? stalled + 1 : 0;
    [x, xNext] = [xNext, x];
    [g, gNext] = [gNext, g];
    fx = fNext;
    if (!(sy > 1e-300) || !(yy > 0)) continue; // no curvature information: keep the estimate
    if (iterations === 1) identity(sy / yy);
    // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, with ρ = 1 / sᵀy.
    const rho = 1 / sy;
    let yhy = 0;
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v += (h[i * n + j] ?? 0) * (y[j] ?? 0);
      hy[i] = v;
      yhy += (y[i] ?? 0) * v;
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        h[i * n + j] =
          (h[i * n + j] ?? 0) -
          rho * ((hy[i] ?? 0) * (s[j] ?? 0) + (s[i] ?? 0) * (hy[j] ?? 0)) +
          (rho * rho * yhy + rho) * (s[i] ?? 0) * (s[j] ?? 0);
      }
    }
  }
  return done(maxAbs(g) <= gradientTolerance);
}
