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

/**
 * A seeded draw of `count` distinct winners where each candidate holds `tickets(c)` tickets (a
 * positive whole number): each pick takes one ticket uniformly among those left in the drum, then
 * removes its holder's other tickets (without replacement). Like `drawWinners`, the stored (seed,
 * candidates with their tickets) replays the same winners; candidates without tickets never win.
 */
export function drawWeighted<T>(
  candidates: readonly T[],
  tickets: (candidate: T) => number,
  count: number,
  seed: number,
): T[] {
  const pool = candidates
    .map((candidate) => ({ candidate, tickets: Math.max(0, Math.floor(tickets(candidate))) }))
    .filter((entry) => entry.tickets > 0);
  const rng = createRng(seed, 'lottery-tickets');
  let total = pool.reduce((sum, entry) => sum + entry.tickets, 0);
  const winners: T[] = [];
  while (winners.length < count && pool.length > 0) {
    let ticket = rng.int(0, total - 1);
    let i = 0;
    for (; i < pool.length - 1; i++) {
      const held = pool[i]?.tickets ?? 0;
      if (ticket < held) break;
      ticket -= held;
    }
    const [won] = pool.splice(i, 1);
    if (!won) break;
    total -= won.tickets;
    winners.push(won.candidate);
  }
  return winners;
}
