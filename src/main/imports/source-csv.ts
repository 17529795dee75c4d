import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import Papa from 'papaparse';
import { CsvGuard } from './csv-guard';
import { ImportError } from './errors';
import { formatCount } from './limits';
import { CHUNK_BYTES, countNewlines, notValidText } from './source-encoding';
import type { Encoding, OpenedSource, SourceRow } from './source-types';

// CSV streamed through papaparse (any delimiter, quoted newlines) behind the CsvGuard scanner,
// each record with the physical line it starts on.

/** A quoted cell opened on `line` (at `offset` of the parsed text) is never closed. */
class UnclosedQuote extends Error {
  constructor(
    readonly offset: number,
    readonly line: number,
  ) {
    super('unclosed quote');
  }
}

function unclosedQuoteMessage(line: number): string {
  return `Line ${formatCount(line)} opens a quoted cell that is never closed, so the rest of the file would be read as one cell. Close the quote (a quote inside a quoted cell is written "").`;
}
/** Where the line after the one holding `offset` starts, or -1 when it is the last line. */
function nextLineStart(text: string, offset: number, newline: '\n' | '\r' | '\r\n'): number {
  const at = text.indexOf(newline, offset);
  return at === -1 ? -1 : at + newline.length;
}

export function fromCsv(
  file: string,
  size: number,
  chosen: { encoding: Encoding; source: 'bom' | 'option' | 'detected' },
  delimiter: string,
  newline: '\n' | '\r' | '\r\n',
  unclosedQuotes: 'fail' | 'reject-line',
): OpenedSource {
  const { encoding } = chosen;
  const hash = createHash('sha256');
  let bytesRead = 0;
  let digest: string | null = null;

  async function* decoded(): AsyncGenerator<string> {
    // fatal: a byte sequence that is not valid in the encoding stops the import with a clear
    // message instead of becoming U+FFFD in somebody's name. The decoder drops a leading BOM.
    const decoder = new TextDecoder(encoding, { fatal: true });
    const guard = new CsvGuard(delimiter, newline);
    const stream = createReadStream(file, { highWaterMark: CHUNK_BYTES });
    let failed = false;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytesRead += chunk.length;
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        failed = true;
        break;
      }
      guard.scan(text);
      if (text !== '') yield text;
    }
    let rest = '';
    if (!failed) {
      try {
        rest = decoder.decode();
      } catch {
        failed = true;
      }
    }
    if (failed) {
      stream.destroy();
      throw await notValidText(file, encoding, encoding === 'utf-8' ? 'UTF-8' : encoding);
    }
    guard.scan(rest);
    if (rest !== '') yield rest;
    digest = hash.digest('hex');
  }

  async function* rows(): AsyncGenerator<SourceRow> {
    // papaparse's own parser, fed chunk by chunk with the unfinished last record carried over
    // (what its streamers do). Not its Node stream: that one pauses every 16 records and resumes
    // by polling a 3 ms timer, so a file of many short rows took seconds per 20,000 rows.
    // The carried-over record is bounded by the guard (MAX_RECORD_CHARS). Its step callback
    // hands over each record with the offset where it ends, so each record's first physical
    // line is known: newlines are counted in the text between records (a quoted cell's
    // newlines and blank lines included).
    let batch: SourceRow[] = [];
    let input = '';
    /** Offset in `input` where the next record starts, and the physical line there. */
    let start = 0;
    let line = 1;
    let last = false;
    const createParser = (): Papa.Parser =>
      new Papa.Parser({
        delimiter,
        newline,
        skipEmptyLines: false,
        step: (result: Papa.ParseStepResult<string[]>) => {
          const end = result.meta.cursor;
          // The bare Parser hands each record over as a list of one record.
          const cells = (result.data as unknown as string[][])[0] ?? [];
          if (last && result.errors.some((e) => e.code === 'MissingQuotes')) {
            if (unclosedQuotes === 'fail') {
              throw new ImportError('unclosed-quote', unclosedQuoteMessage(line));
            }
            throw new UnclosedQuote(start, line);
          }
          if (!cells.every((cell) => cell.trim() === '')) batch.push({ line, cells });
          line += countNewlines(input, start, end);
          start = end;
        },
      });
    let parser = createParser();
    const parse = (text: string, isLast: boolean): SourceRow[] => {
      input = text;
      start = 0;
      last = isLast;
      batch = [];
      const result = parser.parse(input, 0, !isLast) as { meta: { cursor: number } };
      partial = isLast ? '' : input.slice(result.meta.cursor);
      return batch;
    };
    /**
     * The end of the file: a record still open there has a quote that is never closed. With
     * 'reject-line' its first line becomes a row with a problem, and the text after that line is
     * parsed afresh (again, as long as another unclosed quote turns up).
     */
    const parseLast = (text: string): SourceRow[] => {
      const rows: SourceRow[] = [];
      let rest = text;
      for (;;) {
        try {
          rows.push(...parse(rest, true));
          return rows;
        } catch (error) {
          if (!(error instanceof UnclosedQuote)) throw error;
          rows.push(...batch, {
            line: error.line,
            cells: [],
            problem: { code: 'unclosed-quote', params: { line: formatCount(error.line) } },
          });
          const after = nextLineStart(input, error.offset, newline);
          if (after === -1) return rows;
          rest = input.slice(after);
          line = error.line + 1;
          parser = createParser();
        }
      }
    };
    let partial = '';
    for await (const text of decoded()) yield* parse(partial + text, false);
    if (partial !== '') yield* parseLast(partial);
  }

  return {
    format: 'csv',
    fileName: basename(file),
    totalBytes: size,
    totalRows: null,
    rows: rows(),
    bytesRead: () => bytesRead,
    sha256: () => digest,
    encoding,
    encodingSource: chosen.source,
  };
}
