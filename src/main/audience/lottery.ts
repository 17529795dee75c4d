import { createRng } from '../demo/random';

/**
 * A seeded draw of `count` distinct winners. The candidates are sorted by learner id first, so
 * the stored (seed, candidates) pair replays the same winners forever (sfc32, see
 * src/main/demo/random.ts). A partial Fisher–Yates shuffle: every candidate equally likely.
 */
export function drawWinners<T extends { learnerId: number }>(
  candidates: readonly T[],
  count: number,
  seed: number,
): T[] {
  const pool = [...candidates].sort((a, b) => a.learnerId - b.learnerId);
  const rng = createRng(seed, 'lottery');
  const wanted = Math.min(count, pool.length);
  for (let i = 0; i < wanted; i++) {
    const j = rng.int(i, pool.length - 1);
    const chosen = pool[j] as T;
    pool[j] = pool[i] as T;
    pool[i] = chosen;
  }
  return pool.slice(0, wanted);
}
