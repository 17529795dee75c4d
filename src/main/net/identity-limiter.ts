import { TokenBucket } from '../kernel/token-bucket';

export interface IdentityLimits {
  /** New learners (a device token never seen) one address may create per minute... */
  newIdentitiesPerMinute: number;
  /** ...after a first burst of this many (a classroom's shared tablet, a few browsers). */
  newIdentityBurst: number;
}

export const DEFAULT_IDENTITY_LIMITS: IdentityLimits = {
  newIdentitiesPerMinute: 10,
  newIdentityBurst: 10,
};

/** Addresses remembered at most; older entries (their bucket long full again) are forgotten. */
const MAX_ADDRESSES = 4_096;

/**
 * Per remote address, how fast new identities may be created. Each becomes a permanent learner
 * and attendance row, so one client must not mint thousands; a returning device is never asked.
 */
export class IdentityLimiter {
  readonly #limits: IdentityLimits;
  readonly #buckets = new Map<string, { bucket: TokenBucket; usedAt: number }>();

  private constructor(limits: IdentityLimits) {
    this.#limits = limits;
  }

  static create(limits: IdentityLimits): IdentityLimiter {
    return new IdentityLimiter(limits);
  }

  /** Takes one new identity for `address`: 0 when allowed, else ms until one is. */
  take(address: string, now: number): number {
    let entry = this.#buckets.get(address);
    if (!entry) {
      if (this.#buckets.size >= MAX_ADDRESSES) this.#forget(now);
      entry = {
        bucket: TokenBucket.create(
          {
            ratePerSecond: this.#limits.newIdentitiesPerMinute / 60,
            burst: this.#limits.newIdentityBurst,
          },
          now,
        ),
        usedAt: now,
      };
      this.#buckets.set(address, entry);
    }
    entry.usedAt = now;
    return entry.bucket.take(now);
  }

  #forget(now: number): void {
    const refill =
      (this.#limits.newIdentityBurst / Math.max(1e-9, this.#limits.newIdentitiesPerMinute)) *
      60_000;
    for (const [address, entry] of this.#buckets) {
      if (now - entry.usedAt > refill) this.#buckets.delete(address);
    }
    // Still full: everyone is recent; drop the oldest half rather than grow without bound.
    if (this.#buckets.size >= MAX_ADDRESSES) {
      const keys = [...this.#buckets.keys()];
      for (const key of keys.slice(0, keys.length / 2)) this.#buckets.delete(key);
    }
  }
}
