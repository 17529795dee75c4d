// The LAN replay's data as the audience server sends it (GET /j/<code>/replay.json), checked by
// hand like every server frame (no zod on the phone), and the tracker of what the learner played.
// No DOM here.

import type {
  LanReplayData,
  LanReplayPart,
  ReplayChapter,
  ReplayChatLine,
} from '../../../shared/contract/replay-data';

export type { ReplayChapter, ReplayChatLine };
export type ReplayPart = LanReplayPart;
export type ReplayData = LanReplayData;

/** What the join link says about a replay: served, switched off, or none (a live class). */
export type ReplayProbe =
  { state: 'replay'; data: ReplayData } | { state: 'off' } | { state: 'none' };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

function list<T>(value: unknown, item: (v: Obj) => T | null): T[] | null {
  if (!Array.isArray(value)) return null;
  const out: T[] = [];
  for (const v of value) {
    const parsed = isObj(v) ? item(v) : null;
    if (parsed === null) return null;
    out.push(parsed);
  }
  return out;
}

export function readReplayProbe(value: unknown): ReplayProbe {
  if (!isObj(value)) return { state: 'none' };
  if (value.state === 'off') return { state: 'off' };
  if (value.state !== 'replay') return { state: 'none' };
  const parts = list(value.parts, (p) =>
    isNum(p.index) && isNum(p.offsetS) && isNum(p.durationS)
      ? { index: p.index, offsetS: p.offsetS, durationS: p.durationS }
      : null,
  );
  const chapters = list(value.chapters, (c) =>
    isNum(c.t) && isStr(c.title) && isStr(c.source)
      ? { t: c.t, title: c.title, source: c.source }
      : null,
  );
  const chat = list(value.chat, (l) =>
    isNum(l.t) && isStr(l.name) && typeof l.fromHost === 'boolean' && isStr(l.text)
      ? { t: l.t, name: l.name, fromHost: l.fromHost, text: l.text }
      : null,
  );
  const { title, courseTitle, durationS, heartbeatMs } = value;
  const surveyId =
    isStr(value.surveyId) && /^s\d{1,15}$/.test(value.surveyId) ? value.surveyId : null;
  if (
    !parts ||
    !chapters ||
    !chat ||
    !isStr(title) ||
    !(courseTitle === null || isStr(courseTitle)) ||
    !isNum(durationS) ||
    !isNum(heartbeatMs)
  ) {
    return { state: 'none' };
  }
  return {
    state: 'replay',
    data: { title, courseTitle, durationS, heartbeatMs, surveyId, parts, chapters, chat },
  };
}

/** The server's bounds on one report (review/replay-heartbeat.ts). */
const MAX_SPANS = 16;
const MAX_PLAYED_MS = 120_000;
/** A jump larger than this between two time updates is a seek, not playing. */
const SEEK_GAP_MS = 2_000;

export type Span = [number, number];

/**
 * What the learner played since the last report, as spans of the class's timeline in whole
 * milliseconds: contiguous time updates extend the current span, a seek starts a new one.
 */
export class WatchTracker {
  readonly #durationMs: number;
  #spans: Span[] = [];
  #last: number | null = null;

  constructor(durationS: number) {
    this.#durationMs = Math.floor(durationS * 1_000);
  }

  /** A time update while playing, at `t` seconds of the timeline. */
  played(t: number): void {
    const ms = Math.max(0, Math.min(this.#durationMs, Math.round(t * 1_000)));
    const last = this.#last;
    this.#last = ms;
    if (last === null || ms <= last || ms - last > SEEK_GAP_MS) return;
    const current = this.#spans.at(-1);
    if (current && current[1] === last) current[1] = ms;
    else this.#spans.push([last, ms]);
  }

  /** Playing stopped (pause, seek, end): the next update does not continue the span. */
  break(): void {
    this.#last = null;
  }

  /** The spans to report (merged, in order, within the server's bounds), now forgotten. */
  take(): Span[] {
    const sorted = [...this.#spans].sort((a, b) => a[0] - b[0]);
    this.#spans = [];
    const merged: Span[] = [];
    for (const [s, e] of sorted) {
      const top = merged.at(-1);
      if (top && s <= top[1]) top[1] = Math.max(top[1], e);
      else merged.push([s, e]);
    }
    const out: Span[] = [];
    let played = 0;
    for (const [s, e] of merged.slice(-MAX_SPANS)) {
      const room = MAX_PLAYED_MS - played;
      if (room <= 0) break;
      const end = Math.min(e, s + room);
      out.push([s, end]);
      played += end - s;
    }
    return out;
  }

  /** Spans a failed report carried: kept for the next one. */
  putBack(spans: Span[]): void {
    this.#spans.unshift(...spans);
  }
}

/** A report number that grows across page loads (the server refuses one that does not). */
export function nextSeq(previous: number): number {
  return Math.max(Date.now(), previous + 1);
}
