/**
 * Deterministic assignment of a viewer to one of an experiment's variants: the same seed and the
 * same viewer identity give the same variant on every reconnect, on every machine and forever
 * (no state beyond the stored seed).
 *
 * The hash is cyrb53 (a public-domain 53-bit string hash built from two multiply-xorshift lanes),
 * written here rather than taken from a library for the same reason as kernel/random.ts: a
 * dependency that changed its output would silently move viewers between variants mid-experiment.
 * node:crypto would do too, but this also runs where only plain JavaScript does.
 */

/** The most variants an offer may have. */
export const MAX_VARIANTS = 4;

function cyrb53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * The variant (0 … variants − 1) of one viewer: hash(seed, identity) mod variants. The identity
 * is whatever stays the same for the viewer across reconnects (the hub uses the learner id).
 */
export function assignVariant(seed: string, identity: string, variants: number): number {
  if (!Number.isInteger(variants) || variants < 1 || variants > MAX_VARIANTS) {
    throw new RangeError(
      `variants must be a whole number from 1 to ${String(MAX_VARIANTS)}, got ${String(variants)}`,
    );
  }
  if (seed.length === 0) throw new RangeError('the seed must not be empty');
  // The separator cannot occur in a seed or an id, so ("ab", "c") and ("a", "bc") differ.
  return cyrb53(`${seed}\u0000${identity}`) % variants;
}
