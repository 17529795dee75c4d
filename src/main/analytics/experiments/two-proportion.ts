/**
 * Comparing two rates (say, the share of viewers who clicked variant A against variant B): the
 * difference with its confidence interval, the two-proportion z-test's p-value, and how many
 * viewers per variant a test with the usual power would need to tell such a difference apart.
 *
 * Definitions (what the report says in words):
 * - rate = successes / trials of each arm; difference = rate B − rate A.
 * - p-value: the pooled two-proportion z-test, two-sided: z = (rB − rA) / √(p̂(1−p̂)(1/nA + 1/nB))
 *   with p̂ the pooled rate; p = 2·(1 − Φ(|z|)). The same p as Pearson's χ² test of the 2×2 table
 *   without continuity correction.
 * - confidence interval: the Wald interval of the difference, rB − rA ± z₁₋α/₂ · √(rA(1−rA)/nA +
 *   rB(1−rB)/nB).
 * - viewers needed: per arm, n = (z₁₋α/₂·√(2·p̄(1−p̄)) + z_power·√(rA(1−rA) + rB(1−rB)))² / (rB − rA)²
 *   with p̄ the mean of the two rates (the classic formula for two independent proportions),
 *   taking the observed rates as the true ones.
 *
 * Pure: no I/O.
 */
import { errorFunction } from 'simple-statistics';

export interface ProportionTestOptions {
  /** Significance level, two-sided (default 0.05). */
  readonly alpha?: number;
  /** Power wanted for the sample size (default 0.8). */
  readonly power?: number;
}

export interface ProportionTest {
  readonly rateA: number;
  readonly rateB: number;
  /** rateB − rateA. */
  readonly difference: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  /** null when there is no variation to test (everyone or no one succeeded in both arms). */
  readonly z: number | null;
  readonly pValue: number | null;
  /** Trials per arm for the wanted power at the observed rates; null when the rates are equal. */
  readonly neededPerArm: number | null;
}

/**
 * The standard normal quantile Φ⁻¹(p), Acklam's rational approximation (relative error below
 * 1.2e-9). Written here because simple-statistics' probit uses an approximation with errors near
 * 1e-3, too coarse for an interval reported to a tenth of a point.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${String(p)}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ] as const;
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ] as const;
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ] as const;
  const d = [
    0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416,
  ] as const;
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

function checkArm(successes: number, trials: number, name: string): void {
  if (!Number.isInteger(trials) || trials < 1) {
    throw new RangeError(`${name}: trials must be a whole number above 0, got ${String(trials)}`);
  }
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError(
      `${name}: successes must be a whole number from 0 to ${String(trials)}, got ${String(successes)}`,
    );
  }
}

function probability(value: number, name: string): number {
  if (!(value > 0 && value < 1)) {
    throw new RangeError(`${name} must be between 0 and 1 (exclusive), got ${String(value)}`);
  }
  return value;
}

export function twoProportionTest(
  successesA: number,
  trialsA: number,
  successesB: number,
  trialsB: number,
  options: ProportionTestOptions = {},
): ProportionTest {
  checkArm(successesA, trialsA, 'arm A');
  checkArm(successesB, trialsB, 'arm B');
  const alpha = probability(options.alpha ?? 0.05, 'alpha');
  const power = probability(options.power ?? 0.8, 'power');
  const rateA = successesA / trialsA;
  const rateB = successesB / trialsB;
  const difference = rateB - rateA;
  const zAlpha = normalQuantile(1 - alpha / 2);
  const half =
    zAlpha * Math.sqrt((rateA * (1 - rateA)) / trialsA + (rateB * (1 - rateB)) / trialsB);

  const pooled = (successesA + successesB) / (trialsA + trialsB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / trialsA + 1 / trialsB));
  let z: number | null = null;
  let pValue: number | null = null;
  if (se > 0) {
    z = difference / se;
    pValue = Math.min(1, Math.max(0, 1 - errorFunction(Math.abs(z) / Math.SQRT2)));
  }

  let neededPerArm: number | null = null;
  if (difference !== 0) {
    const mean = (rateA + rateB) / 2;
    const zPower = normalQuantile(power);
    const top =
      zAlpha * Math.sqrt(2 * mean * (1 - mean)) +
      zPower * Math.sqrt(rateA * (1 - rateA) + rateB * (1 - rateB));
    neededPerArm = (top * top) / (difference * difference);
  }
  return {
    rateA,
    rateB,
    difference,
    ciLow: difference - half,
    ciHigh: difference + half,
    z,
    pValue,
    neededPerArm,
  };
}

export type ComparisonVerdict = 'apart' | 'notYet' | 'noData';

export interface ArmComparison extends ProportionTest {
  readonly verdict: ComparisonVerdict;
  /**
   * When not yet apart: roughly how many more viewers (both arms together) it would take at the
   * observed rates; null when no difference has been seen at all (no number of viewers can be
   * promised then).
   */
  readonly moreViewers: number | null;
}

/** A comparison with its verdict in words an educator can act on (see the file comment). */
export function compareArms(
  successesA: number,
  trialsA: number,
  successesB: number,
  trialsB: number,
  options: ProportionTestOptions = {},
): ArmComparison | { readonly verdict: 'noData' } {
  if (trialsA === 0 || trialsB === 0) return { verdict: 'noData' };
  const test = twoProportionTest(successesA, trialsA, successesB, trialsB, options);
  const alpha = options.alpha ?? 0.05;
  if (test.pValue !== null && test.pValue < alpha)
    return { ...test, verdict: 'apart', moreViewers: 0 };
  const moreViewers =
    test.neededPerArm === null
      ? null
      : Math.max(0, 2 * Math.ceil(test.neededPerArm) - trialsA - trialsB);
  return { ...test, verdict: 'notYet', moreViewers };
}
