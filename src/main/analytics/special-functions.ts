/**
 * Special functions the customer-base models need: log-gamma and the Gauss hypergeometric
 * function 2F1.
 *
 * Written here rather than taken from a library: the candidates on npm either cover only
 * positive arguments (simple-statistics' `gammaln`) or come as a deep tree of single-function
 * packages (@stdlib/*), and no maintained package offers a real-argument 2F1 with the
 * 1 - z transformation that the BG/NBD conditional expectation needs. Both are checked against
 * closed forms and independently computed values in tests/unit/analytics/special-functions.test.ts.
 *
 * Pure: no I/O, no Node built-ins, so it may run in a worker.
 */

/** Lanczos approximation, g = 7, n = 9: relative error below 1e-15 for positive arguments. */
const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
] as const;
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** sin(pi * x), exact zero at integers and accurate for large |x| (argument reduced first). */
function sinPi(x: number): number {
  if (Number.isInteger(x)) return 0;
  // Reduce to r in [-1, 1]: sin(pi x) has period 2.
  let r = x - 2 * Math.round(x / 2);
  let sign = 1;
  if (r < 0) {
    r = -r;
    sign = -1;
  }
  // sin(pi r) = sin(pi (1 - r)) keeps the argument in [0, 1/2], where Math.sin is most precise.
  if (r > 0.5) r = 1 - r;
  return sign * Math.sin(Math.PI * r);
}

