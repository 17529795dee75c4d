import {
  LEARNER_EMAIL,
  LEARNER_FOLLOW_UP,
  LEARNER_LINK_PURCHASES,
  LEARNER_PHONE,
  type LearnerInfoColumns,
} from '../../storage/queries/insights';

// The customer base's learners as columns (customer-base.ts): no object per learner (125,000 on
// the benchmark workspace) while the base is built; a caller's `get` makes the one it asks for.

export interface LearnerInfo {
  id: number;
  displayName: string;
  createdAt: number;
  consentFollowUp: boolean;
  consentLinkPurchases: boolean;
  consentUpdatedAt: number | null;
  hasEmail: boolean;
  hasPhone: boolean;
}

/** Ids up to this many above the learner count are looked up through a table, not a Map. */
const DENSE_ID_SLACK = 1 << 20;

export class LearnerTable {
  readonly #c: LearnerInfoColumns;
  readonly #slot: Int32Array | Map<number, number>;

  constructor(columns: LearnerInfoColumns) {
    this.#c = columns;
    let largest = -1;
    for (let i = 0; i < columns.length; i++) largest = Math.max(largest, columns.ids[i] ?? 0);
    const dense = largest < columns.length + DENSE_ID_SLACK;
    const slot = dense ? new Int32Array(largest + 1).fill(-1) : new Map<number, number>();
    for (let i = 0; i < columns.length; i++) {
      const id = columns.ids[i] ?? 0;
      if (slot instanceof Int32Array) slot[id] = i;
      else slot.set(id, i);
    }
    this.#slot = slot;
  }

  /** Number of learners. */
  get size(): number {
    return this.#c.length;
  }

  /** Learner ids, smallest first. */
  get ids(): Float64Array {
    return this.#c.ids;
  }

  has(id: number): boolean {
    return this.indexOf(id) >= 0;
  }

  /** The learner `id` (a new object each call), or undefined for an unknown id. */
  get(id: number): LearnerInfo | undefined {
    const i = this.indexOf(id);
    if (i < 0) return undefined;
    const c = this.#c;
    const flags = c.flags[i] ?? 0;
    const updated = c.consentUpdatedAt[i] ?? Number.NaN;
    return {
      id,
      displayName: c.names[i] ?? '',
      createdAt: c.createdAt[i] ?? 0,
      consentFollowUp: (flags & LEARNER_FOLLOW_UP) !== 0,
      consentLinkPurchases: (flags & LEARNER_LINK_PURCHASES) !== 0,
      consentUpdatedAt: Number.isNaN(updated) ? null : updated,
      hasEmail: (flags & LEARNER_EMAIL) !== 0,
      hasPhone: (flags & LEARNER_PHONE) !== 0,
    };
  }

  /** The learner's place in `ids`, or −1 for an unknown id. */
  indexOf(id: number): number {
    const slot = this.#slot;
    if (slot instanceof Int32Array) {
      return Number.isInteger(id) && id >= 0 && id < slot.length ? (slot[id] ?? -1) : -1;
    }
    return slot.get(id) ?? -1;
  }
}
