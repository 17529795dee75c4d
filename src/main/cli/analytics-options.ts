import { parseArgs } from 'node:util';
import type { Encoding } from '../imports/read-source';
import { isTimeZone } from '../imports/values';

// The analytics CLI's arguments (analytics.ts runs the commands).

export const USAGE = `usage: npm run analytics -- <command> [options]
commands:
  rfm                  per-customer x, t_x, T, zbar (weeks) and RFM scores
  bgnbd                BG/NBD and Gamma-Gamma fitted by maximum likelihood
  cohorts              cohort matrix and repurchase rates (30/90/180/365 days)
  segments             k-means learner segments (k by silhouette), described in words
  recommend            next-course recommendations per learner (bought together, catalogue, live)
  evaluate-recommend   leave-last-purchase-out hit rate@k, NDCG@k and coverage of the recommender
                       against popularity, item-kNN and user-kNN (and the old distance kNN),
                       overall and by history length
  report <sessionId>   one class's report (--db only)
input (one of):
  --csv <file> --format cdnow|orders
                       cdnow: CDNOW_sample.txt's whitespace layout (id sample_id YYYYMMDD cds dollars)
                       orders: CSV with customer_id, date, amount[, course] columns
                       online-retail: the UCI Online Retail columns (InvoiceNo, StockCode, Quantity,
                       InvoiceDate, UnitPrice, CustomerID); a stock code is a course; cancelled
                       invoices, lines without a customer and non-positive quantities or prices
                       are left out
  --db <file>          a workspace database (encore.db), opened read-only
options:
  --calibration-end <YYYY-MM-DD>   last day of the calibration period (default: last purchase / today)
  --k <n>              list length: recommend (default 5), evaluate-recommend (default 10)
  --neighbours <n>     evaluate-recommend: neighbours of the item-kNN and user-kNN baselines (default 50)
  --seed <n>           seed for segments (default 1)
  --limit <n>          rows listed per learner-level command (default: all)
  --encoding <name>    utf-8, gb18030, utf-16le or utf-16be (default: a BOM decides, else UTF-8
                       when the file is valid UTF-8, else GB18030 when it is valid GB18030)
  --date-order DMY|MDY how to read 01/02/2020 (default: refused as ambiguous; MDY for
                       online-retail)
  --time-zone <zone>   IANA zone of dates and times without their own (default UTC; never the
                       machine's zone). CDNOW's YYYYMMDD days are always UTC days
dates: YYYY-MM-DD[ HH:MM[:SS]], ISO 8601 with a zone, YYYYMMDD and the import's other formats;
  an impossible date (2020-02-30) or a year outside 1900-2200 is an error naming its line`;

export const COMMANDS = [
  'rfm',
  'bgnbd',
  'cohorts',
  'segments',
  'recommend',
  'evaluate-recommend',
  'report',
] as const;
export type Command = (typeof COMMANDS)[number];
export const DAY_MS = 86_400_000;

export class UsageError extends Error {}

const FORMATS = ['cdnow', 'orders', 'online-retail'] as const;
const ENCODINGS = ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'] as const;
export type Format = (typeof FORMATS)[number];

export interface Options {
  command: Command;
  sessionId: number | null;
  csv: string | null;
  format: Format | null;
  db: string | null;
  calibrationEnd: number | null;
  k: number | null;
  neighbours: number;
  seed: number;
  limit: number | null;
  encoding: Encoding | null;
  dateOrder: 'DMY' | 'MDY' | null;
  /** IANA zone for dates without one (default UTC; never the machine's zone). */
  timeZone: string;
}

function whole(value: string | undefined, flag: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${flag} must be a whole number, ${min} or more (got ${value})`);
  }
  return n;
}

function parseDay(value: string, flag: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const at = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== value) {
    throw new UsageError(`${flag} must be a date YYYY-MM-DD (got ${value})`);
  }
  return at;
}

export function parseOptions(argv: string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        csv: { type: 'string' },
        format: { type: 'string' },
        db: { type: 'string' },
        'calibration-end': { type: 'string' },
        k: { type: 'string' },
        neighbours: { type: 'string' },
        seed: { type: 'string' },
        limit: { type: 'string' },
        encoding: { type: 'string' },
        'date-order': { type: 'string' },
        'time-zone': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (command === undefined || !(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(
      `the first argument must be one of ${COMMANDS.join(', ')} (got ${command ?? 'nothing'})`,
    );
  }
  const cmd = command as Command;
  let sessionId: number | null = null;
  if (cmd === 'report') {
    if (rest.length !== 1) throw new UsageError('report takes one session id');
    sessionId = whole(rest[0], 'the session id', 0, 1);
  } else if (rest.length > 0) {
    throw new UsageError(`unexpected argument ${rest[0] ?? ''}`);
  }
  if ((values.csv === undefined) === (values.db === undefined)) {
    throw new UsageError('give exactly one of --csv <file> and --db <file>');
  }
  if (values.csv !== undefined && !(FORMATS as readonly string[]).includes(values.format ?? '')) {
    throw new UsageError(
      `--format must be ${FORMATS.join(', ')} with --csv (got ${values.format ?? 'nothing'})`,
    );
  }
  if (cmd === 'report' && values.db === undefined) {
    throw new UsageError('report needs --db <workspace database>');
  }
  const encoding = values.encoding ?? null;
  if (encoding !== null && !(ENCODINGS as readonly string[]).includes(encoding)) {
    throw new UsageError(`--encoding must be ${ENCODINGS.join(', ')} (got ${encoding})`);
  }
  const dateOrder = values['date-order'] ?? null;
  if (dateOrder !== null && dateOrder !== 'DMY' && dateOrder !== 'MDY') {
    throw new UsageError(`--date-order must be DMY or MDY (got ${dateOrder})`);
  }
  const timeZone = values['time-zone'] ?? 'UTC';
  if (!isTimeZone(timeZone)) {
    throw new UsageError(
      `--time-zone must be an IANA time zone like Asia/Shanghai (got ${timeZone})`,
    );
  }
  return {
    command: cmd,
    encoding: encoding as Encoding | null,
    dateOrder,
    timeZone,
    sessionId,
    csv: values.csv ?? null,
    format: values.csv === undefined ? null : (values.format as Format),
    db: values.db ?? null,
    calibrationEnd:
      values['calibration-end'] === undefined
        ? null
        : parseDay(values['calibration-end'], '--calibration-end'),
    k: values.k === undefined ? null : whole(values.k, '--k', 5, 1),
    neighbours: whole(values.neighbours, '--neighbours', 50, 1),
    seed: whole(values.seed, '--seed', 1),
    limit: values.limit === undefined ? null : whole(values.limit, '--limit', 0, 1),
  };
}
