import { describe, expect, it } from 'vitest';
import {
  BUSY_PAUSE_MS,
  FRESH_FEED_MEMORY,
  IDLE_STOP_MS,
  nextFeedStep,
  type FeedMemory,
  type FeedStep,
} from '../../../src/renderer/studio/screens/broadcast/http-feed-policy';

/** Runs the policy second by second, starting and stopping as it says. */
function simulate(
  seconds: { feedViewers: number; droppedPerSecond: number }[],
  running = false,
): { actions: string[]; running: boolean; memory: FeedMemory } {
  let memory = FRESH_FEED_MEMORY;
  const actions: string[] = [];
  seconds.forEach((second, i) => {
    const step: FeedStep = nextFeedStep({ now: i * 1_000, running, ...second }, memory);
    memory = step.memory;
    if (step.action === 'start') running = true;
    if (step.action === 'stop') running = false;
    actions.push(step.action === 'stop' ? `stop:${step.reason}` : step.action);
  });
  return { actions, running, memory };
}

const calm = (feedViewers: number, n: number) =>
  Array.from({ length: n }, () => ({ feedViewers, droppedPerSecond: 0 }));
const busy = (n: number) =>
  Array.from({ length: n }, () => ({ feedViewers: 1, droppedPerSecond: 5 }));

describe('the low-latency feed policy', () => {
  it('starts when a viewer can take it, and not before', () => {
    expect(simulate(calm(0, 5)).actions).toEqual(['stay', 'stay', 'stay', 'stay', 'stay']);
    expect(simulate([...calm(0, 2), ...calm(2, 2)]).actions).toEqual([
      'stay',
      'stay',
      'start',
      'stay',
    ]);
  });

  it('stops once no viewer has wanted it for the idle time, not at the first empty second', () => {
    const idleSeconds = IDLE_STOP_MS / 1_000;
    const run = simulate([...calm(1, 1), ...calm(0, idleSeconds), ...calm(0, 1)]);
    expect(run.actions.slice(0, 1)).toEqual(['start']);
    expect(run.actions.slice(1, idleSeconds)).toEqual(Array(idleSeconds - 1).fill('stay'));
    expect(run.actions[idleSeconds + 1]).toBe('stop:idle');
    // A viewer back within the idle time keeps it going.
    const back = simulate([...calm(1, 1), ...calm(0, idleSeconds - 2), ...calm(1, 5)]);
    expect(back.actions.filter((a) => a.startsWith('stop'))).toEqual([]);
    expect(back.running).toBe(true);
  });

  it('gives way to the program: paused after three busy seconds, tried again a minute later', () => {
    const pauseSeconds = BUSY_PAUSE_MS / 1_000;
    const run = simulate([...calm(1, 1), ...busy(3), ...calm(1, pauseSeconds + 1)]);
    expect(run.actions.slice(0, 4)).toEqual(['start', 'stay', 'stay', 'stop:busy']);
    const restart = run.actions.indexOf('start', 1);
    // Stopped at second 3, so not before second 3 + 60.
    expect(restart).toBe(3 + pauseSeconds);
  });

  it('a busy second now and then does not pause it', () => {
    const seconds = [...calm(1, 1), ...busy(2), ...calm(1, 1), ...busy(2), ...calm(1, 1)];
    expect(simulate(seconds).actions.filter((a) => a.startsWith('stop'))).toEqual([]);
  });

  it('misses frames while off without counting them against the feed', () => {
    const run = simulate([...busy(10).map((s) => ({ ...s, feedViewers: 0 })), ...calm(1, 1)]);
    expect(run.actions.at(-1)).toBe('start');
  });
});
