/**
 * A token bucket: `ratePerSecond` tokens flow in up to `burst`; each action takes one. Cheap
 * enough to keep one per connection and several per viewer.
 */
export interface BucketSpec {
  ratePerSecond: number;
  burst: number;
}

export class TokenBucket {
  readonly #spec: BucketSpec;
  #tokens: number;
  #updatedAt: number;

  private constructor(spec: BucketSpec, now: number) {
    this.#spec = spec;
    this.#tokens = spec.burst;
    this.#updatedAt = now;
  }

  static create(spec: BucketSpec, now: number): TokenBucket {
    return new TokenBucket(spec, now);
  }

  /** Takes a token and returns 0, or returns how many ms until one is available. */
  take(now: number): number {
    const elapsed = Math.max(0, now - this.#updatedAt);
    this.#updatedAt = now;
    this.#tokens = Math.min(
      this.#spec.burst,
      this.#tokens + (elapsed * this.#spec.ratePerSecond) / 1_000,
    );
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.#tokens) * 1_000) / this.#spec.ratePerSecond);
  }
}
