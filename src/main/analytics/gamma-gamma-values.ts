/**
 * customerValue (gamma-gamma.ts) for a whole customer base at one horizon, without discounting:
 * the same numbers, customer for customer, but the BG/NBD expectation (a hypergeometric series)
 * is computed once per distinct history (x, t_x, T) rather than once per customer, and the
 * models are read once (the workspace overview values 88,000 customers this way, most of them
 * sharing a history with others).
 *
 * Pure: no I/O, no Node built-ins.
 */
import { conditionalExpectedPurchases, parseBgNbdModel, type BgNbdModel } from './bgnbd';
import {
  conditionalExpectedAverageSpend,
  parseGammaGammaModel,
  type GammaGammaModel,
} from './gamma-gamma';

export interface ValuedHistory {
  readonly x: number;
  readonly tX: number;
  readonly T: number;
  readonly zbar: number;
}

/**
 * Each customer's customerValue(…).value over the next `horizonDays` days (no discount rate).
 * @throws TypeError/RangeError as customerValue does, for the first customer it fails on
 */
export function customerValues(
  bgnbdModel: BgNbdModel,
  gammaGammaModel: GammaGammaModel,
  horizonDays: number,
  customers: readonly ValuedHistory[],
): Float64Array {
  const bgnbd = parseBgNbdModel(bgnbdModel);
  const gammaGamma = parseGammaGammaModel(gammaGammaModel);
  if (typeof horizonDays !== 'number' || !Number.isFinite(horizonDays) || horizonDays < 0) {
    throw new RangeError(
      `horizonDays must be a finite number of days, 0 or more (got ${String(horizonDays)})`,
    );
  }
  const t = horizonDays / bgnbd.timeUnitDays;
  // Expected purchases by x, then T, then t_x: maps keyed by the numbers, no text key.
  const byX = new Map<number, Map<number, Map<number, number>>>();
  const out = new Float64Array(customers.length);
  customers.forEach((c, i) => {
    const { x, tX, T, zbar } = c;
    const spend = conditionalExpectedAverageSpend(gammaGamma.params, x, zbar);
    let byT = byX.get(x);
    if (byT === undefined) {
      byT = new Map();
      byX.set(x, byT);
    }
    let byTx = byT.get(T);
    if (byTx === undefined) {
      byTx = new Map();
      byT.set(T, byTx);
    }
    let purchases = byTx.get(tX);
    if (purchases === undefined) {
      purchases = conditionalExpectedPurchases(bgnbd.params, t, x, tX, T);
      byTx.set(tX, purchases);
    }
    out[i] = purchases * spend;
  });
  return out;
}
