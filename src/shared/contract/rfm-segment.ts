import { z } from 'zod';

/**
 * Standard RFM segments as the studio API carries them (the rules: src/main/analytics/
 * rfm-segments.ts). Kept apart from analytics-api.ts, which only references these schemas.
 */
export const RfmSegmentName = z.enum([
  'champions',
  'loyal',
  'promising',
  'new',
  'needsAttention',
  'atRisk',
  'hibernating',
  'lost',
]);
export type RfmSegmentName = z.infer<typeof RfmSegmentName>;

const Count = z.number().int().nonnegative();

/**
 * Every RFM segment in the order above with its customers in the workspace (learners with a paid
 * order) and, in a class's report, the attendees among them.
 */
export const RfmSegmentCounts = z.object({
  customers: Count,
  attendees: Count,
  segments: z.array(z.object({ segment: RfmSegmentName, customers: Count, attendees: Count })),
});
export type RfmSegmentCounts = z.infer<typeof RfmSegmentCounts>;
