// Typed columns filled a slice at a time by the sequential reads (paid orders, learners): each
// doubles as it fills, so that no number array per column is built and then copied.

/** A typed array of at least `size` entries holding `a`'s first `used`: `a` itself if it fits. */
export function grown<T extends Float64Array | Uint32Array | Uint8Array>(
  a: T,
  used: number,
  size: number,
): T {
  if (size <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2));
  next.set(a.subarray(0, used));
  return next;
}

/** `a`'s first `length` entries in an array of that size (`a` itself when it is that size). */
export function trimmed<T extends Float64Array | Uint32Array | Uint8Array>(
  a: T,
  length: number,
): T {
  return a.length === length ? a : (a.slice(0, length) as T);
}
