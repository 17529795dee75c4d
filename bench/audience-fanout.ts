import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import type { SingleServerFrame } from '../src/shared/contract/audience-protocol';
import { REACTIONS } from '../src/shared/contract/audience-protocol';
import { wsText } from '../src/main/net/ws-text';

// WebSocket fan-out of the audience server (compare DESIGN.md §11): 2,000 viewers on 127.0.0.1,
// reactions at 2,000/s throughout, chat at 50, 150 and 300 messages/s in turn. The server runs in
// a child process so that its CPU is measured apart from the clients. Reported per stage: chat
// delivered latency (sender's send → each viewer's receipt) p50/p99, chat messages lost (a viewer
// connected throughout that did not receive an acknowledged message), acks, server CPU.

const VIEWERS = 2_000;
const SENDERS = 60; // chat is spread over 60 viewers: each stays under the 10 actions/s limit
const REACTIONS_PER_SECOND = 2_000;
const STAGES = [
  { chatPerSecond: 50, seconds: 5 },
  { chatPerSecond: 150, seconds: 5 },
  { chatPerSecond: 300, seconds: 5 },
] as const;
const CONNECT_BATCH = 100;
const TICK_MS = 20;
const HISTOGRAM_MS = 20_000;

const now = (): number => performance.timeOrigin + performance.now();

class Histogram {
  readonly counts = new Uint32Array(HISTOGRAM_MS + 1);
  total = 0;
  add(ms: number): void {
    const bucket = Math.max(0, Math.min(HISTOGRAM_MS, Math.round(ms)));
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    this.total += 1;
  }
  percentile(p: number): number | null {
    if (this.total === 0) return null;
    const target = Math.ceil((p / 100) * this.total);
    let seen = 0;
    for (let ms = 0; ms <= HISTOGRAM_MS; ms++) {
      seen += this.counts[ms] ?? 0;
      if (seen >= target) return ms;
    }
    return HISTOGRAM_MS;
  }
}

interface Client {
  ws: WebSocket;
  index: number;
  received: Set<string>;
}

export async function run(): Promise<unknown> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'audience', 'server-child.ts')],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async (prefix: string): Promise<string> => {
    for (;;) {
      const next: IteratorResult<string> = await lines.next();
      if (next.done === true) throw new Error('the server process exited');
      const value: string = next.value;
      if (value.startsWith(prefix)) return value.slice(prefix.length);
    }
  };
  const cpu = async (): Promise<{ micros: number; loopP99: number }> => {
    child.stdin.write('cpu\n');
    const [user = 0, system = 0, loop = 0] = (await nextLine('cpu ')).split(' ').map(Number);
    return { micros: user + system, loopP99: loop };
  };

  try {
    const url = await nextLine('url ');
    let histogram = new Histogram();
    let stageSent = new Map<string, number>();
    const acked = new Set<string>();
    let errors = 0;
    const clients: Client[] = [];

    const onFrame = (client: Client, frame: SingleServerFrame, at: number): void => {
      if (frame.type === 'chat') {
        const sentAt = stageSent.get(frame.message.text);
        if (sentAt !== undefined) {
          histogram.add(at - sentAt);
          client.received.add(frame.message.text);
        }
      } else if (frame.type === 'ack') {
        acked.add(frame.id);
      } else if (frame.type === 'error') {
        errors += 1;
      }
    };

    for (let start = 0; start < VIEWERS; start += CONNECT_BATCH) {
      await Promise.all(
        Array.from({ length: Math.min(CONNECT_BATCH, VIEWERS - start) }, (_, k) => {
          const index = start + k;
          return new Promise<void>((resolve, reject) => {
            const ws = new WebSocket(url);
            const client: Client = { ws, index, received: new Set() };
            ws.on('message', (data) => {
              const at = now();
              const frame = JSON.parse(wsText(data)) as
                SingleServerFrame | { type: 'batch'; frames: SingleServerFrame[] };
              if (frame.type === 'welcome') resolve();
              if (frame.type === 'batch') {
                for (const inner of frame.frames) {
                  if (inner.type === 'welcome') resolve();
                  onFrame(client, inner, at);
                }
              } else onFrame(client, frame, at);
            });
            ws.once('error', reject);
            ws.once('open', () =>
              ws.send(
                JSON.stringify({
                  type: 'join',
                  protocol: 1,
                  deviceToken: `bench-device-${String(index).padStart(6, '0')}`,
                  name: `Viewer ${String(index)}`,
                }),
              ),
            );
            clients.push(client);
          });
        }),
      );
    }

    let seq = 0;
    const stages = [];
    for (const stage of STAGES) {
      histogram = new Histogram();
      stageSent = new Map();
      for (const client of clients) client.received.clear();
      const before = await cpu();
      const startedAt = now();
      const endAt = startedAt + stage.seconds * 1_000;
      let chatDue = 0;
      let reactDue = 0;
      let chatsSent = 0;
      const stageIds: string[] = [];
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          const t = now();
          const elapsed = (t - startedAt) / 1_000;
          while (chatDue < Math.min(elapsed, stage.seconds) * stage.chatPerSecond) {
            chatDue += 1;
            seq += 1;
            const id = `bench${String(seq).padStart(10, '0')}`;
            const text = `m${String(seq)}`;
            stageSent.set(text, now());
            stageIds.push(id);
            clients[seq % SENDERS]?.ws.send(JSON.stringify({ type: 'chat', id, text }));
            chatsSent += 1;
          }
          while (reactDue < Math.min(elapsed, stage.seconds) * REACTIONS_PER_SECOND) {
            reactDue += 1;
            seq += 1;
            const client = clients[reactDue % clients.length];
            client?.ws.send(
              JSON.stringify({
                type: 'react',
                id: `bench${String(seq).padStart(10, '0')}`,
                reaction: REACTIONS[seq % REACTIONS.length],
              }),
            );
          }
          if (t >= endAt) {
            clearInterval(timer);
            resolve();
          }
        }, TICK_MS);
      });
      // Let the last batches arrive (bounded), then count.
      const drainUntil = now() + 3_000;
      while (now() < drainUntil && stageIds.some((id) => !acked.has(id)))
        await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 300));
      const after = await cpu();
      const ackedChats = stageIds.filter((id) => acked.has(id)).length;
      let lost = 0;
      for (const client of clients) lost += Math.max(0, ackedChats - client.received.size);
      const wallMs = now() - startedAt;
      stages.push({
        chatPerSecond: stage.chatPerSecond,
        reactionsPerSecond: REACTIONS_PER_SECOND,
        seconds: stage.seconds,
        chatsSent,
        chatsAcked: ackedChats,
        deliveries: histogram.total,
        deliveredLatencyMs: { p50: histogram.percentile(50), p99: histogram.percentile(99) },
        lostDeliveries: lost,
        serverCpuPercentOfOneCore:
          Math.round(((after.micros - before.micros) / 1_000 / wallMs) * 1_000) / 10,
        serverEventLoopDelayP99Ms: after.loopP99,
      });
    }

    for (const client of clients) client.ws.terminate();
    child.stdin.write('stop\n');
    const events = Number(await nextLine('events '));
    return {
      viewers: VIEWERS,
      senders: SENDERS,
      stages,
      errorFrames: errors,
      eventsStored: events,
    };
  } finally {
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await run(), null, 2));
}
