/**
 * The BG/NBD fit's objective over a customer base with identical histories pooled: the mean
 * negative log-likelihood over log-parameters (log r, log alpha, log a, log b), and its exact
 * gradient, for bgnbd.ts.
 *
 * Identical (x, t_x, T) are pooled with a weight (exact: the likelihood is a sum over
 * customers), and every term that depends on one coordinate only is computed once per distinct
 * value per evaluation: the gamma functions per distinct x, ln(alpha + T) per distinct T,
 * ln(alpha + t_x) per distinct t_x. What is left per pooled history is one exponential and one
 * logarithm, over typed arrays.
 *
 * Per customer, with d = ln a − ln(b + x − 1) + (r + x)(ln(alpha + T) − ln(alpha + t_x)):
 *   ln L = r ln alpha − lnΓ(r) + lnΓ(a + b) − lnΓ(b) + lnΓ(r + x) + lnΓ(b + x) − lnΓ(a + b + x)
 *          − (r + x) ln(alpha + T) + [x > 0] ln(1 + e^d)
 * (the A1..A4 form of the paper's section 7, ln(A3 + A4) = ln A3 + ln(1 + A4/A3)).
 *
 * Pure: no I/O, no Node built-ins.
 */
import { digamma, logGamma } from './special-functions';

/** What the pooling reads of a history (bgnbd.ts's RecencyFrequencyAge fits). */
interface History {
  readonly x: number;
  readonly tX: number;
  readonly T: number;
}

/** Distinct values of one coordinate, and each input's position among them. */
function distinct(values: Float64Array): { values: Float64Array; index: Int32Array } {
  const positions = new Map<number, number>();
  const found: number[] = [];
  const index = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    let k = positions.get(v);
    if (k === undefined) {
      k = found.length;
      positions.set(v, k);
      found.push(v);
    }
    index[i] = k;
  }
  return { values: Float64Array.from(found), index };
}

export interface PooledBgNbd {
  /** Customers pooled. */
  readonly customers: number;
  /** Distinct histories. */
  readonly histories: number;
  /** Mean negative log-likelihood at log-parameters; +Infinity outside the domain. */
  value(logParams: readonly number[]): number;
  /** The same, writing its gradient with respect to the log-parameters into `gradient`. */
  valueAndGradient(logParams: Float64Array, gradient: Float64Array): number;
}

