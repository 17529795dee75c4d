import { afterEach, describe, expect, it } from 'vitest';
import type { Studio } from '../../src/main/app/create-studio';
import { simulateAudience, socketUrl } from '../../src/main/cli/simulate-audience';
import { useTempDirs } from '../helpers/temp-dir';
import { call, liveSession, startStudio } from '../helpers/audience';

const tempDir = useTempDirs();
const studios: Studio[] = [];

afterEach(async () => {
  for (const studio of studios.splice(0)) {
    const closing = studio.audience.close();
    studio.close();
    await closing;
  }
});

describe('simulated audience', () => {
  it('refuses hosts other than loopback unless allowed', () => {
    expect(() => socketUrl('http://192.168.1.20:4000/j/ABCDEF', false)).toThrow(/loopback/);
    expect(socketUrl('http://192.168.1.20:4000/j/ABCDEF', true)).toBe(
      'ws://192.168.1.20:4000/ws/ABCDEF',
    );
    expect(socketUrl('http://127.0.0.1:4000/j/ABCDEF', false)).toBe(
      'ws://127.0.0.1:4000/ws/ABCDEF',
    );
  });

  it('30 viewers for a few seconds: events stored, no errors but rate limits', async () => {
    const studio = startStudio(tempDir());
    studios.push(studio);
    const { sessionId, port, joinCode } = await liveSession(studio);
    const poll = await call(studio, 'poll.create', {
      kind: 'poll',
      question: 'Pace?',
      options: ['slow', 'ok', 'fast'],
    });
    await call(studio, 'poll.open', { sessionId, pollId: poll.id });
    await call(studio, 'checkin.open', { sessionId });
    const summary = await simulateAudience({
      url: `http://127.0.0.1:${String(port)}/j/${joinCode}`,
      viewers: 30,
      seconds: 4,
      seed: 7,
      profile: 'sale',
    });
    expect(summary.joined).toBe(30);
    expect(summary.sent).toBeGreaterThan(30);
    expect(summary.acked).toBe(summary.sent - (summary.errors.RATE_LIMITED ?? 0));
    expect(Object.keys(summary.errors).filter((code) => code !== 'RATE_LIMITED')).toEqual([]);
    const db = studio.workspace().db;
    const events = (
      db.prepare('SELECT count(*) AS n FROM events WHERE session_id = ?').get(sessionId) as {
        n: number;
      }
    ).n;
    expect(events).toBe(summary.acked);
    const votes = (db.prepare('SELECT count(*) AS n FROM poll_votes').get() as { n: number }).n;
    expect(votes).toBeGreaterThan(10);
    const attended = (
      db
        .prepare('SELECT count(DISTINCT learner_id) AS n FROM attendance WHERE session_id = ?')
        .get(sessionId) as { n: number }
    ).n;
    expect(attended).toBe(30);
  });
});
