/**
 * An offer experiment's report: each variant's funnel (reach, clicks, orders, revenue) and each
 * later variant against the first on two rates, with the verdict of two-proportion.ts:
 * - click rate = learners who clicked / learners shown the variant;
 * - purchase rate = learners with an attributed order / learners shown the variant.
 * Pure: the caller reads the rows (storage/queries/offer-lab-report.ts).
 */
import { compareArms, type ComparisonVerdict } from './two-proportion';

export interface ArmCounts {
  readonly reached: number;
  readonly clickers: number;
  readonly buyers: number;
}

export interface VariantComparisonResult {
  readonly idx: number;
  readonly metric: 'click' | 'purchase';
  readonly verdict: ComparisonVerdict;
  readonly rateA: number | null;
  readonly rateB: number | null;
  readonly difference: number | null;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly pValue: number | null;
  readonly moreViewers: number | null;
}

/** Every variant after the first against the first, on the click rate and the purchase rate. */
export function compareVariants(arms: readonly ArmCounts[]): VariantComparisonResult[] {
  const control = arms[0];
  if (!control) return [];
  const out: VariantComparisonResult[] = [];
  arms.forEach((arm, idx) => {
    if (idx === 0) return;
    for (const metric of ['click', 'purchase'] as const) {
      const a = Math.min(metric === 'click' ? control.clickers : control.buyers, control.reached);
      const b = Math.min(metric === 'click' ? arm.clickers : arm.buyers, arm.reached);
      const result = compareArms(a, control.reached, b, arm.reached);
      if (result.verdict === 'noData') {
        out.push({
          idx,
          metric,
          verdict: 'noData',
          rateA: null,
          rateB: null,
          difference: null,
          ciLow: null,
          ciHigh: null,
          pValue: null,
          moreViewers: null,
        });
        continue;
      }
      out.push({
        idx,
        metric,
        verdict: result.verdict,
        rateA: result.rateA,
        rateB: result.rateB,
        difference: result.difference,
        ciLow: result.ciLow,
        ciHigh: result.ciHigh,
        pValue: result.pValue,
        moreViewers: result.moreViewers,
      });
    }
  });
  return out;
}
