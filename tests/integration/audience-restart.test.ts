import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import type { Studio } from '../../src/main/app/create-studio';
import { openDatabase } from '../../src/main/storage/connection';
import { useTempDirs } from '../helpers/temp-dir';
import {
  actionId,
  call,
  connectViewer,
  joinViewer,
  liveSession,
  newDeviceToken,
  startStudio,
  type TestViewer,
} from '../helpers/audience';

const tempDir = useTempDirs();
const studios: Studio[] = [];
const viewers: TestViewer[] = [];
const CHILD = join(import.meta.dirname, '..', 'helpers', 'audience-child.ts');

afterEach(async () => {
  for (const viewer of viewers.splice(0)) await viewer.close();
  for (const studio of studios.splice(0)) {
    const closing = studio.audience.close();
    studio.close();
    await closing;
  }
});

describe('restart and crash', () => {
  it('resumes a live session after the studio restarts; the viewer reconnects and continues', async () => {
    const dataDir = tempDir();
    const first = startStudio(dataDir);
    const { sessionId, wsUrl } = await liveSession(first);
    const viewer = await joinViewer(wsUrl, { name: 'Ada' });
    const chatId = actionId();
    expect(
      await viewer.act({ type: 'chat', id: chatId, text: 'before the restart' }),
    ).toMatchObject({ type: 'ack' });

    // Close without ending: the viewer is told, and its interval is closed for now.
    const closing = first.audience.close();
    first.close();
    await closing;
    await viewer.waitFor((f) => f.type === 'goodbye' && f.reason === 'server-shutdown');

    const second = startStudio(dataDir);
    studios.push(second);
    const state = await call(second, 'live.state', { sessionId });
    expect(state.session.status).toBe('live');
    const info = await call(second, 'audience.info', { sessionId });
    const back = await joinViewer(`ws://127.0.0.1:${String(info.port)}/ws/${info.joinCode}`, {
      name: 'Ada',
      deviceToken: viewer.deviceToken,
    });
    viewers.push(back);
    expect(back.viewerId).toBe(viewer.viewerId);
    expect(back.welcome.state.chat.map((m) => m.text)).toEqual(['before the restart']);
    expect(await back.act({ type: 'chat', id: chatId, text: 'before the restart' })).toMatchObject({
      duplicate: true,
    });
    expect(await back.act({ type: 'chat', text: 'after the restart' })).toMatchObject({
      duplicate: false,
    });
    const rows = second
      .workspace()
      .db.prepare('SELECT left_at FROM attendance WHERE session_id = ?')
      .all(sessionId);
    expect(rows).toEqual([{ left_at: null }]);
  });

  it('keeps every acknowledged chat message when the studio process is killed (SIGKILL)', async () => {
    const dataDir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_c, signal) => resolve(signal)),
    );
    let url = '';
    for await (const line of createInterface({ input: child.stdout })) {
      if (line.startsWith('url ')) {
        url = line.slice(4);
        break;
      }
    }
    const viewer = await connectViewer(url);
    viewer.send({ type: 'join', protocol: 1, deviceToken: newDeviceToken(), name: 'Writer' });
    await viewer.waitFor((f) => f.type === 'welcome');
    const acked = new Set<string>();
    const sent: string[] = [];
    const KILL_AFTER = 400;
    const IN_FLIGHT = 40;
    await new Promise<void>((resolve) => {
      const sendOne = (): void => {
        const id = actionId();
        sent.push(id);
        viewer.send({ type: 'chat', id, text: `message ${id}` });
      };
      viewer.ws.on('message', () => {
        for (const frame of viewer.frames.splice(0)) {
          if (frame.type === 'ack') {
            acked.add(frame.id);
            if (acked.size >= KILL_AFTER) {
              child.kill('SIGKILL');
              resolve();
              return;
            }
            sendOne();
          }
        }
      });
      for (let i = 0; i < IN_FLIGHT; i++) sendOne();
    });
    expect(await exited).toBe('SIGKILL');
    await viewer.closed;

    const db = openDatabase(join(dataDir, 'workspaces', 'default', 'encore.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = new Set(
      (
        db.prepare(`SELECT client_id FROM events WHERE kind = 'chat'`).all() as {
          client_id: string;
        }[]
      ).map((r) => r.client_id),
    );
    const messages = (db.prepare('SELECT count(*) AS n FROM chat_messages').get() as { n: number })
      .n;
    db.close();
    expect([...acked].filter((id) => !stored.has(id))).toEqual([]);
    expect(stored.size).toBeGreaterThanOrEqual(acked.size);
    expect(messages).toBe(stored.size);

    // And the studio comes back with the session live, closing the crashed viewer's interval later.
    const again = startStudio(dataDir);
    studios.push(again);
    const sessions = await call(again, 'library.sessions', {});
    expect(sessions[0]?.status).toBe('live');
  });
});
