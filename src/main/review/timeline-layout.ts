import type { RecordingRow } from '../storage/queries/recordings';

/**
 * Where a class's recording parts sit on its review timeline. t = 0 is the start of the first part
 * that holds any bytes (the class's start when none does); each part begins at its own offset and
 * lasts its probed duration (or, before finalising, its wall-clock span), so the gaps between
 * parts (the studio page closed mid-broadcast, then reopened) show as gaps. Pure.
 */
export interface LaidOutPart {
  row: RecordingRow;
  index: number;
  offsetMs: number;
  durationMs: number;
}

export interface TimelineLayout {
  originAt: number;
  /** Epoch ms where the timeline ends: the class's end or its last part's, whichever is later. */
  endAt: number;
  parts: LaidOutPart[];
  gaps: { fromMs: number; toMs: number }[];
  recordedMs: number;
  bytes: number;
}

/** Gaps shorter than this are the ordinary lag between two parts, not worth showing. */
export const MIN_GAP_MS = 1_000;

export function partDurationMs(row: RecordingRow, now: number): number {
  if (row.duration_ms !== null) return row.duration_ms;
  return Math.max(0, (row.ended_at ?? now) - row.started_at);
}

export function layOutTimeline(
  session: { started_at: number; ended_at: number | null },
  recordings: readonly RecordingRow[],
  now: number,
): TimelineLayout {
  // The portrait program's recordings (issue #16) are the same class again: not on the timeline.
  const playable = recordings
    .filter((row) => row.bytes > 0 && row.canvas === 'landscape')
    .sort((a, b) => a.started_at - b.started_at || a.id - b.id);
  const originAt = playable[0]?.started_at ?? session.started_at;
  const parts = playable.map((row, index): LaidOutPart => ({
    row,
    index,
    offsetMs: row.started_at - originAt,
    durationMs: partDurationMs(row, now),
  }));
  const gaps: TimelineLayout['gaps'] = [];
  let endMs = 0;
  for (const part of parts) {
    if (part.offsetMs - endMs >= MIN_GAP_MS && part.index > 0) {
      gaps.push({ fromMs: endMs, toMs: part.offsetMs });
    }
    endMs = Math.max(endMs, part.offsetMs + part.durationMs);
  }
  const classEnd = session.ended_at ?? now;
  const endAt = Math.max(classEnd, originAt + endMs, originAt + 1_000);
  return {
    originAt,
    endAt,
    parts,
    gaps,
    recordedMs: parts.reduce((sum, part) => sum + part.durationMs, 0),
    bytes: parts.reduce((sum, part) => sum + part.row.bytes, 0),
  };
}

/** Seconds on the timeline of an epoch-ms instant, to the millisecond. */
export function toSeconds(originAt: number, at: number): number {
  return Math.round(at - originAt) / 1_000;
}
