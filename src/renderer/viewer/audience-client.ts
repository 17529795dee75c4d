import type {
  AudienceErrorCode,
  RtcRequest,
  SingleServerFrame,
  ViewerFrame,
} from '../../shared/contract/audience-protocol';
import { AUDIENCE_PROTOCOL_VERSION } from '../../shared/contract/audience-constants';
import { readServerFrames } from './frame-guards';

export type LinkState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface JoinDetails {
  name: string;
  language: 'zh-CN' | 'en';
  contact?: { email?: string; phone?: string };
  consent?: { linkPurchases: boolean; followUp: boolean };
}

type ActionFrame = Extract<ViewerFrame, { id: string }>;
/** An action as the page composes it; the client adds the id. */
export type ActionInput = ActionFrame extends infer F
  ? F extends ActionFrame
    ? Omit<F, 'id'>
    : never
  : never;

export interface AudienceClientEvents {
  frame: (frame: SingleServerFrame) => void;
  link: (state: LinkState) => void;
  /** Actions sent but not yet acknowledged (they are resent after a reconnect). */
  pending: (count: number) => void;
}

const DEVICE_KEY = 'encore.device';
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 8_000;
/** A class not open yet is asked again at its opening time, or this often (clocks differ). */
const NOT_OPEN_RECHECK_MAX_MS = 60_000;
const PING_EVERY_MS = 15_000;
/** A WebRTC request unanswered this long has failed (the page then uses the HTTP stream). */
const REQUEST_TIMEOUT_MS = 10_000;

/** A request answered with an `error` frame, or lost with the socket. */
export class RequestError extends Error {
  constructor(
    readonly code: AudienceErrorCode | 'LINK_LOST' | 'TIMEOUT',
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

type RequestInput = RtcRequest extends infer F
  ? F extends RtcRequest
    ? Omit<F, 'id'>
    : never
  : never;
type Reply = Extract<SingleServerFrame, { id: string }>;

/** A per-browser token: what identifies this device to the class (and what a ban applies to). */
export function deviceToken(storage: Storage = localStorage): string {
  let token = storage.getItem(DEVICE_KEY);
  if (!token || !/^[A-Za-z0-9_-]{16,128}$/.test(token)) {
    const bytes = crypto.getRandomValues(new Uint8Array(18));
    token = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    storage.setItem(DEVICE_KEY, token);
  }
  return token;
}

let sequence = 0;
/** Time-ordered and unique per device: sorts well in SQLite's index and never repeats. */
export function newActionId(): string {
  sequence = (sequence + 1) % 1_679_616;
  const random = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
  return `${Date.now().toString(36)}${sequence.toString(36).padStart(4, '0')}${random.toString(36)}`;
}

/**
 * One viewer's connection to the class: joins, keeps a heartbeat, reconnects with backoff, and
 * resends unacknowledged actions with their original ids after a reconnect (the server stores
 * each id once). Stops for good when the server says goodbye (banned, ended, cancelled).
 */
export class AudienceClient {
  readonly #url: string;
  readonly #join: ViewerFrame;
  readonly #listeners: { [K in keyof AudienceClientEvents]: Set<AudienceClientEvents[K]> } = {
    frame: new Set(),
    link: new Set(),
    pending: new Set(),
  };
  readonly #unacked = new Map<string, string>();
  readonly #requests = new Map<
    string,
    { resolve: (frame: Reply) => void; reject: (error: RequestError) => void; timer: number }
  >();
  #socket: WebSocket | null = null;
  #delay = RECONNECT_MIN_MS;
  #stopped = false;
  #ping: ReturnType<typeof setInterval> | null = null;

  static create(url: string, details: JoinDetails): AudienceClient {
    return new AudienceClient(url, details);
  }

  private constructor(url: string, details: JoinDetails) {
    this.#url = url;
    this.#join = {
      type: 'join',
      protocol: AUDIENCE_PROTOCOL_VERSION,
      deviceToken: deviceToken(),
      name: details.name,
      language: details.language,
      ...(details.contact ? { contact: details.contact } : {}),
      ...(details.consent ? { consent: details.consent } : {}),
    };
    this.#connect('connecting');
  }

  on<K extends keyof AudienceClientEvents>(
    event: K,
    listener: AudienceClientEvents[K],
  ): () => void {
    this.#listeners[event].add(listener);
    return () => this.#listeners[event].delete(listener);
  }

