/**
 * Penalised logistic regression by Newton's method (IRLS) over typed arrays: the design matrix is
 * one row-major Float64Array (n rows × d columns, column 0 all ones), the gradient and the
 * d × d Hessian are accumulated in one pass over the rows, and the Newton step is solved by a
 * hand-rolled Cholesky factorisation (d is the handful of features plus the intercept). The
 * objective at a trial point is summed in the same pass as the gradient and Hessian there, so a
 * step that is taken costs one pass over the rows, not two. Nothing is
 * allocated per row, which is what made the ml-matrix version slow at 100,000 learners (a new
 * n × d weighted matrix and an n × 1 product per step and per step halving).
 *
 * The penalty (l2/2)·Σβ_j² leaves the intercept β_0 out. A step that does not improve the
 * objective is halved, so the fit never moves away from the optimum.
 *
 * Pure: no I/O, no Node built-ins.
 */
import { Matrix, solve } from 'ml-matrix';

export interface LogisticFit {
  readonly beta: number[];
  readonly iterations: number;
  readonly converged: boolean;
}

/** A row-major design matrix: n rows of d values, the first of each row 1 (the intercept). */
export interface Design {
  readonly x: Float64Array;
  readonly n: number;
  readonly d: number;
}

const TOLERANCE = 1e-9;
const MAX_HALVINGS = 30;

/**
 * The objective Σ softplus(xᵢ·b) − yᵢ·xᵢ·b + (l2/2)·Σ_{j≥1} b_j² at b, and into `gradient` and the
 * upper triangle of `hessian` the sums the Newton step needs there (without the penalty): one
 * pass over the rows for all three, in the order the separate passes summed them.
 */
function evaluate(
  design: Design,
  y: Float64Array,
  l2: number,
  b: Float64Array,
  gradient: Float64Array,
  hessian: Float64Array,
): number {
  const { x, n, d } = design;
  gradient.fill(0);
  hessian.fill(0);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const base = i * d;
    let eta = 0;
    for (let j = 0; j < d; j++) eta += (x[base + j] ?? 0) * (b[j] ?? 0);
    const yi = y[i] ?? 0;
    // softplus(eta) = ln(1 + e^eta) and sigmoid(eta) = 1 / (1 + e^−eta), without overflow and
    // from one exponential: e^−|eta| is the exp() each needs.
    const e = Math.exp(-Math.abs(eta));
    sum += (eta > 0 ? eta + Math.log1p(e) : Math.log1p(e)) - yi * eta;
    const p = eta >= 0 ? 1 / (1 + e) : e / (1 + e);
    const r = yi - p;
    const w = p * (1 - p);
    for (let a = 0; a < d; a++) {
      const xa = x[base + a] ?? 0;
      gradient[a] = (gradient[a] ?? 0) + xa * r;
      const wxa = w * xa;
      // Upper triangle only; mirrored by the caller.
      for (let c = a; c < d; c++)
        hessian[a * d + c] = (hessian[a * d + c] ?? 0) + wxa * (x[base + c] ?? 0);
    }
  }
  for (let j = 1; j < d; j++) sum += (l2 / 2) * (b[j] ?? 0) ** 2;
  return sum;
}

/**
 * Solve H·s = g for a symmetric H (row-major d × d) by Cholesky; null when H is not positive
 * definite.
 */
export function choleskySolve(h: Float64Array, g: Float64Array, d: number): Float64Array | null {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = h[i * d + j] ?? 0;
      for (let k = 0; k < j; k++) sum -= (l[i * d + k] ?? 0) * (l[j * d + k] ?? 0);
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * d + i] = Math.sqrt(sum);
      } else {
        l[i * d + j] = sum / (l[j * d + j] ?? 1);
      }
    }
  }
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = g[i] ?? 0;
    for (let k = 0; k < i; k++) sum -= (l[i * d + k] ?? 0) * (z[k] ?? 0);
    z[i] = sum / (l[i * d + i] ?? 1);
  }
  const s = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let sum = z[i] ?? 0;
    for (let k = i + 1; k < d; k++) sum -= (l[k * d + i] ?? 0) * (s[k] ?? 0);
    s[i] = sum / (l[i * d + i] ?? 1);
  }
  return s;
}

/** The Newton step for a Hessian that is not positive definite: least squares through SVD. */
function svdSolve(h: Float64Array, g: Float64Array, d: number): Float64Array {
  const rows = Array.from({ length: d }, (_, r) => Array.from(h.subarray(r * d, r * d + d)));
  const step = solve(new Matrix(rows), Matrix.columnVector(Array.from(g)), true);
  return Float64Array.from({ length: d }, (_, j) => step.get(j, 0));
}

/**
 * Fit β minimising Σ softplus(xᵢ·β) − yᵢ·xᵢ·β + (l2/2)·Σ_{j≥1} β_j² by Newton steps, from 0 or
 * from `start` (d values: a fit of similar data, which leaves fewer steps to take).
 */
export function fitLogisticIrls(
  design: Design,
  y: Float64Array,
  l2: number,
  maxIterations: number,
  start?: readonly number[],
): LogisticFit {
  const { d } = design;
  let beta = start === undefined ? new Float64Array(d) : Float64Array.from(start);
  let gradient = new Float64Array(d);
  let hessian = new Float64Array(d * d);
  // Sums at a trial point; swapped with the current ones when the step is taken.
  let trialGradient = new Float64Array(d);
  let trialHessian = new Float64Array(d * d);
  let current = evaluate(design, y, l2, beta, gradient, hessian);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    for (let j = 1; j < d; j++) {
      gradient[j] = (gradient[j] ?? 0) - l2 * (beta[j] ?? 0);
      hessian[j * d + j] = (hessian[j * d + j] ?? 0) + l2;
    }
    for (let a = 0; a < d; a++) {
      for (let b = a + 1; b < d; b++) hessian[b * d + a] = hessian[a * d + b] ?? 0;
    }
    const step = choleskySolve(hessian, gradient, d) ?? svdSolve(hessian, gradient, d);
    let scale = 1;
    let next = beta;
    let value = current;
    for (let h = 0; h <= MAX_HALVINGS; h++) {
      next = beta.map((b, j) => b + scale * (step[j] ?? 0));
      value = evaluate(design, y, l2, next, trialGradient, trialHessian);
      if (value <= current + 1e-12 * Math.abs(current)) break;
      scale /= 2;
    }
    let change = 0;
    let largest = 1;
    for (let j = 0; j < d; j++) {
      change = Math.max(change, Math.abs((next[j] ?? 0) - (beta[j] ?? 0)));
      largest = Math.max(largest, Math.abs(next[j] ?? 0));
    }
    beta = next;
    current = value;
    [gradient, trialGradient] = [trialGradient, gradient];
    [hessian, trialHessian] = [trialHessian, hessian];
    if (change < TOLERANCE * largest) {
      return { beta: Array.from(beta), iterations: iteration, converged: true };
    }
  }
  return { beta: Array.from(beta), iterations: maxIterations, converged: false };
}
