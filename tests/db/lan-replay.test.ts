import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  HeartbeatError,
  coveredMs,
  mergeSpans,
  parseHeartbeat,
} from '../../src/main/review/replay-heartbeat';
import { openDatabase } from '../../src/main/storage/connection';
import { eraseLearnerData, exportLearnerData } from '../../src/main/storage/learner-data';
import {
  storeReplayHeartbeat,
  watchedSpans,
  learnerReplayWatches,
} from '../../src/main/storage/queries/lan-replay';
import { useTempDirs } from '../helpers/temp-dir';

// Watched spans of a LAN replay (migration 0270): merged into disjoint spans, checked before
// anything is stored, exported with the learner's data and erased with them.

const tempDir = useTempDirs();
const TOKEN = 'replaylearner0001abcd';

function refusal(
  body: string,
  durationMs = 60_000,
): { status: number; code: string; message: string } {
  try {
    parseHeartbeat(body, durationMs);
  } catch (error) {
    if (error instanceof HeartbeatError) {
      return { status: error.status, code: error.code, message: error.message };
    }
    throw error;
  }
  throw new Error('the report was accepted');
}

describe('watched spans', () => {
  it('merges overlapping and touching spans, in any order, and counts each second once', () => {
    const merged = mergeSpans([
      { startMs: 40_000, endMs: 45_000 },
      { startMs: 10_000, endMs: 18_000 },
      { startMs: 18_000, endMs: 20_000 },
      { startMs: 15_000, endMs: 25_000 },
      { startMs: 44_000, endMs: 44_500 },
    ]);
    expect(merged).toEqual([
      { startMs: 10_000, endMs: 25_000 },
      { startMs: 40_000, endMs: 45_000 },
    ]);
    expect(coveredMs(merged)).toBe(20_000);
    expect(coveredMs(merged, 20_000, 42_000)).toBe(7_000);
    expect(mergeSpans([])).toEqual([]);
  });

  it('refuses hostile reports with a clear reason', () => {
    const body = (spans: unknown, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ deviceToken: TOKEN, seq: 1, spans, ...extra });
    expect(refusal(body(Array.from({ length: 17 }, (_, i) => [i * 10, i * 10 + 5])))).toEqual({
      status: 400,
      code: 'TOO_LARGE',
      message: 'spans: at most 16 per report (got 17)',
    });
    expect(refusal(body([[0, 60_001]]))).toMatchObject({ code: 'OUT_OF_RANGE' });
    expect(refusal(body([[0, 130_000]]), 600_000)).toEqual({
      status: 400,
      code: 'TOO_LARGE',
      message: 'a report covers at most 120 s of playing',
    });
    expect(refusal(body([[5, 5]]))).toMatchObject({ message: 'spans[0]: ends before it starts' });
    expect(refusal(body([[0, 1.5]]))).toMatchObject({
      message: 'spans[0]: expected [startMs, endMs]',
    });
    expect(refusal(body([[0, 10, 20]]))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(refusal(body([]))).toMatchObject({ message: 'spans: expected a non-empty list' });
    expect(refusal(body([[0, 10]], { seq: 0 }))).toMatchObject({
      message: 'seq: expected a positive integer',
    });
    expect(refusal(body([[0, 10]], { pad: 'x'.repeat(2_100) }))).toMatchObject({
      status: 413,
      code: 'TOO_LARGE',
    });
    expect(refusal('[1,2]')).toMatchObject({ message: 'a report is a JSON object' });
    expect(
      parseHeartbeat(
        body([
          [0, 10],
          [10, 20],
        ]),
        60_000,
      ).spans,
    ).toEqual([
      { startMs: 0, endMs: 10 },
      { startMs: 10, endMs: 20 },
    ]);
  });

  it('stores merged spans per learner and class; they leave with the learner', () => {
    const db = openDatabase(join(tempDir(), 'replay.db'));
    db.prepare(
      `INSERT INTO sessions (id, title, status, started_at, ended_at, created_at) VALUES (1, 'c', 'ended', 1, 2, 1)`,
    ).run();
    db.prepare(
      `INSERT INTO learners (id, display_name, created_at) VALUES (7, 'Mei', 1), (8, 'Li', 1)`,
    ).run();
    const store = (learnerId: number, seq: number, merged: { startMs: number; endMs: number }[]) =>
      db.transaction(() =>
        storeReplayHeartbeat(db, { sessionId: 1, learnerId, seq, now: 100 + seq, merged }),
      )();
    store(7, 1, [{ startMs: 0, endMs: 5_000 }]);
    store(7, 2, mergeSpans([...watchedSpans(db, 1, 7), { startMs: 4_000, endMs: 9_000 }]));
    store(8, 1, [{ startMs: 30_000, endMs: 31_000 }]);
    expect(watchedSpans(db, 1, 7)).toEqual([{ startMs: 0, endMs: 9_000 }]);
    expect(learnerReplayWatches(db, 7)).toEqual([
      { session_id: 1, learner_id: 7, first_at: 101, last_at: 102, last_seq: 2, heartbeats: 2 },
    ]);
    const exported = exportLearnerData(db, 7, 1_000);
    expect(JSON.stringify(exported)).toContain('"replay_watch_spans"');
    eraseLearnerData(db, 7, 1_000);
    expect(watchedSpans(db, 1, 7)).toEqual([]);
    expect(learnerReplayWatches(db, 7)).toEqual([]);
    expect(watchedSpans(db, 1, 8)).toEqual([{ startMs: 30_000, endMs: 31_000 }]);
    // A span that ends before it starts never reaches the table.
    expect(() =>
      db
        .prepare(
          'INSERT INTO replay_watch_spans (session_id, learner_id, start_ms, end_ms) VALUES (1, 8, 5, 5)',
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});
