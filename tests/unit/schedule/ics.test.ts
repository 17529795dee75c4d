import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, utcDateTime, writeIcs } from '../../../src/main/schedule/ics';

const octets = (s: string): number => new TextEncoder().encode(s).length;
/** Undoes folding (RFC 5545 §3.1): a CRLF followed by one space is removed. */
const unfold = (s: string): string => s.replace(/\r\n /g, '');

describe('RFC 5545 writer', () => {
  it('escapes backslash, semicolon, comma and every kind of newline in TEXT', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
    // A colon is not escaped in TEXT.
    expect(escapeText('Time: 9:30')).toBe('Time: 9:30');
  });

  it('folds a long Chinese title at 75 octets without splitting a UTF-8 character', () => {
    // Each CJK character is 3 octets; "SUMMARY:" is 8, so a split at exactly 75 octets would
    // cut a character in half: the fold must come before it.
    const title =
      '机器学习入门：从线性回归到神经网络的完整实践课程，第三讲，梯度下降与正则化'.repeat(3);
    const line = `SUMMARY:${title}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(3);
    for (const [i, part] of parts.entries()) {
      expect(octets(part)).toBeLessThanOrEqual(75);
      if (i > 0) expect(part.startsWith(' ')).toBe(true);
      // Each piece is whole characters: re-encoding it gives back the same text.
      expect(new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(part))).toBe(
        part,
      );
    }
    // 8 ASCII octets + 22 characters × 3 = 74: the 23rd character would make 77 > 75.
    expect(octets(parts[0] ?? '')).toBe(74);
    expect(unfold(folded)).toBe(line);
  });

  it('folds an ASCII line at exactly 75 octets, continuation lines counting their space', () => {
    const line = `DESCRIPTION:${'x'.repeat(200)}`;
    const parts = foldLine(line).split('\r\n');
    // 212 octets: 75, then 74 (+1 space), then the last 63 (+1 space).
    expect(parts.map(octets)).toEqual([75, 75, 64]);
    expect(foldLine('SHORT:ok')).toBe('SHORT:ok');
  });

  it('keeps a 4-octet character (emoji) whole across a fold', () => {
    const line = `SUMMARY:${'a'.repeat(65)}😀😀😀`; // 73 octets, then 4-octet characters
    const parts = foldLine(line).split('\r\n');
    expect(parts[0]).toBe(`SUMMARY:${'a'.repeat(65)}`);
    expect(parts[1]).toBe(' 😀😀😀');
  });

  it('writes UTC times with Z', () => {
    expect(utcDateTime(Date.UTC(2026, 11, 7, 9, 5, 3))).toBe('20261207T090503Z');
  });

  it('writes a calendar with CRLF lines, the join URL, SEQUENCE and a cancellation', () => {
    const text = writeIcs({
      stampedAt: Date.UTC(2026, 11, 1, 0, 0, 0),
      method: 'CANCEL',
      events: [
        {
          uid: 'class-7-123@encore-studio',
          startsAt: Date.UTC(2026, 11, 7, 9, 30),
          endsAt: Date.UTC(2026, 11, 7, 11, 0),
          sequence: 2,
          summary: 'Pricing, part 2; Q&A',
          description: 'Join: http://192.168.1.5:4620/j/ABCD23\nJoin code: ABCD23',
          url: 'http://192.168.1.5:4620/j/ABCD23',
          cancelled: true,
        },
      ],
    });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = unfold(text).split('\r\n');
    expect(lines).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Encore Studio//Classes//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:CANCEL',
      'BEGIN:VEVENT',
      'UID:class-7-123@encore-studio',
      'DTSTAMP:20261201T000000Z',
      'DTSTART:20261207T093000Z',
      'DTEND:20261207T110000Z',
      'SEQUENCE:2',
      'SUMMARY:Pricing\\, part 2\\; Q&A',
      'DESCRIPTION:Join: http://192.168.1.5:4620/j/ABCD23\\nJoin code: ABCD23',
      'URL:http://192.168.1.5:4620/j/ABCD23',
      'STATUS:CANCELLED',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ]);
  });
});
