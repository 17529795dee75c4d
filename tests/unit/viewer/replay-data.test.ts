import { describe, expect, it } from 'vitest';
import { WatchTracker, readReplayProbe } from '../../../src/renderer/viewer/replay/replay-data';

// The replay page's own bookkeeping: what it reports as played, and how it reads the server.

describe('WatchTracker', () => {
  it('extends a span while playing, starts a new one after a seek, and stays within the bounds', () => {
    const tracker = new WatchTracker(60);
    for (const t of [2, 2.25, 2.5, 3, 4]) tracker.played(t);
    tracker.played(30); // a seek: no span from 4 s to 30 s
    tracker.played(30.5);
    tracker.played(61); // clamped to the recording's end
    expect(tracker.take()).toEqual([
      [2_000, 4_000],
      [30_000, 30_500],
    ]);
    expect(tracker.take()).toEqual([]);
    tracker.putBack([[10_000, 12_000]]);
    tracker.break();
    tracker.played(12);
    tracker.played(13);
    expect(tracker.take()).toEqual([[10_000, 13_000]]);
  });
});

describe('readReplayProbe', () => {
  const data = {
    state: 'replay',
    title: 'T',
    courseTitle: null,
    durationS: 12,
    heartbeatMs: 10_000,
    parts: [{ index: 0, offsetS: 0, durationS: 12 }],
    chapters: [{ t: 0, title: '', source: 'start' }],
    chat: [{ t: 1, name: 'Mei', fromHost: false, text: 'hi' }],
  };

  it('accepts a well-formed replay and treats anything else as no replay', () => {
    expect(readReplayProbe(data).state).toBe('replay');
    expect(readReplayProbe({ state: 'off', message: 'x' })).toEqual({ state: 'off' });
    expect(readReplayProbe({ ...data, chat: [{ t: 'x' }] })).toEqual({ state: 'none' });
    expect(readReplayProbe(null)).toEqual({ state: 'none' });
  });

  it("reads the class's survey to offer at the end; a malformed one is none", () => {
    const surveyOf = (value: unknown): unknown => {
      const probe = readReplayProbe({ ...data, surveyId: value });
      return probe.state === 'replay' ? probe.data.surveyId : 'no replay';
    };
    expect(surveyOf('s12')).toBe('s12');
    expect(surveyOf(null)).toBeNull();
    expect(surveyOf('<b>')).toBeNull();
    expect(surveyOf(12)).toBeNull();
  });
});
