/**
 * An RFC 5545 (iCalendar) writer for planned classes, by hand: the few properties a class needs
 * do not justify a dependency, and the rules that matter are exact and tested — CRLF line ends,
 * lines folded at 75 octets without splitting a UTF-8 character, TEXT values escaped
 * (`\\`, `;`, `,`, newlines), times in UTC with `Z`.
 */

export interface IcsEvent {
  /** Stable for the life of the class: calendars match updates and cancellations by it. */
  uid: string;
  startsAt: number;
  endsAt: number;
  /** 0 when scheduled, one more on every change (RFC 5545 §3.8.7.4). */
  sequence: number;
  summary: string;
  description: string;
  url: string | null;
  cancelled: boolean;
}

export interface IcsCalendar {
  /** When the file was written (DTSTAMP). */
  stampedAt: number;
  /** `CANCEL` for the file of one cancelled class; `PUBLISH` otherwise. */
  method: 'PUBLISH' | 'CANCEL';
  /** X-WR-CALNAME, shown by most calendar apps when a course's file is subscribed. */
  name?: string;
  events: readonly IcsEvent[];
}

const LINE_OCTETS = 75;
const encoder = new TextEncoder();

/** A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds one content line (RFC 5545 §3.1): no line longer than 75 octets, continuation lines
 * start with one space (which counts), and a break never falls inside a UTF-8 sequence.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > LINE_OCTETS) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

/** `20261207T093000Z`: a DATE-TIME in UTC (RFC 5545 §3.3.5, form #2). */
export function utcDateTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-12-07T09:30:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(
    14,
    16,
  )}${iso.slice(17, 19)}Z`;
}

export function writeIcs(calendar: IcsCalendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Encore Studio//Classes//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${calendar.method}`,
  ];
  if (calendar.name !== undefined) lines.push(`X-WR-CALNAME:${escapeText(calendar.name)}`);
  for (const event of calendar.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${event.uid}`,
      `DTSTAMP:${utcDateTime(calendar.stampedAt)}`,
      `DTSTART:${utcDateTime(event.startsAt)}`,
      `DTEND:${utcDateTime(event.endsAt)}`,
      `SEQUENCE:${String(event.sequence)}`,
      `SUMMARY:${escapeText(event.summary)}`,
      `DESCRIPTION:${escapeText(event.description)}`,
    );
    // URL is a URI value, not TEXT: it is not escaped (a join URL has no commas or semicolons).
    if (event.url !== null) lines.push(`URL:${event.url}`);
    lines.push(`STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`, 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
