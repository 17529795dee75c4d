/**
 * Seeded pseudo-random numbers for the demo workspace.
 *
 * Hand-written instead of a library on purpose: sfc32 is a dozen lines, passes PractRand and
 * BigCrush, and what matters here is that a seed gives the same workspace forever. A dependency's
 * minor release that changed its sequence would silently change every demo figure (and every
 * screenshot and golden number built on them); this file only changes when we change it.
 */

export interface Rng {
  /** Uniform in [0, 1) with 32 bits of resolution. */
  next(): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  normal(mean: number, sd: number): number;
  /** exp(normal(mu, sigma)): positive and right-skewed, like engagement or spending. */
  logNormal(mu: number, sigma: number): number;
  exponential(mean: number): number;
  poisson(mean: number): number;
  pick<T>(items: readonly T[]): T;
  /** Index drawn with probability proportional to its (non-negative) weight. */
  weightedIndex(weights: readonly number[]): number;
}

/** FNV-1a: turns a stream label into 32 bits, so streams are named rather than numbered. */
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * One independent stream per (seed, label). Streams are derived from the seed, not from each
 * other, so drawing more numbers in one part of the generator (say, more events) never shifts the
 * numbers another part draws.
 */
export function createRng(seed: number, stream = ''): Rng {
  // splitmix32 spreads a small seed over sfc32's 128 bits of state.
  // Seeds beyond 32 bits fold their high half in rather than being cut off.
  const high = Math.floor(Math.trunc(seed) / 4_294_967_296);
  let s = (Math.trunc(seed) ^ Math.imul(high | 0, 0x9e3779b1) ^ hashLabel(stream)) >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();

  const uint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The first outputs of a freshly seeded sfc32 are still correlated with the seed.
  for (let i = 0; i < 12; i++) uint32();

  const next = (): number => uint32() / 4_294_967_296;

  const normal = (mean: number, sd: number): number => {
    // Box–Muller; 1 - next() is in (0, 1], so the logarithm is finite.
    const u = 1 - next();
    const v = next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };

  const exponential = (mean: number): number => -mean * Math.log(1 - next());

  const poisson = (mean: number): number => {
    if (!(mean > 0)) return 0;
    if (mean < 30) {
      // Knuth's product of uniforms: exact, and cheap for the small means the demo mostly uses.
      const limit = Math.exp(-mean);
      let count = 0;
      let product = next();
      while (product > limit) {
        count++;
        product *= next();
      }
      return count;
    }
    // For large means the normal approximation is well within what demo data needs.
    return Math.max(0, Math.round(normal(mean, Math.sqrt(mean))));
  };

  return {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    normal,
    logNormal: (mu, sigma) => Math.exp(normal(mu, sigma)),
    exponential,
    poisson,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    weightedIndex(weights) {
      let total = 0;
      for (const weight of weights) total += weight;
      let target = next() * total;
      for (let i = 0; i < weights.length; i++) {
        target -= weights[i] ?? 0;
        if (target < 0) return i;
      }
      return weights.length - 1;
    },
  };
}

/** Running sums of `weights`, for many draws from the same distribution with `pickCumulative`. */
export function cumulative(weights: ArrayLike<number>, count = weights.length): Float64Array {
  const sums = new Float64Array(count);
  let total = 0;
  for (let i = 0; i < count; i++) {
    total += weights[i] ?? 0;
    sums[i] = total;
  }
  return sums;
}

/** Binary search in running sums: O(log n) per draw where a linear scan would be O(n). */
export function pickCumulative(sums: Float64Array, rng: Rng): number {
  const n = sums.length;
  if (n === 0) throw new Error('pick from an empty distribution');
  const target = rng.next() * (sums[n - 1] ?? 0);
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sums[mid] ?? 0) > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * Indices 0..count-1 ordered by `times` (ties by index). Packs (offset, index) into one exact
 * float so that a plain numeric typed-array sort does the work: several times faster than a
 * comparator over a million rows.
 */
export function orderByTime(times: Float64Array, count: number, origin: number): Uint32Array {
  let maxOffset = 0;
  for (let i = 0; i < count; i++) maxOffset = Math.max(maxOffset, (times[i] ?? 0) - origin);
  const order = new Uint32Array(count);
  if ((maxOffset + 1) * count < Number.MAX_SAFE_INTEGER) {
    const keys = new Float64Array(count);
    for (let i = 0; i < count; i++) keys[i] = ((times[i] ?? 0) - origin) * count + i;
    keys.sort();
    for (let i = 0; i < count; i++) order[i] = (keys[i] ?? 0) % count;
    return order;
  }
  for (let i = 0; i < count; i++) order[i] = i;
  return order.sort((x, y) => (times[x] ?? 0) - (times[y] ?? 0) || x - y);
}
