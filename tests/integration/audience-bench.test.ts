import { describe, expect, it } from 'vitest';
import { runAudienceBench, type TargetResult } from '../../bench/audience/run-bench';

// A short run of the audience benchmark (`npm run bench:audience`): its accounting, not its
// timings. Every chat and reaction a viewer sent is acknowledged, refused or lost; the studio
// stored exactly what it acknowledged; every delivery of an acknowledged chat was counted.

function checkAccounts(target: TargetResult, viewers: number): void {
  expect(target.viewersJoined).toBe(viewers);
  for (const kind of [target.chat, target.reactions]) {
    const refused = Object.values(kind.refused).reduce((sum, n) => sum + n, 0);
    expect(kind.sent).toBeGreaterThan(0);
    expect(kind.acknowledged + refused + kind.lost).toBe(kind.sent);
  }
  expect(target.persisted.chat).toBe(target.chat.acknowledged);
  expect(target.persisted.reactions).toBe(target.reactions.acknowledged);
  expect(target.deliveries.expected).toBe(target.chat.acknowledged * viewers);
  expect(target.deliveries.counted).toBe(target.deliveries.expected);
  expect(target.latencyMs.p99).not.toBeNull();
  // The loop delay of the measured interval, ordered as percentiles are.
  const delay = target.serverLoopDelayMs;
  expect(delay).not.toBeNull();
  expect(delay!.p50).toBeLessThanOrEqual(delay!.p99);
  expect(delay!.p99).toBeLessThanOrEqual(delay!.max);
}

describe('audience benchmark', () => {
  it('accounts for every chat and reaction against the studio and the bare baseline', async () => {
    const result = await runAudienceBench({
      viewers: 20,
      chat: 10,
      reactions: 20,
      seconds: 2,
      windowMs: null,
      clientProcs: 2,
      drainMs: 20_000,
    });
    checkAccounts(result.studio, 20);
    checkAccounts(result.baseline, 20);
    expect(result.ratio.p99).not.toBeNull();
    expect(result.machine.loadAverage).toHaveLength(3);
  }, 180_000);
});
