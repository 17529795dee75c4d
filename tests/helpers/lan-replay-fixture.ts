import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createStudio, type Studio } from '../../src/main/app/create-studio';
import { createSilentLogger } from '../../src/main/kernel/logger';
import { studioMethods, type MethodName } from '../../src/shared/contract';
import { useTempDirs } from './temp-dir';

// The LAN replay's integration fixture: a studio on a fresh workspace whose audience server runs
// on 127.0.0.1, with three classes — 1 "Light and shade" (ended, recorded for 60 s, join code
// REPLAY1, one host chat line at 5 s), 2 (ended, OTHER22, not recorded) and 3 (live, LIVE333) —
// and a clock the test moves. Studios are closed after each test.

export const T0 = Date.UTC(2026, 11, 6, 10, 0, 0);
export const TOKEN = 'replaylearner0001abcd';
const ctx = { transport: 'test' } as const;

export type LanReplayFixture = Awaited<ReturnType<ReturnType<typeof useLanReplayStudios>>>;

/** Call at the top of a test file; the returned function starts one fixture studio. */
export function useLanReplayStudios() {
  const tempDir = useTempDirs();
  const running: Studio[] = [];
  afterEach(async () => {
    for (const studio of running.splice(0)) {
      await studio.audience.close();
      studio.close();
    }
  });
  return async function setup() {
    let now = T0 + 86_400_000;
    const studio = createStudio({
      dataDir: tempDir(),
      host: 'test',
      logger: createSilentLogger(),
      clock: () => now,
    });
    running.push(studio);
    const { db, dir } = studio.workspace();
    const file = join(dir, 'recordings', '1', '1.webm');
    mkdirSync(join(dir, 'recordings', '1'), { recursive: true });
    writeFileSync(file, Buffer.alloc(1000, 7));
    const session = db.prepare(
      `INSERT INTO sessions (id, title, status, started_at, ended_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
    );
    session.run(1, 'Light and shade', 'ended', T0, T0 + 60_000, T0);
    session.run(2, 'Another class', 'ended', T0, T0 + 60_000, T0);
    session.run(3, 'Still live', 'live', T0, null, T0);
    const code = db.prepare(
      'INSERT INTO live_settings (session_id, join_code, updated_at) VALUES (?, ?, ?)',
    );
    code.run(1, 'REPLAY1', T0);
    code.run(2, 'OTHER22', T0);
    code.run(3, 'LIVE333', T0);
    db.prepare(
      `INSERT INTO recordings (id, session_id, path, mime_type, status, started_at, ended_at, bytes, duration_ms)
     VALUES (1, 1, ?, 'video/webm;codecs=vp8,opus', 'finalised', ?, ?, 1000, 60000)`,
    ).run(file, T0, T0 + 60_000);
    db.prepare(
      `INSERT INTO chat_messages (session_id, from_host, text, at) VALUES (1, 1, 'Welcome back', ?)`,
    ).run(T0 + 5_000);
    const { port } = await studio.audience.ready();
    const base = `http://127.0.0.1:${String(port)}`;
    const call = async (method: MethodName, input: unknown): Promise<unknown> => {
      const result = await studio.router.handle(method, input, ctx);
      if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
      return studioMethods[method].output.parse(result.value);
    };
    const beat = (codeText: string, body: unknown) =>
      fetch(`${base}/j/${codeText}/replay/watch`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const stored = () =>
      db
        .prepare(
          `SELECT (SELECT COUNT(*) FROM replay_watch_spans) AS spans,
                (SELECT COUNT(*) FROM replay_watchers) AS watchers,
                (SELECT COUNT(*) FROM learners) AS learners`,
        )
        .get() as { spans: number; watchers: number; learners: number };
    return {
      studio,
      db,
      base,
      call,
      beat,
      stored,
      advance: (ms: number) => {
        now += ms;
      },
    };
  };
}
