import { ImportError } from './errors';
import {
  MAX_CELL_CHARS,
  MAX_COLUMNS,
  MAX_RECORD_CHARS,
  MAX_ROWS,
  columnName,
  formatBytes,
  formatCount,
} from './limits';

// Bounds a CSV text stream before papaparse sees it. papaparse keeps a record it has not finished
// (a long cell, an unclosed quote) in memory and parses it again with every new chunk, so one
// 200 MB cell costs 200 MB many times over and minutes of CPU. This scanner follows the same
// quoting rules (RFC 4180 as papaparse reads it: a quote opens a field only at its start; `""` is a
// quote; a closing quote must be followed by spaces and then a delimiter or a newline, else the
// field goes on) with the same delimiter and newline, and fails as soon as a cell, a record, a
// row's columns or the row count is over its cap. Where it cannot follow a malformed file exactly
// it stays in a quoted field longer than papaparse would, so it never under-counts.

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** In a quoted field, just after a quote (and any spaces after it). */
  QuoteSeen,
}

function tooLarge(message: string): ImportError {
  return new ImportError('too-large', message);
}

export class CsvGuard {
  readonly #delimiter: number;
  readonly #newline: '\n' | '\r' | '\r\n';
  #state = State.FieldStart;
  /** A '\r' was seen where a '\r\n' newline may start. */
  #pendingCr = false;
  #cell = 0;
  #record = 0;
  #column = 1;
  /** 1-based number of the record being read, as read-source numbers lines. */
  #line = 1;

  constructor(delimiter: string, newline: '\n' | '\r' | '\r\n') {
    this.#delimiter = delimiter.charCodeAt(0);
    this.#newline = newline;
  }

  /** Checks the next piece of text; throws ImportError('too-large') when a cap is passed. */
  scan(text: string): void {
    for (let i = 0; i < text.length; i++) this.#char(text.charCodeAt(i));
  }

  #char(c: number): void {
    if (this.#pendingCr) {
      this.#pendingCr = false;
      if (c === 0x0a) {
        this.#endRecord();
        return;
      }
      // A lone '\r' in a '\r\n' file is text.
      this.#content(State.Unquoted);
    }
    this.#record++;
    if (this.#record > MAX_RECORD_CHARS) {
      throw tooLarge(
        `Row ${formatCount(this.#line)} is larger than ${formatBytes(MAX_RECORD_CHARS)}; rows are limited to ${formatCount(MAX_RECORD_CHARS)} characters.`,
      );
    }
    switch (this.#state) {
      case State.Quoted:
        if (c === 0x22) this.#state = State.QuoteSeen;
        else this.#content(State.Quoted);
        return;
      case State.QuoteSeen:
        if (c === 0x22) {
          this.#content(State.Quoted);
          return;
        }
        if (c === 0x20 || (c === 0x09 && this.#delimiter !== 0x09)) return;
        if (this.#isBreak(c)) {
          this.#unquoted(c);
          return;
        }
        // Not a closing quote after all: the field goes on.
        this.#content(State.Quoted);
        return;
      case State.FieldStart:
        if (c === 0x22) {
          this.#state = State.Quoted;
          return;
        }
        this.#unquoted(c);
        return;
      case State.Unquoted:
        this.#unquoted(c);
        return;
    }
  }

  #isBreak(c: number): boolean {
    return c === this.#delimiter || c === this.#newline.charCodeAt(0);
  }

  #unquoted(c: number): void {
    if (c === this.#delimiter) {
      this.#cell = 0;
      this.#column++;
      this.#state = State.FieldStart;
      if (this.#column > MAX_COLUMNS) {
        throw tooLarge(
          `Row ${formatCount(this.#line)} has more than ${formatCount(MAX_COLUMNS)} columns; rows are limited to ${formatCount(MAX_COLUMNS)} columns.`,
        );
      }
      return;
    }
    if (this.#newline === '\r\n' && c === 0x0d) {
      this.#pendingCr = true;
      return;
    }
    if (this.#newline !== '\r\n' && c === this.#newline.charCodeAt(0)) {
      this.#endRecord();
      return;
    }
    this.#content(State.Unquoted);
  }

  #content(state: State): void {
    this.#state = state;
    this.#cell++;
    if (this.#cell > MAX_CELL_CHARS) {
      throw tooLarge(
        `Cell ${columnName(this.#column)}${this.#line} is larger than 32 KB; cells are limited to ${formatCount(MAX_CELL_CHARS)} characters (32 KB).`,
      );
    }
  }

  #endRecord(): void {
    this.#state = State.FieldStart;
    this.#cell = 0;
    this.#record = 0;
    this.#column = 1;
    this.#line++;
    if (this.#line > MAX_ROWS + 1) {
      throw tooLarge(
        `The file has more than ${formatCount(MAX_ROWS)} rows; imports are limited to ${formatCount(MAX_ROWS)} rows.`,
      );
    }
  }
}
