import type { SingleServerFrame } from '../../shared/contract/audience-protocol';
import type { StreamControlFrame } from '../../shared/contract/stream-protocol';

/**
 * Light checks of what the audience server sends, instead of its zod schemas: the server built
 * and validated every frame, so the page only makes sure that a frame has the shape it reads
 * (a known type, and the fields the page dereferences) before it touches it. Keeping the schema
 * library off the page saves a phone most of its download (see audience-constants.ts).
 */

type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array';
/** A field's kind; `?` after it: may be absent; `|null`: may be null. */
type FieldRule = Kind | `${Kind}?` | `${Kind}|null`;

/** Every server frame type has its rule: a new frame type without one does not compile. */
const SERVER_FRAME_FIELDS: {
  readonly [T in SingleServerFrame['type']]: Record<string, FieldRule>;
} = {
  welcome: { viewerId: 'string', session: 'object', state: 'object', webrtc: 'boolean?' },
  ack: { id: 'string', duplicate: 'boolean' },
  error: { id: 'string|null', code: 'string', message: 'string', retryAfterMs: 'number|null' },
  session: { session: 'object' },
  chat: { message: 'object' },
  chatRemoved: { messageId: 'string' },
  question: { question: 'object' },
  poll: { run: 'object|null' },
  reactions: { totals: 'object' },
  offer: { offer: 'object|null' },
  lottery: { draw: 'object' },
  checkin: { checkin: 'object|null' },
  announcement: { announcement: 'object' },
  viewers: { count: 'number' },
  pong: { t: 'number' },
  'rtc.caps': { id: 'string', rtpCapabilities: 'object' },
  'rtc.transport': { id: 'string', transport: 'object' },
  'rtc.consumers': { id: 'string', consumers: 'array' },
  'rtc.ok': { id: 'string' },
  'rtc.state': { kinds: 'array' },
  'rtc.closed': { reason: 'string' },
  goodbye: { reason: 'string', opensAt: 'number?' },
  survey: { survey: 'object|null' },
  leaderboard: { board: 'object|null' },
  myPoints: { mine: 'object|null' },
};

const STREAM_FRAME_FIELDS: {
  readonly [T in StreamControlFrame['type']]: Record<string, FieldRule>;
} = {
  hello: { live: 'boolean' },
  init: { mimeType: 'string' },
  skip: {},
  ended: {},
  unavailable: { reason: 'string' },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): Kind | 'null' | 'undefined' | 'other' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return Number.isFinite(value) ? 'number' : 'other';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'object';
    case 'undefined':
      return 'undefined';
    default:
      return 'other';
  }
}

function fits(value: unknown, rule: FieldRule): boolean {
  const kind = kindOf(value);
  if (rule.endsWith('?')) return kind === 'undefined' || kind === rule.slice(0, -1);
  if (rule.endsWith('|null')) return kind === 'null' || kind === rule.slice(0, -5);
  return kind === rule;
}

function matches(
  value: unknown,
  rules: Readonly<Record<string, Record<string, FieldRule> | undefined>>,
): boolean {
  if (!isRecord(value) || typeof value.type !== 'string') return false;
  if (!Object.hasOwn(rules, value.type)) return false;
  const fields = rules[value.type];
  if (!fields) return false;
  return Object.entries(fields).every(([name, rule]) => fits(value[name], rule));
}

export function isServerFrame(value: unknown): value is SingleServerFrame {
  return matches(value, SERVER_FRAME_FIELDS);
}

/**
 * The frames in one message from the audience server (a `batch` unpacked), or null when the
 * message is not one; a batch's unreadable frames are left out, the others kept.
 */
export function readServerFrames(text: string): SingleServerFrame[] | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (isRecord(value) && value.type === 'batch') {
    if (!Array.isArray(value.frames)) return null;
    return (value.frames as unknown[]).filter(isServerFrame);
  }
  return isServerFrame(value) ? [value] : null;
}

/** A control frame of the HTTP stream path, or null. */
export function readStreamControl(text: string): StreamControlFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return matches(value, STREAM_FRAME_FIELDS) ? (value as StreamControlFrame) : null;
}
