import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { SingleServerFrame } from '../../src/shared/contract/audience-protocol';
import {
  connectViewer,
  eventually,
  joinViewer,
  liveSession,
  newDeviceToken,
  startStudio,
  TEST_TUNING,
  useLiveCleanup,
} from '../helpers/audience';
import { useTempDirs } from '../helpers/temp-dir';

// Connection and identity limits of the audience server, with small tuned caps. Another client
// is simulated by a second loopback source address (127.0.0.2); all traffic stays on loopback.

const tempDir = useTempDirs();
const { studios, viewers } = useLiveCleanup();
const OTHER = '127.0.0.2';

/** Opens a socket that sends half a request head and then nothing. */
function halfOpen(
  port: number,
  localAddress = '127.0.0.1',
): Promise<{ socket: Socket; closed: () => boolean }> {
  return new Promise((resolve, reject) => {
    let closed = false;
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    socket.on('close', () => (closed = true));
    socket.on('error', () => undefined);
    socket.once('connect', () => {
      socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      resolve({ socket, closed: () => closed });
    });
    socket.once('error', reject);
  });
}

describe('audience server connection limits', () => {
  it('closes half-open and unjoined sockets past the caps and timeouts; other clients still join', async () => {
    const studio = startStudio(tempDir(), {
      audience: {
        host: '127.0.0.1',
        port: 0,
        tuning: { ...TEST_TUNING, joinTimeoutMs: 400 },
        limits: {
          trustLoopback: false,
          maxPendingPerAddress: 4,
          maxSocketsPerAddress: 16,
          headersTimeoutMs: 800,
          requestTimeoutMs: 1_000,
          idleTimeoutMs: 800,
          timeoutCheckMs: 100,
        },
      },
    });
    studios.push(studio);
    const { wsUrl, port } = await liveSession(studio);

    const slow: { socket: Socket; closed: () => boolean }[] = [];
    let same: Awaited<ReturnType<typeof joinViewer>> | undefined;
    for (let i = 0; i < 20; i++) slow.push(await halfOpen(port));
    try {
      // Only the per-address cap's worth is held; the others are cut at once.
      await eventually(() => slow.filter((s) => s.closed()).length >= 16, 15_000);
      expect(slow.filter((s) => !s.closed()).length).toBeLessThanOrEqual(4);

      // Another address is not locked out while they are held.
      const other = await joinViewer(wsUrl, { localAddress: OTHER, name: 'Other' });
      viewers.push(other);
      expect((await other.act({ type: 'chat', text: 'from another address' })).type).toBe('ack');

      // The held ones time out (header timeout, ~1 s); then this address joins again too. The
      // wait is generous: on a loaded CI machine the event loop can stall for seconds, and the
      // poll would otherwise give up before the server's own timeout check had a turn.
      await eventually(() => slow.every((s) => s.closed()), 15_000);
      same = await joinViewer(wsUrl, { name: 'Same' });
      viewers.push(same);
      expect((await same.act({ type: 'chat', text: 'back in' })).type).toBe('ack');
    } finally {
      for (const s of slow) s.socket.destroy();
    }

    // A WebSocket that never sends `join` is closed after the join timeout.
    const silent = await connectViewer(wsUrl);
    viewers.push(silent);
    const { code } = await silent.closed;
    expect(code).toBe(1006);
    // ...while a joined viewer is kept.
    expect(same.ws.readyState).toBe(same.ws.OPEN);
  });

  it('refuses a burst of new device tokens from one address, never a returning device', async () => {
    const studio = startStudio(tempDir(), {
      audience: {
        host: '127.0.0.1',
        port: 0,
        tuning: TEST_TUNING,
        limits: { trustLoopback: false, newIdentitiesPerMinute: 3, newIdentityBurst: 3 },
      },
    });
    studios.push(studio);
    const { wsUrl } = await liveSession(studio);

    const returning = await joinViewer(wsUrl, { localAddress: OTHER, name: 'Returning' });
    const returningToken = returning.deviceToken;
    await returning.close();

    const welcomed: string[] = [];
    const refused: Extract<SingleServerFrame, { type: 'error' }>[] = [];
    for (let i = 0; i < 6; i++) {
      const viewer = await connectViewer(wsUrl, { localAddress: OTHER });
      viewers.push(viewer);
      viewer.send({ type: 'join', protocol: 1, deviceToken: newDeviceToken(), name: `Bot ${i}` });
      const reply = await viewer.waitFor((f) => f.type === 'welcome' || f.type === 'error');
      if (reply.type === 'welcome') welcomed.push(reply.viewerId);
      else refused.push(reply);
    }
    // Three new identities per minute, the first of which the returning device took.
    expect(welcomed).toHaveLength(2);
    expect(refused).toHaveLength(4);
    for (const error of refused) {
      expect(error.code).toBe('RATE_LIMITED');
      expect(error.message).toMatch(/new viewers/);
      expect(error.retryAfterMs).toBeGreaterThan(0);
    }

    // A device seen before is welcome whatever the rate, and so is a new one from elsewhere.
    const back = await joinViewer(wsUrl, { localAddress: OTHER, deviceToken: returningToken });
    viewers.push(back);
    expect(back.viewerId).toBe(returning.viewerId);
    expect((await back.act({ type: 'chat', text: 'I am back' })).type).toBe('ack');
    const elsewhere = await joinViewer(wsUrl, { name: 'Elsewhere' });
    viewers.push(elsewhere);
  });
});
