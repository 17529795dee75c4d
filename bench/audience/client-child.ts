// One client process of the audience benchmark: a share of the viewers, doing only what a phone
// needs and what the measurement needs. A receiver does not parse the class's frames: it finds
// each chat text (which carries its send time) and reads the number. A sender keeps each chat's
// id in a Map until its ack or refusal arrives (those come as small messages of their own, the
// only ones parsed). Commands arrive over IPC (bench/audience/protocol.ts); the process exits
// when its parent goes away.
import WebSocket from 'ws';
import { REACTIONS } from '../../src/shared/contract/audience-protocol';
import {
  CHAT_MARK,
  wallNow,
  type ClientCommand,
  type ClientEvent,
  type ClientStats,
} from './protocol';

const HISTOGRAM_MS = 60_000;
const JOIN_TIMEOUT_MS = 20_000;
const CONNECT_CONCURRENCY = 50;
const SEND_TICK_MS = 10;

interface Viewer {
  ws: WebSocket;
  joined: boolean;
}

const viewers: Viewer[] = [];
let histogram = new Uint32Array(HISTOGRAM_MS + 1);
let delivered = 0;
let socketErrors = 0;
let closedEarly = 0;
let measuring = false;
let closing = false;
/** Chats and reactions awaiting their answer, by client id. */
const pendingChat = new Map<string, true>();
const pendingReact = new Map<string, true>();
const counts = {
  chat: { sent: 0, acknowledged: 0, refused: {} as Record<string, number> },
  reactions: { sent: 0, acknowledged: 0, refused: {} as Record<string, number> },
};
let cpuAtReset = process.cpuUsage();
let wallAtReset = wallNow();
let seq = 0;

const send = (event: ClientEvent): void => {
  process.send?.(event);
};

function answered(id: string, refusal: string | null): void {
  const kind = pendingChat.delete(id)
    ? counts.chat
    : pendingReact.delete(id)
      ? counts.reactions
      : null;
  if (!kind) return;
  if (refusal === null) kind.acknowledged += 1;
  else kind.refused[refusal] = (kind.refused[refusal] ?? 0) + 1;
}

interface Answer {
  type: string;
  id?: string | null;
  code?: string;
  frames?: Answer[];
}

function onMessage(viewer: Viewer, text: string): void {
  const at = wallNow();
  if (!viewer.joined && text.includes('"type":"welcome"')) viewer.joined = true;
  // Acks and refusals: small messages of their own (a batch of replies at most).
  if (
    (pendingChat.size > 0 || pendingReact.size > 0) &&
    (text.includes('"type":"ack"') || text.includes('"type":"error"'))
  ) {
    const frame = JSON.parse(text) as Answer;
    for (const inner of frame.type === 'batch' ? (frame.frames ?? []) : [frame]) {
      if (inner.type === 'ack' && inner.id) answered(inner.id, null);
      else if (inner.type === 'error' && inner.id) answered(inner.id, inner.code ?? 'unknown');
    }
  }
  if (!measuring) return;
  // Chat deliveries: read the send time after each mark, nothing else.
  for (let i = text.indexOf(CHAT_MARK); i >= 0; i = text.indexOf(CHAT_MARK, i + 1)) {
    const start = i + CHAT_MARK.length;
    const end = text.indexOf('|', start);
    const sentAt = Number(text.slice(start, end));
    if (!Number.isFinite(sentAt)) continue;
    delivered += 1;
    const ms = Math.max(0, Math.min(HISTOGRAM_MS, Math.round(at - sentAt)));
    histogram[ms] = (histogram[ms] ?? 0) + 1;
  }
}

function connectOne(url: string, index: number, tag: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    const viewer: Viewer = { ws, joined: false };
    let done = false;
    const finish = (ok: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (ok) viewers.push(viewer);
      else ws.terminate();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), JOIN_TIMEOUT_MS);
    ws.on('message', (data: Buffer) => {
      onMessage(viewer, data.toString('utf8'));
      if (viewer.joined) finish(true);
    });
    // ECONNRESET and friends are expected when a server stops: counted, never thrown.
    ws.on('error', () => {
      socketErrors += 1;
      finish(false);
    });
    ws.on('close', () => {
      if (!closing && done) closedEarly += 1;
      finish(false);
    });
    ws.once('open', () =>
      ws.send(
        JSON.stringify({
          type: 'join',
          protocol: 1,
          deviceToken: `bench-${tag}-${String(index).padStart(8, '0')}`,
          name: `Viewer ${String(index)}`,
        }),
      ),
    );
  });
}

