// The audience benchmark's baseline: a bare `ws` server (no database, no validation beyond
// JSON.parse) speaking just enough of the audience protocol for the benchmark's clients — join →
// welcome; chat → ack to the sender and the message to the class; react → ack, totals to the
// class every 250 ms. Per window it frames the class's frames ONCE and writes that Buffer to every
// client; acks go in a small message of their own to their sender. In its own process, so its
// CPU is measured like the studio's. argv[2]: the window in ms. Speaks bench/audience/protocol.ts.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { loopDelayMeter, type ServerCommand, type ServerEvent } from './protocol';

const windowMs = Number(process.argv[2] ?? '50');
const send = (event: ServerEvent): void => {
  process.send?.(event);
};

interface Client {
  ws: WebSocket;
  joined: boolean;
  own: string[];
}

const clients = new Set<Client>();
let shared: string[] = [];
let messages = 0;
let reactions = 0;
let reactionsDirty = false;

const framed = (frames: string[]): string =>
  frames.length === 1 ? (frames[0] ?? '') : `{"type":"batch","frames":[${frames.join(',')}]}`;

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
wss.on('connection', (ws) => {
  const client: Client = { ws, joined: false, own: [] };
  clients.add(client);
  ws.on('error', () => undefined);
  ws.on('close', () => clients.delete(client));
  ws.on('message', (data: Buffer) => {
    let frame: { type?: string; id?: string; text?: string; name?: string };
    try {
      frame = JSON.parse(data.toString('utf8')) as typeof frame;
    } catch {
      return;
    }
    if (frame.type === 'join') {
      client.joined = true;
      client.own.push('{"type":"welcome"}');
    } else if (frame.type === 'chat' && typeof frame.id === 'string') {
      client.own.push(JSON.stringify({ type: 'ack', id: frame.id, duplicate: false }));
      messages += 1;
      shared.push(
        JSON.stringify({
          type: 'chat',
          message: { id: `m${String(messages)}`, viewerId: 'v', name: 'Viewer', text: frame.text },
        }),
      );
    } else if (frame.type === 'react' && typeof frame.id === 'string') {
      client.own.push(JSON.stringify({ type: 'ack', id: frame.id, duplicate: false }));
      reactions += 1;
      reactionsDirty = true;
    }
  });
});

const flush = setInterval(() => {
  const whole = shared.length > 0 ? Buffer.from(framed(shared), 'utf8') : null;
  shared = [];
  for (const client of clients) {
    if (client.own.length > 0) {
      client.ws.send(framed(client.own));
      client.own = [];
    }
    if (whole && client.joined) client.ws.send(whole, { binary: false });
  }
}, windowMs);
const tick = setInterval(() => {
  if (!reactionsDirty) return;
  reactionsDirty = false;
  shared.push(JSON.stringify({ type: 'reactions', totals: { heart: reactions } }));
}, 250);

const stop = (): void => {
  clearInterval(flush);
  clearInterval(tick);
  for (const client of clients) client.ws.terminate();
  wss.close();
};
process.on('disconnect', () => {
  stop();
  process.exit(0);
});
const loopDelay = loopDelayMeter();
process.on('message', (command: ServerCommand) => {
  if (command.cmd === 'cpu') {
    const cpu = process.cpuUsage();
    const loopDelayMs = loopDelay();
    send({ ev: 'cpu', micros: cpu.user + cpu.system, ...(loopDelayMs ? { loopDelayMs } : {}) });
  } else if (command.cmd === 'rows') {
    send({ ev: 'rows', chat: messages, reactions });
  } else {
    stop();
    send({ ev: 'stopped' });
    process.exit(0);
  }
});
wss.on('listening', () => {
  const port = (wss.address() as AddressInfo).port;
  send({ ev: 'url', url: `ws://127.0.0.1:${String(port)}/` });
});
