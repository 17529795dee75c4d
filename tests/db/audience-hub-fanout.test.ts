import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { CommitQueue } from '../../src/main/audience/hub/commit-queue';
import { Outbox } from '../../src/main/audience/hub/outbox';
import type { Conn } from '../../src/main/audience/hub/state';
import { TokenBucket } from '../../src/main/kernel/token-bucket';
import { createSilentLogger } from '../../src/main/kernel/logger';
import { DEFAULT_HUB_TUNING } from '../../src/main/audience/hub/tuning';
import { wsText } from '../../src/main/net/ws-text';
import { useHubHarness } from '../helpers/hub-harness';
import { useTempDirs } from '../helpers/temp-dir';

// The hub's fan-out (the class's frames framed once per window, replies in a message of their
// own) on real sockets on 127.0.0.1, and reactions added up per window, on a real SQLite file.

const harness = useHubHarness(useTempDirs());

function changes(h: ReturnType<typeof harness>): number {
  return (h.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
}

describe('reactions added up per window', () => {
  it('writes one count per viewer and reaction in the window, acknowledged after the commit', () => {
    const h = harness();
    const queue = new CommitQueue(h.ctx, { ...h.features.reactions.actions } as never, [
      h.features.reactions,
    ]);
    const ana = h.join('Ana');
    h.frames(ana.conn);
    for (let i = 1; i <= 5; i++) {
      const id = `react-00${String(i)}`;
      queue.push(ana.conn, ana.viewer, { type: 'react', id, reaction: i === 5 ? 'clap' : 'heart' });
    }
    queue.push(ana.conn, ana.viewer, { type: 'react', id: 'react-001', reaction: 'heart' });
    const before = changes(h);
    queue.commit();
    // 5 event rows (the resend is a duplicate) and 2 count rows: not an upsert per reaction.
    expect(changes(h) - before).toBe(5 + 2);
    const rows = h.db
      .prepare('SELECT reaction, count, last_at FROM reaction_counts ORDER BY reaction')
      .all();
    expect(rows).toEqual([
      { reaction: 'clap', count: 1, last_at: h.time.now },
      { reaction: 'heart', count: 4, last_at: h.time.now },
    ]);
    const acks = h.frames(ana.conn).filter((f) => f.type === 'ack');
    expect(acks.map((f) => f.duplicate)).toEqual([false, false, false, false, false, true]);
    expect(h.features.reactions.totals.heart).toBe(4);
  });

  it('keeps nothing of a window whose transaction failed, and stores the next one', () => {
    const h = harness();
    const queue = new CommitQueue(h.ctx, { ...h.features.reactions.actions } as never, [
      h.features.reactions,
    ]);
    const ana = h.join('Ana');
    h.frames(ana.conn);
    // A failure after the reaction was added up (a full disk, here a trigger on the count table).
    h.db.exec(
      `CREATE TEMP TRIGGER fail_counts BEFORE INSERT ON reaction_counts
       BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    );
    queue.push(ana.conn, ana.viewer, { type: 'react', id: 'react-001', reaction: 'heart' });
    queue.commit();
    expect(h.frames(ana.conn)).toEqual([
      expect.objectContaining({ type: 'error', id: 'react-001', code: 'UNAVAILABLE' }),
    ]);
    expect(h.count('events')).toBe(0);
    h.db.exec('DROP TRIGGER fail_counts');
    queue.push(ana.conn, ana.viewer, { type: 'react', id: 'react-002', reaction: 'heart' });
    queue.commit();
    expect(h.db.prepare('SELECT count FROM reaction_counts').all()).toEqual([{ count: 1 }]);
    expect(h.features.reactions.totals.heart).toBe(1);
  });
});

describe('outbox', () => {
  it("frames the class's frames once per window for every socket; replies go only to their own", async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    const clients: WebSocket[] = [];
    try {
      await new Promise<void>((resolve) => wss.once('listening', resolve));
      const port = (wss.address() as AddressInfo).port;
      const serverSockets: WebSocket[] = [];
      wss.on('connection', (ws) => serverSockets.push(ws));
      const received: string[][] = [[], [], [], []];
      for (let i = 0; i < 4; i++) {
        const ws = new WebSocket(`ws://127.0.0.1:${String(port)}`);
        ws.on('message', (data) => received[i]?.push(wsText(data)));
        await new Promise((resolve) => ws.once('open', resolve));
        clients.push(ws);
      }
      for (let i = 0; i < 50 && serverSockets.length < 4; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const out = new Outbox(createSilentLogger());
      const sent: unknown[][] = [];
      const conns = serverSockets.map((ws, i): Conn => {
        const send = ws.send.bind(ws);
        sent[i] = [];
        ws.send = ((data: unknown, ...rest: never[]) => {
          sent[i]?.push(data);
          send(data as string, ...rest);
        }) as typeof ws.send;
        return {
          ws,
          viewer: null,
          queue: [],
          queueAt: [],
          sharedFrom: null,
          bucket: TokenBucket.create(DEFAULT_HUB_TUNING.connectionBucket, 0),
          lastFrameAt: 0,
          acceptedAt: 0,
          peer: null,
        };
      });
      const [first, second, quiet, late] = conns;
      if (!first || !second || !quiet || !late) throw new Error('four sockets');
      for (const conn of conns) out.conns.add(conn);
      for (const conn of [first, second, quiet]) out.attach(conn);
      const viewers = (n: number): string => `{"type":"viewers","count":${String(n)}}`;
      const ack = (n: number): string =>
        `{"type":"ack","id":"chat-000${String(n)}","duplicate":false}`;
      const chat = (n: number): string => `{"type":"chat","message":{"id":"m${String(n)}"}}`;
      out.broadcast(viewers(3));
      // The window's commit: each reply, then what the action broadcasts.
      out.commitReplies(() => {
        out.reply(first, ack(1));
        out.broadcast(chat(1));
        out.reply(second, ack(2));
        out.broadcast(chat(2));
      });
      out.attach(late);
      out.enqueue(late, '{"type":"pong","t":1}');
      out.broadcast(viewers(4));
      out.flushAll();
      for (let i = 0; i < 200 && received.flat().length < 10; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const batch = (...frames: string[]): string =>
        `{"type":"batch","frames":[${frames.join(',')}]}`;
      const tail = batch(chat(1), chat(2), viewers(4));
      expect(received).toEqual([
        [viewers(3), ack(1), tail],
        [viewers(3), ack(2), tail],
        [batch(viewers(3), chat(1), chat(2), viewers(4))],
        // Joined during the window: its own frame, then the class's frames after its join.
        ['{"type":"pong","t":1}', viewers(4)],
      ]);
      // Framed once: the same Buffers are written to every socket that receives them.
      expect(Buffer.isBuffer(sent[0]?.[0])).toBe(true);
      expect(sent[1]?.[0]).toBe(sent[0]?.[0]);
      expect(Buffer.isBuffer(sent[0]?.[2])).toBe(true);
      expect(sent[1]?.[2]).toBe(sent[0]?.[2]);
      expect(Buffer.isBuffer(sent[2]?.[0])).toBe(true);
    } finally {
      for (const ws of clients) ws.terminate();
      await new Promise((resolve) => wss.close(resolve));
    }
  });
});
