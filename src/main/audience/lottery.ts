import { createRng } from '../kernel/random';

/**
 * A seeded draw of `count` distinct winners from the candidates in the order given. The caller
 * sorts them by learner id and stores that list, so the stored (seed, candidates) pair replays the
 * same winners forever (sfc32, see src/main/demo/random.ts) — even after a candidate was deleted
 * (learner.delete leaves an anonymous entry in its place). A partial Fisher–Yates shuffle: every
 * candidate equally likely.
 */
export function drawWinners<T>(candidates: readonly T[], count: number, seed: number): T[] {
  const pool = [...candidates];
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