/** Pool a customer base for the BG/NBD likelihood (the histories are assumed checked). */
export function poolBgNbd(customers: readonly History[]): PooledBgNbd {
  const n = customers.length;
  const xs = new Float64Array(n);
  const tXs = new Float64Array(n);
  const Ts = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = customers[i];
    xs[i] = c?.x ?? 0;
    tXs[i] = c?.tX ?? 0;
    Ts[i] = c?.T ?? 0;
  }
  const X = distinct(xs);
  const TX = distinct(tXs);
  const TT = distinct(Ts);
  const nTx = TX.values.length;
  const nT = TT.values.length;
  // One number per customer for their (x, t_x, T), sorted: runs of equal numbers are the pooled
  // histories (a sort of numbers is several times faster than a Map with as many keys).
  const nX = X.values.length;
  if (nX * nTx * nT > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(`customers: too many distinct histories to pool (${n})`);
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    keys[i] = ((X.index[i] ?? 0) * nTx + (TX.index[i] ?? 0)) * nT + (TT.index[i] ?? 0);
  }
  keys.sort();
  let m = 0;
  for (let i = 0; i < n; i++) if (i === 0 || keys[i] !== keys[i - 1]) m++;
  const ixOf = new Int32Array(m);
  const itXOf = new Int32Array(m);
  const iTOf = new Int32Array(m);
  const weight = new Float64Array(m);
  let h = -1;
  for (let i = 0; i < n; i++) {
    const key = keys[i] ?? 0;
    if (i === 0 || key !== keys[i - 1]) {
      h++;
      const iT = key % nT;
      const rest = (key - iT) / nT;
      const itX = rest % nTx;
      ixOf[h] = (rest - itX) / nTx;
      itXOf[h] = itX;
      iTOf[h] = iT;
    }
    weight[h] = (weight[h] ?? 0) + 1;
  }
  const xValues = X.values;
  // Customers per distinct x: the x-only terms are weighted by it.
  const weightOfX = new Float64Array(nX);
  for (let h = 0; h < m; h++) {
    const ix = ixOf[h] ?? 0;
    weightOfX[ix] = (weightOfX[ix] ?? 0) + (weight[h] ?? 0);
  }

  // Per-evaluation scratch, allocated once.
  const logA4Base = new Float64Array(nX);
  const sigmoidSum = new Float64Array(nX);
  const logAlphaT = new Float64Array(nT);
  const invAlphaT = new Float64Array(nT);
  const logAlphaTx = new Float64Array(nTx);
  const invAlphaTx = new Float64Array(nTx);
  const point = new Float64Array(4);
  const scratch = new Float64Array(4);

  const evaluate = (logParams: ArrayLike<number>, gradient: Float64Array | null): number => {
    const r = Math.exp(logParams[0] ?? 0);
    const alpha = Math.exp(logParams[1] ?? 0);
    const a = Math.exp(logParams[2] ?? 0);
    const b = Math.exp(logParams[3] ?? 0);
    // exp over- or underflows far from the optimum: outside the model's domain.
    for (const v of [r, alpha, a, b]) {
      if (!(v > 0 && Number.isFinite(v))) return Number.POSITIVE_INFINITY;
    }
    const logA = Math.log(a);
    for (let i = 0; i < nX; i++) {
      const x = xValues[i] ?? 0;
      logA4Base[i] = x > 0 ? logA - Math.log(b + x - 1) : Number.NEGATIVE_INFINITY;
    }
    for (let i = 0; i < nT; i++) {
      const v = alpha + (TT.values[i] ?? 0);
      logAlphaT[i] = Math.log(v);
      invAlphaT[i] = 1 / v;
    }
    for (let i = 0; i < nTx; i++) {
      const v = alpha + (TX.values[i] ?? 0);
      logAlphaTx[i] = Math.log(v);
      invAlphaTx[i] = 1 / v;
    }
    sigmoidSum.fill(0);
    let sum = 0; // Σ w (−(r + x) ln(alpha + T) + ln(1 + e^d))
    let dR = 0; // Σ w ∂/∂r of the same
    let dAlpha = 0; // Σ w ∂/∂alpha of the same
    for (let h = 0; h < m; h++) {
      const ix = ixOf[h] ?? 0;
      const iT = iTOf[h] ?? 0;
      const w = weight[h] ?? 0;
      const rx = r + (xValues[ix] ?? 0);
      const lT = logAlphaT[iT] ?? 0;
      const base = logA4Base[ix] ?? 0;
      if (base === Number.NEGATIVE_INFINITY) {
        // x = 0: no A4 term.
        sum -= w * rx * lT;
        dR -= w * lT;
        dAlpha -= w * rx * (invAlphaT[iT] ?? 0);
        continue;
      }
      const itX = itXOf[h] ?? 0;
      const gap = lT - (logAlphaTx[itX] ?? 0);
      const d = base + rx * gap;
      // ln(1 + e^d) and the logistic σ(d) = e^d / (1 + e^d), neither overflowing.
      let softplus: number;
      let sigma: number;
      if (d > 0) {
        const e = Math.exp(-d);
        softplus = d + Math.log1p(e);
        sigma = 1 / (1 + e);
      } else {
        const e = Math.exp(d);
        softplus = Math.log1p(e);
        sigma = e / (1 + e);
      }
      sum += w * (softplus - rx * lT);
      if (gradient === null) continue;
      const ws = w * sigma;
      sigmoidSum[ix] = (sigmoidSum[ix] ?? 0) + ws;
      dR += ws * gap - w * lT;
      const iT1 = invAlphaT[iT] ?? 0;
      dAlpha += rx * (ws * (iT1 - (invAlphaTx[itX] ?? 0)) - w * iT1);
    }

    // The terms of x alone.
    const lgR = logGamma(r);
    const lgAB = logGamma(a + b);
    const lgB = logGamma(b);
    const constant = r * Math.log(alpha) - lgR + lgAB - lgB;
    const psiR = gradient === null ? 0 : digamma(r);
    const psiAB = gradient === null ? 0 : digamma(a + b);
    const psiB = gradient === null ? 0 : digamma(b);
    let dA = 0;
    let dB = 0;
    for (let i = 0; i < nX; i++) {
      const x = xValues[i] ?? 0;
      const w = weightOfX[i] ?? 0;
      sum += w * (constant + logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x));
      if (gradient === null) continue;
      const psiABX = digamma(a + b + x);
      dR += w * (digamma(r + x) - psiR);
      dA += w * (psiAB - psiABX);
      dB += w * (psiAB - psiB + digamma(b + x) - psiABX);
      if (x > 0) {
        const s = sigmoidSum[i] ?? 0;
        dA += s / a;
        dB -= s / (b + x - 1);
      }
    }
    if (gradient !== null) {
      dAlpha += (n * r) / alpha;
      dR += n * Math.log(alpha);
      // d/d(log θ) = θ d/dθ, of the mean negative log-likelihood.
      gradient[0] = (-r * dR) / n;
      gradient[1] = (-alpha * dAlpha) / n;
      gradient[2] = (-a * dA) / n;
      gradient[3] = (-b * dB) / n;
    }
    return -sum / n;
  };

  return {
    customers: n,
    histories: m,
    value: (logParams) => {
      for (let i = 0; i < 4; i++) point[i] = logParams[i] ?? 0;
      return evaluate(point, null);
    },
    valueAndGradient: (logParams, gradient) => {
      const v = evaluate(logParams, scratch);
      for (let i = 0; i < 4; i++) gradient[i] = scratch[i] ?? 0;
      return v;
    },
  };
}