async function connect(url: string, from: number, count: number, tag: string): Promise<void> {
  closing = false;
  let joined = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = from + next++;
      if (await connectOne(url, index, tag)) joined += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, count) }, worker));
  send({ ev: 'connected', joined, failed: count - joined });
}

function reset(): void {
  histogram = new Uint32Array(HISTOGRAM_MS + 1);
  delivered = 0;
  pendingChat.clear();
  pendingReact.clear();
  for (const kind of [counts.chat, counts.reactions]) {
    kind.sent = 0;
    kind.acknowledged = 0;
    kind.refused = {};
  }
  socketErrors = 0;
  closedEarly = 0;
  measuring = true;
  cpuAtReset = process.cpuUsage();
  wallAtReset = wallNow();
}

/** Sends at the given rates, spread round-robin over this process's viewers, for `seconds`. */
async function run(
  seconds: number,
  chatPerSecond: number,
  reactionsPerSecond: number,
): Promise<void> {
  const started = wallNow();
  let chats = 0;
  let reactions = 0;
  let turn = 0;
  const nextViewer = (): Viewer | undefined => viewers[turn++ % Math.max(1, viewers.length)];
  for (;;) {
    const elapsed = Math.min(seconds, (wallNow() - started) / 1_000);
    while (chats < Math.floor(elapsed * chatPerSecond)) {
      chats += 1;
      const viewer = nextViewer();
      if (!viewer || viewer.ws.readyState !== WebSocket.OPEN) continue;
      const id = `bc${String(process.pid)}-${String(++seq)}`;
      pendingChat.set(id, true);
      counts.chat.sent += 1;
      const text = `b|${wallNow().toFixed(3)}|${id}`;
      viewer.ws.send(`{"type":"chat","id":"${id}","text":"${text}"}`);
    }
    while (reactions < Math.floor(elapsed * reactionsPerSecond)) {
      reactions += 1;
      const viewer = nextViewer();
      if (!viewer || viewer.ws.readyState !== WebSocket.OPEN) continue;
      const id = `br${String(process.pid)}-${String(++seq)}`;
      pendingReact.set(id, true);
      counts.reactions.sent += 1;
      const reaction = REACTIONS[seq % REACTIONS.length] ?? 'heart';
      viewer.ws.send(`{"type":"react","id":"${id}","reaction":"${reaction}"}`);
    }
    if (elapsed >= seconds) break;
    await new Promise((resolve) => setTimeout(resolve, SEND_TICK_MS));
  }
  send({ ev: 'ran' });
}

function stats(): ClientStats {
  const cpu = process.cpuUsage(cpuAtReset);
  const buckets: [number, number][] = [];
  for (let ms = 0; ms <= HISTOGRAM_MS; ms++) {
    const n = histogram[ms] ?? 0;
    if (n > 0) buckets.push([ms, n]);
  }
  return {
    viewers: viewers.length,
    chat: { ...counts.chat, pending: pendingChat.size },
    reactions: { ...counts.reactions, pending: pendingReact.size },
    delivered,
    histogram: buckets,
    socketErrors,
    closedEarly,
    cpuMicros: cpu.user + cpu.system,
    wallMs: wallNow() - wallAtReset,
  };
}

function close(): void {
  closing = true;
  measuring = false;
  for (const viewer of viewers.splice(0)) viewer.ws.terminate();
  send({ ev: 'closed' });
}

process.on('message', (command: ClientCommand) => {
  const fail = (error: unknown): void => {
    console.error('bench client:', error);
    process.exit(1);
  };
  try {
    if (command.cmd === 'connect')
      connect(command.url, command.from, command.count, command.tag).catch(fail);
    else if (command.cmd === 'reset') reset();
    else if (command.cmd === 'run')
      run(command.seconds, command.chatPerSecond, command.reactionsPerSecond).catch(fail);
    else if (command.cmd === 'stats') send({ ev: 'stats', stats: stats() });
    else close();
  } catch (error) {
    fail(error);
  }
});
process.on('disconnect', () => process.exit(0));
send({ ev: 'ready' });
