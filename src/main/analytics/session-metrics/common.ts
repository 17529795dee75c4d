// Small numeric helpers shared by the metric modules (ratios, medians, money per currency).
import { median } from 'simple-statistics';
import { INTERACTION_KINDS } from './input';
import type { Money } from './results';

export const KNOWN_KIND_INDEX = new Map<string, number>(
  INTERACTION_KINDS.map((kind, i) => [kind, i]),
);
export const KIND_COUNT = INTERACTION_KINDS.length;

export const ratio = (part: number, whole: number): number | null =>
  whole > 0 ? part / whole : null;

export function medianOrNull(values: number[]): number | null {
  return values.length === 0 ? null : median(values);
}

export function meanOrNull(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** How many members of `set` are also in `of`. */
export function countIn(set: ReadonlySet<number>, of: ReadonlySet<number>): number {
  let n = 0;
  for (const id of set) if (of.has(id)) n++;
  return n;
}

/** Adds amounts per currency; returns them sorted by currency code. */
export class MoneyTotals {
  readonly #totals = new Map<string, number>();
  add(currency: string, minor: number): void {
    this.#totals.set(currency, (this.#totals.get(currency) ?? 0) + minor);
  }
  list(): Money[] {
    return [...this.#totals]
      .sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))
      .map(([currency, minor]) => ({ currency, minor }));
  }
}