  /** Sends an action; returns its id. Kept until the server acknowledges it. */
  send(action: ActionInput): string {
    const id = newActionId();
    const text = JSON.stringify({ ...action, id });
    this.#unacked.set(id, text);
    this.#emitPending();
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(text);
    return id;
  }

  /**
   * Sends a WebRTC signalling request and resolves with the frame that answers it. Unlike
   * actions, requests are not resent after a reconnect: they fail, and the caller starts over.
   */
  request(input: RequestInput, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Reply> {
    const id = newActionId();
    return new Promise<Reply>((resolve, reject) => {
      if (this.#socket?.readyState !== WebSocket.OPEN) {
        reject(new RequestError('LINK_LOST', 'not connected'));
        return;
      }
      const timer = window.setTimeout(() => {
        this.#requests.delete(id);
        reject(new RequestError('TIMEOUT', `${input.type} was not answered`));
      }, timeoutMs);
      this.#requests.set(id, { resolve, reject, timer });
      this.#socket.send(JSON.stringify({ ...input, id }));
    });
  }

  stop(): void {
    this.#stopped = true;
    this.#socket?.close();
    this.#emit('link', 'closed');
  }

  #connect(state: LinkState): void {
    if (this.#stopped) return;
    this.#emit('link', state);
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    socket.onopen = () => {
      this.#delay = RECONNECT_MIN_MS;
      socket.send(JSON.stringify(this.#join));
      // Whatever was not acknowledged before the drop goes again, with the same ids.
      for (const text of this.#unacked.values()) socket.send(text);
      this.#ping = setInterval(
        () => socket.send(JSON.stringify({ type: 'ping', t: Date.now() })),
        PING_EVERY_MS,
      );
      this.#emit('link', 'open');
    };
    socket.onmessage = (message) => {
      const frames = readServerFrames(String(message.data));
      for (const frame of frames ?? []) this.#handle(frame);
    };
    socket.onclose = () => {
      if (this.#ping) clearInterval(this.#ping);
      this.#socket = null;
      for (const [id, pending] of this.#requests) {
        clearTimeout(pending.timer);
        this.#requests.delete(id);
        pending.reject(new RequestError('LINK_LOST', 'the connection dropped'));
      }
      if (this.#stopped) return;
      setTimeout(() => this.#connect('reconnecting'), this.#delay);
      this.#delay = Math.min(this.#delay * 2, RECONNECT_MAX_MS);
      this.#emit('link', 'reconnecting');
    };
  }

  #handle(frame: SingleServerFrame): void {
    const pending = 'id' in frame && frame.id !== null ? this.#requests.get(frame.id) : undefined;
    if (pending && 'id' in frame && frame.id !== null) {
      // The answer to a request goes to its caller only, never to the page's notices.
      this.#requests.delete(frame.id);
      clearTimeout(pending.timer);
      if (frame.type === 'error') pending.reject(new RequestError(frame.code, frame.message));
      else pending.resolve(frame);
      return;
    }
    if (frame.type === 'ack' || (frame.type === 'error' && frame.id !== null)) {
      const id = frame.type === 'ack' ? frame.id : frame.id;
      if (id !== null && this.#unacked.delete(id)) this.#emitPending();
    }
    if (
      frame.type === 'goodbye' &&
      (frame.reason === 'banned' || frame.reason === 'ended' || frame.reason === 'cancelled')
    ) {
      this.#stopped = true;
    }
    if (frame.type === 'goodbye' && frame.reason === 'not-open') {
      // The server closes the socket next; come back when the warm-up opens, not in 500 ms.
      const wait = (frame.opensAt ?? 0) - Date.now();
      this.#delay = Math.min(Math.max(wait, RECONNECT_MIN_MS), NOT_OPEN_RECHECK_MAX_MS);
    }
    this.#emit('frame', frame);
  }

  #emitPending(): void {
    this.#emit('pending', this.#unacked.size);
  }

  #emit<K extends keyof AudienceClientEvents>(
    event: K,
    ...args: Parameters<AudienceClientEvents[K]>
  ): void {
    for (const listener of this.#listeners[event])
      (listener as (...a: typeof args) => void)(...args);
  }
}
