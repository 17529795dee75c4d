/**
 * Standard RFM segments: every customer placed in one of eight named groups an educator can act
 * on, from their recency (R) and frequency (F) scores, 1 to 5 (scoreRfm in rfm.ts, quintiles).
 *
 * The rules are the widely used R/F grid (the one behind the "champions … lost" segment maps of
 * RFM tutorials and CRM tools), with its ten cells merged into eight. Rows are recency, columns
 * frequency; every one of the 25 cells belongs to exactly one segment:
 *
 *        F=1        F=2        F=3        F=4        F=5
 *   R=5  new        promising  promising  champions  champions
 *   R=4  promising  promising  promising  loyal      loyal
 *   R=3  attention  attention  attention  loyal      loyal
 *   R=2  hibernat.  hibernat.  at risk    at risk    at risk
 *   R=1  lost       lost       at risk    at risk    at risk
 *
 * - champions (R 5, F 4–5): bought very recently and often. Reward them; ask them to review.
 * - loyal (R 3–4, F 4–5): buy often, fairly recently. Offer the next course in their series.
 * - promising (R 4–5, F 2–3; R 4, F 1): recent buyers with a few purchases. Build the habit.
 * - new (R 5, F 1): bought for the first time, very recently. Welcome them, help them start.
 * - needsAttention (R 3, F 1–3): middling on both. A timely offer keeps them from slipping away.
 * - atRisk (R 1–2, F 3–5): used to buy often, not for a long time. Win them back first.
 * - hibernating (R 2, F 1–2): a few purchases, long ago. Remind them with a relevant course.
 * - lost (R 1, F 1–2): the longest gone, with few purchases. Low priority.
 *
 * Monetary is not used: in the standard grid spend follows frequency closely, and a segment should
 * say when and how often someone buys. Pure: no I/O.
 */

export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'promising',
  'new',
  'needsAttention',
  'atRisk',
  'hibernating',
  'lost',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/** The grid above, one rule per block of cells: inclusive score ranges. */
export const RFM_SEGMENT_RULES: readonly {
  readonly segment: RfmSegment;
  readonly recency: readonly [number, number];
  readonly frequency: readonly [number, number];
}[] = [
  { segment: 'champions', recency: [5, 5], frequency: [4, 5] },
  { segment: 'loyal', recency: [3, 4], frequency: [4, 5] },
  { segment: 'new', recency: [5, 5], frequency: [1, 1] },
  { segment: 'promising', recency: [4, 5], frequency: [1, 3] },
  { segment: 'needsAttention', recency: [3, 3], frequency: [1, 3] },
  { segment: 'atRisk', recency: [1, 2], frequency: [3, 5] },
  { segment: 'hibernating', recency: [2, 2], frequency: [1, 2] },
  { segment: 'lost', recency: [1, 1], frequency: [1, 2] },
];

function checkScore(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 5) {
    throw new RangeError(`${name} must be a whole number from 1 to 5 (got ${String(value)})`);
  }
  return value;
}

/**
 * The RFM segment of a recency and a frequency score (1–5 each, 5 best), by the first rule of
 * RFM_SEGMENT_RULES whose ranges hold both (R 5 F 1 is `new`, not `promising`).
 * @throws RangeError when a score is not a whole number from 1 to 5
 */
export function rfmSegment(recency: number, frequency: number): RfmSegment {
  const r = checkScore('recency', recency);
  const f = checkScore('frequency', frequency);
  const rule = RFM_SEGMENT_RULES.find(
    (x) => r >= x.recency[0] && r <= x.recency[1] && f >= x.frequency[0] && f <= x.frequency[1],
  );
  // The rules cover the whole 5 × 5 grid (a unit test checks every cell).
  if (!rule) throw new RangeError(`no RFM segment for recency ${r} and frequency ${f}`);
  return rule.segment;
}

/** How many customers are in each segment, in RFM_SEGMENTS order (empty segments included). */
export function countRfmSegments(
  segments: Iterable<RfmSegment>,
): { segment: RfmSegment; customers: number }[] {
  const counts = new Map<RfmSegment, number>(RFM_SEGMENTS.map((s) => [s, 0]));
  for (const s of segments) counts.set(s, (counts.get(s) ?? 0) + 1);
  return RFM_SEGMENTS.map((segment) => ({ segment, customers: counts.get(segment) ?? 0 }));
}
