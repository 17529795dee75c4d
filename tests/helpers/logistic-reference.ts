/**
 * The ml-matrix IRLS that propensity.ts used before the typed-array version (logistic-irls.ts),
 * kept verbatim as the reference the new code is tested against.
 */
import { CholeskyDecomposition, Matrix, solve } from 'ml-matrix';

const TOLERANCE = 1e-9;
const MAX_HALVINGS = 30;

function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** ln(1 + e^x) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

interface LogisticFit {
  readonly beta: number[];
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Penalised logistic regression by Newton's method (IRLS). X carries a leading column of ones;
 * the penalty (l2/2)·Σβ_j² leaves the intercept β_0 out. A step that does not improve the
 * objective is halved, so the fit never moves away from the optimum.
 */
export function fitLogisticReference(
  x: Matrix,
  y: Float64Array,
  l2: number,
  maxIterations: number,
): LogisticFit {
  const n = x.rows;
  const d = x.columns;
  let beta = new Array<number>(d).fill(0);
  const objective = (b: readonly number[]): number => {
    const eta = x.mmul(Matrix.columnVector(b));
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const e = eta.get(i, 0);
      sum += softplus(e) - (y[i] ?? 0) * e;
    }
    for (let j = 1; j < d; j++) sum += (l2 / 2) * (b[j] ?? 0) ** 2;
    return sum;
  };
  let current = objective(beta);
  const xt = x.transpose();
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const eta = x.mmul(Matrix.columnVector(beta));
    const residual = new Matrix(n, 1);
    const weighted = new Matrix(n, d);
    for (let i = 0; i < n; i++) {
      const p = sigmoid(eta.get(i, 0));
      residual.set(i, 0, (y[i] ?? 0) - p);
      const w = p * (1 - p);
      for (let j = 0; j < d; j++) weighted.set(i, j, w * x.get(i, j));
    }
    const gradient = xt.mmul(residual);
    const hessian = xt.mmul(weighted);
    for (let j = 1; j < d; j++) {
      gradient.set(j, 0, gradient.get(j, 0) - l2 * (beta[j] ?? 0));
      hessian.set(j, j, hessian.get(j, j) + l2);
    }
    // XᵀWX is symmetric in exact arithmetic; make it so in floating point for the Cholesky check.
    for (let r = 0; r < d; r++) {
      for (let c = r + 1; c < d; c++) hessian.set(c, r, hessian.get(r, c));
    }
    const cholesky = new CholeskyDecomposition(hessian);
    const step = cholesky.isPositiveDefinite()
      ? cholesky.solve(gradient)
      : solve(hessian, gradient, true);
    let scale = 1;
    let next = beta;
    let value = current;
    for (let h = 0; h <= MAX_HALVINGS; h++) {
      next = beta.map((b, j) => b + scale * step.get(j, 0));
      value = objective(next);
      if (value <= current + 1e-12 * Math.abs(current)) break;
      scale /= 2;
    }
    const change = Math.max(...next.map((b, j) => Math.abs(b - (beta[j] ?? 0))));
    beta = next;
    current = value;
    if (change < TOLERANCE * Math.max(1, ...beta.map(Math.abs))) {
      return { beta, iterations: iteration, converged: true };
    }
  }
  return { beta, iterations: maxIterations, converged: false };
}
