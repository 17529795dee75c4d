const DAY_MS = 86_400_000;

/**
 * The reference count of repeat purchase days: each learner's distinct UTC purchase days in the
 * `weeks` weeks up to `end`, leaving out the learner's first purchase day ever. Written the plain
 * way (a set of days per learner), for checking the workspace overview's own count.
 */
export function repeatPurchaseDays(
  orders: readonly { learner_id: number; ordered_at: number }[],
  end: number,
  weeks: number,
): number {
  const days = new Map<number, Set<number>>();
  for (const r of orders) {
    const set = days.get(r.learner_id) ?? new Set<number>();
    set.add(Math.floor(r.ordered_at / DAY_MS));
    days.set(r.learner_id, set);
  }
  const endDay = Math.floor(end / DAY_MS);
  let repeat = 0;
  for (const set of days.values()) {
    const first = Math.min(...set);
    for (const d of set) if (d !== first && d > endDay - weeks * 7 && d <= endDay) repeat++;
  }
  return repeat;
}
