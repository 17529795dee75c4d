import { ServerFrame, fail, type Envelope, type Transport } from '../../shared/contract';
import { binaryPart, encodeBinaryInvoke } from '../../shared/contract/binary-wire';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface WebSocketTransport extends Transport {
  /** Calls `listener` with the current state at once, then on every change. */
  onState: (listener: (state: ConnectionState) => void) => () => void;
  close: () => void;
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 5_000;
const CALL_TIMEOUT_MS = 60_000;

/**
 * The studio API over the browser host's WebSocket. Calls made while the socket is down wait for
 * it; calls in flight when it drops fail with UNAVAILABLE (the core may or may not have run them,
 * so the caller decides whether to retry). Reconnects with capped backoff.
 */
export function createWebSocketTransport(url: string): WebSocketTransport {
  let socket: WebSocket | null = null;
  let nextId = 1;
  let closedByUser = false;
  let delay = RECONNECT_MIN_MS;
  const inFlight = new Map<number, (envelope: Envelope<unknown>) => void>();
  const queued: (string | Uint8Array)[] = [];
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();

  let state: ConnectionState = 'connecting';
  const setState = (next: ConnectionState): void => {
    state = next;
    for (const listener of stateListeners) listener(next);
  };

  const connect = (): void => {
    setState('connecting');
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      delay = RECONNECT_MIN_MS;
      setState('open');
      for (const frame of queued.splice(0)) ws.send(frame);
    };
    ws.onmessage = (message) => {
      let parsed: ReturnType<typeof ServerFrame.safeParse>;
      try {
        parsed = ServerFrame.safeParse(JSON.parse(String(message.data)));
      } catch {
        return;
      }
      if (!parsed.success) return;
      const frame = parsed.data;
      if (frame.type === 'result') {
        const resolve = inFlight.get(frame.id);
        inFlight.delete(frame.id);
        resolve?.(frame.envelope);
      } else {
        for (const listener of eventListeners.get(frame.event) ?? []) listener(frame.payload);
      }
    };
    ws.onclose = () => {
      socket = null;
      for (const [id, resolve] of inFlight) {
        inFlight.delete(id);
        resolve(fail('UNAVAILABLE', 'the connection to the studio was lost'));
      }
      setState('closed');
      if (closedByUser) return;
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, RECONNECT_MAX_MS);
    };
  };
  connect();

  return {
    invoke(method, input) {
      const id = nextId++;
      // Bytes (recording chunks) go as one binary frame, never as base64 in JSON.
      const binary = binaryPart(input);
      const frame = binary
        ? encodeBinaryInvoke({ type: 'invoke', id, method, input: binary.rest }, binary.bytes)
        : JSON.stringify({ type: 'invoke', id, method, input });
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          inFlight.delete(id);
          resolve(fail('UNAVAILABLE', `${method} got no answer from the studio`));
        }, CALL_TIMEOUT_MS);
        inFlight.set(id, (envelope) => {
          clearTimeout(timer);
          resolve(envelope);
        });
        if (socket?.readyState === WebSocket.OPEN) socket.send(frame);
        else queued.push(frame);
      });
    },
    on(event, listener) {
      const set = eventListeners.get(event) ?? new Set();
      set.add(listener);
      eventListeners.set(event, set);
      return () => set.delete(listener);
    },
    onState(listener) {
      // A subscriber that arrives after the socket opened still learns that it is open.
      listener(state);
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    close() {
      closedByUser = true;
      socket?.close();
    },
  };
}
