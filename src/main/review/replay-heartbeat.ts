// What a learner's replay page reports (POST /j/<code>/replay/watch): the spans of the class's
// timeline it played since its last report. Learners' browsers are untrusted, so a report is
// checked whole before anything is stored: its size, its device token, a sequence number that
// only grows, a bounded count of spans, each inside the recording, in order and not
// overlapping, and no more played time than a report can honestly cover.

export interface Span {
  startMs: number;
  endMs: number;
}

export interface Heartbeat {
  deviceToken: string;
  seq: number;
  spans: Span[];
}

/** The page reports every 10 s; a report may carry a little more after a short outage. */
export const HEARTBEAT_MAX_BYTES = 2_048;
export const HEARTBEAT_MAX_SPANS = 16;
/** Played time one report may claim: 10 s at up to 2× speed, plus reports held back offline. */
export const HEARTBEAT_MAX_PLAYED_MS = 120_000;

export class HeartbeatError extends Error {
  constructor(
    readonly status: number,
    readonly code: 'BAD_REQUEST' | 'TOO_LARGE' | 'OUT_OF_RANGE' | 'STALE' | 'RATE_LIMITED',
    message: string,
  ) {
    super(message);
    this.name = 'HeartbeatError';
  }
}

const DEVICE_TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses and checks a report against a recording of `durationMs`; throws HeartbeatError. */
export function parseHeartbeat(body: string, durationMs: number): Heartbeat {
  if (Buffer.byteLength(body, 'utf8') > HEARTBEAT_MAX_BYTES) {
    throw new HeartbeatError(
      413,
      'TOO_LARGE',
      `a report is at most ${String(HEARTBEAT_MAX_BYTES)} bytes`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new HeartbeatError(400, 'BAD_REQUEST', 'a report is a JSON object');
  }
  if (!isRecord(value)) throw new HeartbeatError(400, 'BAD_REQUEST', 'a report is a JSON object');
  const { deviceToken, seq, spans } = value;
  if (typeof deviceToken !== 'string' || !DEVICE_TOKEN.test(deviceToken)) {
    throw new HeartbeatError(400, 'BAD_REQUEST', 'deviceToken: expected 16–128 letters or digits');
  }
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) {
    throw new HeartbeatError(400, 'BAD_REQUEST', 'seq: expected a positive integer');
  }
  if (!Array.isArray(spans) || spans.length === 0) {
    throw new HeartbeatError(400, 'BAD_REQUEST', 'spans: expected a non-empty list');
  }
  if (spans.length > HEARTBEAT_MAX_SPANS) {
    throw new HeartbeatError(
      400,
      'TOO_LARGE',
      `spans: at most ${String(HEARTBEAT_MAX_SPANS)} per report (got ${String(spans.length)})`,
    );
  }
  const parsed: Span[] = [];
  let played = 0;
  for (const [i, span] of spans.entries()) {
    const pair: unknown[] = Array.isArray(span) ? span : [];
    const [startMs, endMs] = pair;
    if (
      pair.length !== 2 ||
      typeof startMs !== 'number' ||
      typeof endMs !== 'number' ||
      !Number.isSafeInteger(startMs) ||
      !Number.isSafeInteger(endMs)
    ) {
      throw new HeartbeatError(
        400,
        'BAD_REQUEST',
        `spans[${String(i)}]: expected [startMs, endMs]`,
      );
    }
    if (startMs < 0 || endMs > durationMs) {
      throw new HeartbeatError(
        400,
        'OUT_OF_RANGE',
        `spans[${String(i)}]: outside the recording (0–${String(durationMs)} ms)`,
      );
    }
    if (endMs <= startMs) {
      throw new HeartbeatError(400, 'BAD_REQUEST', `spans[${String(i)}]: ends before it starts`);
    }
    const previous = parsed.at(-1);
    if (previous && startMs < previous.endMs) {
      throw new HeartbeatError(
        400,
        'BAD_REQUEST',
        `spans[${String(i)}]: spans must be in order and not overlap`,
      );
    }
    played += endMs - startMs;
    parsed.push({ startMs, endMs });
  }
  if (played > HEARTBEAT_MAX_PLAYED_MS) {
    throw new HeartbeatError(
      400,
      'TOO_LARGE',
      `a report covers at most ${String(HEARTBEAT_MAX_PLAYED_MS / 1_000)} s of playing`,
    );
  }
  return { deviceToken, seq, spans: parsed };
}

/** Spans as one sorted list of disjoint spans (touching spans join). */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.startMs <= last.endMs) last.endMs = Math.max(last.endMs, span.endMs);
    else merged.push({ ...span });
  }
  return merged;
}

/** Milliseconds of [fromMs, toMs) covered by merged spans. */
export function coveredMs(spans: readonly Span[], fromMs = 0, toMs = Infinity): number {
  let total = 0;
  for (const s of spans)
    total += Math.max(0, Math.min(s.endMs, toMs) - Math.max(s.startMs, fromMs));
  return total;
}
