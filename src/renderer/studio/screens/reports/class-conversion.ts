import type { SessionReport } from '../../../../shared/contract/analytics-api';

/**
 * Conversion as the articles define it: the class's viewers who bought through it (an order
 * attributed to one of its offers, or for its course within the attribution window) over all its
 * viewers. Beside the funnel's own rates, which are shares of those the offers reached.
 * Null without viewers.
 */
export function classConversion(purchases: SessionReport['purchases']): {
  buyers: number;
  viewers: number;
  rate: number | null;
} {
  const viewers = purchases.attendees;
  const buyers = Math.min(purchases.boughtNow, viewers);
  return { buyers, viewers, rate: viewers > 0 ? buyers / viewers : null };
}