/** ln Γ(x) for x > 0 by the Lanczos series. */
function logGammaPositive(x: number): number {
  if (x < 0.5) {
    // Reflection keeps the Lanczos series in its accurate range: Γ(x)Γ(1-x) = π / sin(πx).
    return Math.log(Math.PI / sinPi(x)) - logGammaPositive(1 - x);
  }
  const y = x - 1;
  let sum = LANCZOS_COEFFICIENTS[0];
  for (let i = 1; i < LANCZOS_G + 2; i++) sum += (LANCZOS_COEFFICIENTS[i] ?? 0) / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * ln Γ(x) for x > 0.
 * @throws RangeError when x is not a positive finite number.
 */
export function logGamma(x: number): number {
  if (!Number.isFinite(x) || x <= 0) {
    throw new RangeError(`logGamma: x must be a positive finite number (got ${x})`);
  }
  return logGammaPositive(x);
}

/**
 * Γ(x) for any real x as sign and log-magnitude: Γ(x) = sign * exp(log).
 * At the poles (0, -1, -2, ...) the sign is 0 and log is +Infinity, so that 1/Γ is 0 there.
 */
export function signedLogGamma(x: number): { sign: -1 | 0 | 1; log: number } {
  if (x > 0) return { sign: 1, log: logGammaPositive(x) };
  if (Number.isInteger(x)) return { sign: 0, log: Number.POSITIVE_INFINITY };
  // Γ(x) = π / (sin(πx) Γ(1 - x)), and Γ(1 - x) > 0 for x < 0.
  const s = sinPi(x);
  return {
    sign: s > 0 ? 1 : -1,
    log: Math.log(Math.PI / Math.abs(s)) - logGammaPositive(1 - x),
  };
}

function isNonPositiveInteger(v: number): boolean {
  return v <= 0 && Number.isInteger(v);
}

const SERIES_EPSILON = 1e-16;
const SERIES_MAX_TERMS = 1_000_000;
/** Above this z the direct series is slow; the 1 - z transformation converges fast instead. */
const DIRECT_SERIES_MAX_Z = 0.9;
/**
 * The 1 - z transformation has poles when c - a - b is an integer (Γ(c - a - b) or its
 * reflection blows up while the two halves cancel). Within this distance of an integer, and for
 * z above NEAR_INTEGER_DIRECT_MAX_Z, the value is interpolated between c - a - b = m ± this
 * offset, where cancellation and interpolation cost about 1e-9 relative.
 */
const NEAR_INTEGER_OFFSET = 1e-6;
const NEAR_INTEGER_DIRECT_MAX_Z = 0.999;

/**
 * Sum of the Gauss series Σ (a)_n (b)_n / ((c)_n n!) z^n for |z| < 1 (or a terminating series).
 * Stops when the remaining tail, bounded as a geometric series once the term ratio has settled
 * below 1, is below SERIES_EPSILON of the sum.
 */
function gaussSeries(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  // Beyond this index the term ratio (a+n)(b+n)/((c+n)(n+1)) z is monotone and heads to z.
  const settled = Math.ceil(Math.max(Math.abs(a), Math.abs(b), Math.abs(c))) + 2;
  for (let n = 0; n < SERIES_MAX_TERMS; n++) {
    const ratio = (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    term *= ratio;
    sum += term;
    if (term === 0) return sum;
    if (!Number.isFinite(sum)) {
      throw new RangeError(
        `hyp2f1: the series for a=${a}, b=${b}, c=${c}, z=${z} overflows double precision`,
      );
    }
    if (z > 0 && a + n + 1 > 0 && b + n + 1 > 0 && c + n + 1 > 0) {
      // From here on every factor is positive, and (a+m)/(m+1), (b+m)/(c+m), (b+m)/(m+1) and
      // (a+m)/(c+m) each move monotonically towards 1, so every later ratio is at most z times
      // either pairing's max(1, ·) · max(1, ·) at m = n + 1. That bounds the tail long before
      // `settled` when a parameter is huge: a collapsed BG/NBD fit has a and c near a million
      // (and b = a' - 1 just below 0 in the Euler form), while its terms vanish after a few
      // hundred.
      const m = n + 1;
      const bound =
        z *
        Math.min(
          Math.max(1, (a + m) / (m + 1)) * Math.max(1, (b + m) / (c + m)),
          Math.max(1, (b + m) / (m + 1)) * Math.max(1, (a + m) / (c + m)),
        );
      if (bound < 1 && (Math.abs(term) * bound) / (1 - bound) <= SERIES_EPSILON * Math.abs(sum)) {
        return sum;
      }
    }
    if (n >= settled) {
      // The ratios tend to z from above or from below; the larger of the two bounds the tail.
      const nextRatio = Math.max(
        Math.abs((((a + n + 1) * (b + n + 1)) / ((c + n + 1) * (n + 2))) * z),
        Math.abs(z),
      );
      if (nextRatio < 1) {
        const tail = (Math.abs(term) * nextRatio) / (1 - nextRatio);
        if (tail <= SERIES_EPSILON * Math.abs(sum)) return sum;
      }
    }
  }
  throw new RangeError(
    `hyp2f1: the series for a=${a}, b=${b}, c=${c}, z=${z} did not converge in ${SERIES_MAX_TERMS} terms`,
  );
}

/** Γ(p)Γ(q) / (Γ(s)Γ(u)) with signs, 0 when s or u is a pole. */
function gammaRatio(p: number, q: number, s: number, u: number): number {
  const gp = signedLogGamma(p);
  const gq = signedLogGamma(q);
  const gs = signedLogGamma(s);
  const gu = signedLogGamma(u);
  if (gs.sign === 0 || gu.sign === 0) return 0;
  return gp.sign * gq.sign * gs.sign * gu.sign * Math.exp(gp.log + gq.log - gs.log - gu.log);
}

/**
 * 2F1 for z in (DIRECT_SERIES_MAX_Z, 1) through Abramowitz & Stegun 15.3.6:
 *   2F1(a,b;c;z) = Γ(c)Γ(d)/(Γ(c-a)Γ(c-b)) 2F1(a, b; 1-d; 1-z)
 *                + (1-z)^d Γ(c)Γ(-d)/(Γ(a)Γ(b)) 2F1(c-a, c-b; 1+d; 1-z),   d = c - a - b,
 * valid when d is not an integer.
 */
function oneMinusZTransform(a: number, b: number, c: number, z: number): number {
  const d = c - a - b;
  const w = 1 - z;
  const first = gammaRatio(c, d, c - a, c - b);
  const second = gammaRatio(c, -d, a, b);
  const left = first === 0 ? 0 : first * gaussSeries(a, b, 1 - d, w);
  const right = second === 0 ? 0 : second * Math.pow(w, d) * gaussSeries(c - a, c - b, 1 + d, w);
  return left + right;
}

function hyp2f1UnitInterval(a: number, b: number, c: number, z: number): number {
  if (z <= DIRECT_SERIES_MAX_Z || isNonPositiveInteger(a) || isNonPositiveInteger(b)) {
    return gaussSeries(a, b, c, z);
  }
  const d = c - a - b;
  const m = Math.round(d);
  if (Math.abs(d - m) >= NEAR_INTEGER_OFFSET) return oneMinusZTransform(a, b, c, z);
  // d is (close to) an integer. Up to z = 0.999 the direct series is still affordable (tens of
  // thousands of terms) and exact to rounding; beyond, move c so that d = m ± offset and
  // interpolate linearly in c (about 1e-9 relative).
  if (z <= NEAR_INTEGER_DIRECT_MAX_Z) return gaussSeries(a, b, c, z);
  const below = oneMinusZTransform(a, b, c + (m - NEAR_INTEGER_OFFSET - d), z);
  const above = oneMinusZTransform(a, b, c + (m + NEAR_INTEGER_OFFSET - d), z);
  const weight = (d - (m - NEAR_INTEGER_OFFSET)) / (2 * NEAR_INTEGER_OFFSET);
  return below + (above - below) * weight;
}

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for real a, b, c and real z < 1.
 *
 * - z in [0, 0.9]: the defining series, summed until its tail is below 1e-16 of the sum.
 * - z in (0.9, 1): the 1 - z transformation (A&S 15.3.6), whose series converge fast there.
 *   When c - a - b is within 1e-6 of an integer (where that formula has poles) the direct
 *   series is used up to z = 0.999, and above that the value is interpolated across the pole
 *   (about 1e-9 relative).
 * - z < 0: the Pfaff transformation 2F1(a,b;c;z) = (1-z)^(-a) 2F1(a, c-b; c; z/(z-1)), which
 *   maps z onto (0, 1).
 * A non-positive integer a or b makes the series a polynomial, summed exactly for any z < 1.
 *
 * @throws TypeError/RangeError for non-finite arguments, z ≥ 1, or c a non-positive integer.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  for (const [name, v] of [
    ['a', a],
    ['b', b],
    ['c', c],
    ['z', z],
  ] as const) {
    if (typeof v !== 'number') {
      throw new TypeError(`hyp2f1: ${name} must be a number (got ${typeof v})`);
    }
    if (!Number.isFinite(v)) {
      throw new RangeError(`hyp2f1: ${name} must be a finite number (got ${v})`);
    }
  }
  if (z >= 1) throw new RangeError(`hyp2f1: z must be below 1 (got ${z})`);
  if (isNonPositiveInteger(c)) {
    throw new RangeError(`hyp2f1: c must not be zero or a negative integer (got ${c})`);
  }
  if (z === 0 || a === 0 || b === 0) return 1;
  if (isNonPositiveInteger(a) || isNonPositiveInteger(b)) {
    // A polynomial of degree -a (or -b): the series ends when a term becomes exactly 0.
    return gaussSeries(a, b, c, z);
  }
  if (z < 0) {
    const w = z / (z - 1);
    return Math.pow(1 - z, -a) * hyp2f1UnitInterval(a, c - b, c, w);
  }
  return hyp2f1UnitInterval(a, b, c, z);
}

/** log(exp(u) + exp(v)) without overflow; either may be -Infinity. */
export function logAddExp(u: number, v: number): number {
  if (u === Number.NEGATIVE_INFINITY) return v;
  if (v === Number.NEGATIVE_INFINITY) return u;
  const m = Math.max(u, v);
  return m + Math.log(Math.exp(u - m) + Math.exp(v - m));
}

/**
 * ψ(x) = d/dx ln Γ(x), the digamma function, for x > 0 (what the gradients of the likelihoods
 * need): the recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 10, then the asymptotic series
 * ln x − 1/(2x) − Σ B₂ₖ / (2k x²ᵏ), accurate to about 1e-15 there.
 * @throws RangeError when x is not a positive finite number.
 */
export function digamma(x: number): number {
  if (!Number.isFinite(x) || x <= 0) {
    throw new RangeError(`digamma: x must be a positive finite number (got ${x})`);
  }
  let shift = 0;
  while (x < 10) {
    shift += 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  // B2/2, B4/4, ... B12/12 with alternating signs folded in (Horner in 1/x²).
  const series =
    inv2 *
    (1 / 12 -
      inv2 *
        (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760))))));
  return Math.log(x) - 0.5 / x - series - shift;
}
