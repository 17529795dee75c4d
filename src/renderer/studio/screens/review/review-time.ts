import type { RecordingPart } from '../../../../shared/contract/review-api';

/** Seconds as m:ss or h:mm:ss (negative: "-m:ss", before the recording began). */
export function formatTimecode(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  const whole = Math.floor(Math.abs(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${sign}${h > 0 ? `${String(h)}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** Reads m:ss, h:mm:ss or plain seconds; null when it is none of these. */
export function parseTimecode(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const match = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(trimmed);
  if (!match) return null;
  const [, h = '0', m = '0', s = '0'] = match;
  if (Number(s) >= 60 || (match[1] !== undefined && Number(m) >= 60)) return null;
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/**
 * Where a timeline position plays: the part that holds it and the time inside that part; in a
 * gap (or before the first part), the start of the next part; past the end, the end of the last.
 */
export function locate(
  parts: readonly RecordingPart[],
  t: number,
): { index: number; local: number } | null {
  if (parts.length === 0) return null;
  for (const part of parts) {
    if (t < part.offsetS) return { index: part.index, local: 0 };
    if (t < part.offsetS + part.durationS) return { index: part.index, local: t - part.offsetS };
  }
  const last = parts[parts.length - 1];
  return last ? { index: last.index, local: Math.max(0, last.durationS - 0.05) } : null;
}

/** The last of `items` (sorted by t) whose t is at or before `now`, or -1. */
export function lastAtOrBefore(items: readonly { t: number }[], now: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = items[mid];
    if (item !== undefined && item.t <= now) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** One frame at 30 fps, what the recorder captures at. */
export const FRAME_S = 1 / 30;
export const SKIP_S = 10;
