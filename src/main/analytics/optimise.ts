/**
 * Derivative-free minimisation (Nelder–Mead downhill simplex) for maximum-likelihood fits.
 *
 * Why hand-written: the npm candidate, `fmin` 0.0.4, cannot be imported from Node ESM (its
 * `main` is a UMD bundle inside a `"type": "module"` package, so the import has no exports, and
 * its ESM sources use extension-less relative imports that Node refuses), ships no types, and
 * its shrink step assigns an undeclared loop variable. ml-matrix and friends have no Nelder–Mead.
 * The method is short, and restarting it from its own optimum (below) is what makes a
 * maximum-likelihood fit trustworthy to 4+ significant digits.
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
  if (!Array.isArray(x0) || x0.length === 0) {
    throw new RangeError('x0 must be a non-empty array of numbers');
  }
  x0.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new RangeError(`x0[${i}] must be a finite number (got ${v})`);
  });
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
