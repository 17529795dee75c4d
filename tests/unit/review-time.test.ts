import { describe, expect, it } from 'vitest';
import {
  formatTimecode,
  lastAtOrBefore,
  locate,
  parseTimecode,
} from '../../src/renderer/studio/screens/review/review-time';
import type { RecordingPart } from '../../src/shared/contract/review-api';

const part = (index: number, offsetS: number, durationS: number): RecordingPart => ({
  recordingId: index + 1,
  index,
  status: 'finalised',
  mimeType: 'video/mp4',
  offsetS,
  durationS,
  bytes: 1,
  url: `/media/recordings/${String(index + 1)}`,
});

describe('review time helpers', () => {
  it('formats and reads timecodes', () => {
    expect(formatTimecode(0)).toBe('0:00');
    expect(formatTimecode(65.9)).toBe('1:05');
    expect(formatTimecode(3_725)).toBe('1:02:05');
    expect(formatTimecode(-12)).toBe('-0:12');
    expect(parseTimecode('1:05')).toBe(65);
    expect(parseTimecode('1:02:05')).toBe(3_725);
    expect(parseTimecode('42.5')).toBe(42.5);
    expect(parseTimecode('1:75')).toBeNull();
    expect(parseTimecode('1:60:00')).toBeNull();
    expect(parseTimecode('soon')).toBeNull();
  });

  it('locates a timeline second in its part, a gap at the next part, the end at the last', () => {
    const parts = [part(0, 0, 100), part(1, 125, 170)];
    expect(locate([], 5)).toBeNull();
    expect(locate(parts, 30)).toEqual({ index: 0, local: 30 });
    expect(locate(parts, 110)).toEqual({ index: 1, local: 0 });
    expect(locate(parts, 130)).toEqual({ index: 1, local: 5 });
    expect(locate(parts, 999)?.index).toBe(1);
  });

  it('finds the last item at or before a second', () => {
    const items = [{ t: 1 }, { t: 5 }, { t: 5 }, { t: 9 }];
    expect(lastAtOrBefore(items, 0)).toBe(-1);
    expect(lastAtOrBefore(items, 5)).toBe(2);
    expect(lastAtOrBefore(items, 100)).toBe(3);
  });
});
