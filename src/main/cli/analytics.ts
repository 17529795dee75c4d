import { parseArgs } from 'node:util';
import { fitBgNbd } from '../analytics/bgnbd';
import type { LearnerFeatureRow } from '../analytics/feature-table';
import { fitGammaGamma } from '../analytics/gamma-gamma';
import {
  evaluateRecommendations,
  recommendCourses,
  type CatalogueCourse,
  type CoursePurchase,
  type CourseSignal,
} from '../analytics/recommend';
import { cohortMatrix, repurchaseReport, type Purchase } from '../analytics/repurchase';
import { scoreRfm, summariseRfm } from '../analytics/rfm';
import { segmentLearners } from '../analytics/segments';
import {
  customerBase,
  engagementRows,
  segmentRows,
  TIME_UNIT_DAYS,
} from '../insights/worker/customer-base';
import { inProcessContext } from '../insights/worker/job-context';
import { sessionReportJob } from '../insights/worker/jobs';
import type { Encoding } from '../imports/read-source';
import { cellText, isTimeZone, parseDate } from '../imports/values';
import { openDatabase, type Db } from '../storage/connection';

// `npm run analytics -- <command> [options]`: the customer analytics on a CSV file or a studio
// workspace database, as JSON on stdout. Errors are JSON on stderr: exit code 2 for bad
// arguments or input, 1 for anything else.

const USAGE = `usage: npm run analytics -- <command> [options]
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

const COMMANDS = [
  'rfm',
  'bgnbd',
  'cohorts',
  'segments',
  'recommend',
  'evaluate-recommend',
  'report',
] as const;
type Command = (typeof COMMANDS)[number];
const DAY_MS = 86_400_000;
/** Learners up to which evaluate-recommend also scores the old distance recommender. */
const PREVIOUS_UP_TO = 20_000;

class UsageError extends Error {}

const FORMATS = ['cdnow', 'orders', 'online-retail'] as const;
const ENCODINGS = ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'] as const;
type Format = (typeof FORMATS)[number];

interface Options {
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

// ---------------------------------------------------------------------------------------------
// Reading purchases from CSV files

/** "29.33" → 2933 exactly (no binary floating point on the way). */
function toMinor(text: string, where: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new UsageError(`${where}: the amount ${JSON.stringify(text)} is not a number`);
  const minor = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -minor : minor;
}

/**
 * Every file goes through the import's CSV reader (imports/read-source.ts): its encoding
 * detected (UTF-8, else GB18030, never U+FFFD), an unclosed quote an error naming its line, rows
 * numbered by the file's physical lines, the caps of imports/limits.ts.
 */
async function readRows(
  file: string,
  options: Options,
  delimiter?: string,
): Promise<{ line: number; cells: string[] }[]> {
  // Loaded when a file is read: it brings exceljs, which a bad argument need not wait for.
  const { openSource } = await import('../imports/read-source');
  const opened = await openSource({
    file,
    format: 'csv',
    delimiter,
    encoding: options.encoding ?? undefined,
  });
  const rows: { line: number; cells: string[] }[] = [];
  for await (const row of opened.rows) {
    rows.push({ line: row.line, cells: row.cells.map((cell) => cellText(cell)) });
  }
  return rows;
}

/** Dates as the import reads them (1900-2200, no roll-over), in the chosen order and zone. */
function readDate(text: string, where: string, options: Options, dateOrder = options.dateOrder) {
  const parsed = parseDate(text, {
    dateOrder: dateOrder ?? undefined,
    utcOffsetMinutes: 0,
    timeZone: options.timeZone,
  });
  if (!parsed.ok) {
    const hint = /ambiguous/.test(parsed.reason) ? ' (give --date-order DMY or MDY)' : '';
    throw new UsageError(`${where}: ${parsed.reason}${hint}`);
  }
  return parsed.value;
}

async function readCdnow(file: string, options: Options): Promise<Purchase[]> {
  const rows = await readRows(file, options, ' ');
  return rows.map(({ line, cells }) => {
    const where = `${file}:${line}`;
    const [, sampleId, date, , dollars] = cells.join(' ').trim().split(/\s+/);
    if (!sampleId || !date || !dollars || !/^\d{8}$/.test(date)) {
      throw new UsageError(`${where}: expected "id sample_id YYYYMMDD cds dollars"`);
    }
    if (!/^\d+$/.test(sampleId)) {
      throw new UsageError(
        `${where}: the customer id ${JSON.stringify(sampleId)} is not a whole number`,
      );
    }
    return {
      // Leading zeros are padding: 00004 is customer 4.
      customerId: sampleId.replace(/^0+(?=\d)/, ''),
      // CDNOW dates are calendar days: read at midnight UTC whatever --time-zone says.
      at: readDate(date, where, { ...options, timeZone: 'UTC' }),
      amountMinor: toMinor(dollars, where),
    };
  });
}

/** The header row's cells, trimmed and lower-cased, and the data rows as records. */
function records(rows: readonly { line: number; cells: string[] }[]): {
  fields: string[];
  data: { line: number; row: Record<string, string> }[];
} {
  const [header, ...rest] = rows;
  const fields = (header?.cells ?? []).map((h) => h.trim().toLowerCase());
  return {
    fields,
    data: rest.map(({ line, cells }) => ({
      line,
      row: Object.fromEntries(fields.map((field, i) => [field, cells[i] ?? ''])),
    })),
  };
}

async function readOrdersCsv(file: string, options: Options): Promise<Purchase[]> {
  const { fields, data } = records(await readRows(file, options));
  for (const required of ['customer_id', 'date', 'amount']) {
    if (!fields.includes(required)) {
      throw new UsageError(
        `${file}: the header needs customer_id, date and amount (has ${fields.join(', ')})`,
      );
    }
  }
  return data.map(({ line, row }) => {
    const where = `${file}:${line}`;
    const customerId = (row.customer_id ?? '').trim();
    if (customerId === '') throw new UsageError(`${where}: needs a customer_id`);
    const at = readDate(row.date ?? '', where, options);
    const amountMinor = toMinor(row.amount ?? '', where);
    if (amountMinor < 0)
      throw new UsageError(`${where}: a negative amount is a refund: leave it out`);
    const course = (row.course ?? '').trim();
    return { customerId, at, amountMinor, ...(course === '' ? {} : { courseId: course }) };
  });
}

/**
 * The UCI Online Retail export as course purchases: one per invoice line, the stock code as the
 * course, quantity × unit price as the amount. Dates as --date-order says (default MDY, the
 * export's own `12/1/2010 8:26`) in --time-zone (default UTC).
 */
async function readOnlineRetail(file: string, options: Options): Promise<Purchase[]> {
  const { fields, data } = records(await readRows(file, options));
  const required = ['invoiceno', 'stockcode', 'quantity', 'invoicedate', 'unitprice', 'customerid'];
  for (const name of required) {
    if (!fields.includes(name)) {
      throw new UsageError(
        `${file}: the header needs ${required.join(', ')} (has ${fields.join(', ')})`,
      );
    }
  }
  const out: Purchase[] = [];
  for (const { line, row } of data) {
    const where = `${file}:${line}`;
    const customerId = (row.customerid ?? '').trim().replace(/\.0$/, '');
    const invoice = (row.invoiceno ?? '').trim();
    const quantity = Number(row.quantity);
    const price = Number(row.unitprice);
    if (customerId === '' || invoice.startsWith('C') || !(quantity > 0) || !(price > 0)) continue;
    const at = readDate(row.invoicedate ?? '', where, options, options.dateOrder ?? 'MDY');
    const courseId = (row.stockcode ?? '').trim();
    if (courseId === '') throw new UsageError(`${where}: needs a StockCode`);
    out.push({ customerId, at, amountMinor: Math.round(quantity * price * 100), courseId });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Commands

interface Data {
  purchases: Purchase[];
  coursePurchases: CoursePurchase[];
  /** Engagement rows for the recommenders (CSV files have none: one constant column). */
  learnerRows: LearnerFeatureRow[];
  segmentRows: LearnerFeatureRow[];
  /** A workspace's catalogue and live behaviour for the recommender (CSV files have none). */
  recommendInputs: { catalogue?: CatalogueCourse[]; signals?: CourseSignal[] };
  calibrationEnd: number;
  db: Db | null;
}

async function fromCsv(options: Options): Promise<Data> {
  const file = options.csv ?? '';
  const purchases =
    options.format === 'cdnow'
      ? await readCdnow(file, options)
      : options.format === 'online-retail'
        ? await readOnlineRetail(file, options)
        : await readOrdersCsv(file, options);
  if (purchases.length === 0) throw new UsageError(`${file} has no purchases`);
  const last = purchases.reduce((m, p) => Math.max(m, p.at), 0);
  const calibrationEnd = options.calibrationEnd ?? last;
  const inPeriod = purchases.filter((p) => p.at < calibrationEnd + DAY_MS);
  const ids = [...new Set(inPeriod.map((p) => p.customerId))];
  const stats = new Map<string, { days: Set<number>; spent: number; last: number }>();
  for (const p of inPeriod) {
    const s = stats.get(p.customerId) ?? { days: new Set<number>(), spent: 0, last: 0 };
    s.days.add(Math.floor(p.at / DAY_MS));
    s.spent += p.amountMinor;
    s.last = Math.max(s.last, p.at);
    stats.set(p.customerId, s);
  }
  return {
    purchases: inPeriod,
    coursePurchases: inPeriod.flatMap((p) =>
      p.courseId === undefined ? [] : [{ ...p, courseId: p.courseId }],
    ),
    learnerRows: ids.map((learnerId) => ({ learnerId, features: { customer: 1 } })),
    segmentRows: ids.map((learnerId) => {
      const s = stats.get(learnerId);
      return {
        learnerId,
        features: {
          purchaseDays: s?.days.size ?? 0,
          totalSpentMinor: s?.spent ?? 0,
          daysSinceLastPurchase: Math.floor((calibrationEnd - (s?.last ?? 0)) / DAY_MS),
        },
      };
    }),
    recommendInputs: {},
    calibrationEnd,
    db: null,
  };
}

function fromDb(options: Options): Data {
  const file = options.db ?? '';
  let db: Db;
  try {
    db = openDatabase(file, { readonly: true });
  } catch (error) {
    throw new UsageError(`cannot open ${file}: ${(error as Error).message}`);
  }
  // The calibration end is the end of that day; by default, now.
  const now = options.calibrationEnd === null ? Date.now() : options.calibrationEnd + DAY_MS - 1;
  const base = customerBase(db, file, inProcessContext(now));
  return {
    purchases: base.purchases,
    coursePurchases: base.coursePurchases,
    learnerRows: engagementRows(base),
    segmentRows: segmentRows(base),
    recommendInputs: { catalogue: base.catalogue, signals: base.courseSignals },
    calibrationEnd: now,
    db,
  };
}

function limited<T>(rows: readonly T[], limit: number | null): T[] {
  return limit === null ? [...rows] : rows.slice(0, limit);
}

async function run(options: Options): Promise<unknown> {
  const data = options.csv !== null ? await fromCsv(options) : fromDb(options);
  try {
    const { purchases, calibrationEnd } = data;
    const rfmOptions = { calibrationEnd, timeUnitDays: TIME_UNIT_DAYS };
    const head = {
      command: options.command,
      calibrationEnd: new Date(calibrationEnd).toISOString().slice(0, 10),
    };
    switch (options.command) {
      case 'rfm': {
        const rows = summariseRfm(purchases, rfmOptions);
        const scores = new Map(scoreRfm(rows).map((s) => [s.customerId, s.code]));
        return {
          ...head,
          timeUnitDays: TIME_UNIT_DAYS,
          customers: rows.length,
          rows: limited(rows, options.limit).map((r) => ({
            ...r,
            rfmScore: scores.get(r.customerId),
          })),
        };
      }
      case 'bgnbd': {
        const rows = summariseRfm(purchases, rfmOptions);
        const bg = fitBgNbd(rows, { timeUnitDays: TIME_UNIT_DAYS });
        let gammaGamma: unknown = null;
        try {
          const gg = fitGammaGamma(rows);
          gammaGamma = {
            params: gg.model.params,
            logLikelihood: gg.logLikelihood,
            customers: gg.customers,
            // Repeat customers whose repeat purchases were all free: left out of the spend fit.
            leftOut: gg.leftOut,
            converged: gg.converged,
          };
        } catch (error) {
          gammaGamma = { error: (error as Error).message };
        }
        return {
          ...head,
          timeUnitDays: TIME_UNIT_DAYS,
          bgnbd: {
            params: bg.model.params,
            logLikelihood: bg.logLikelihood,
            customers: bg.customers,
            converged: bg.converged,
          },
          gammaGamma,
        };
      }
      case 'cohorts':
        return {
          ...head,
          cohorts: cohortMatrix(purchases, { end: calibrationEnd }),
          repurchase: repurchaseReport(purchases, { end: calibrationEnd }),
        };
      case 'segments': {
        const s = segmentLearners(data.segmentRows, { seed: options.seed });
        return { ...head, k: s.k, silhouetteByK: s.silhouetteByK, segments: s.segments };
      }
      case 'recommend': {
        const k = options.k ?? 5;
        const recs = recommendCourses(data.learnerRows, needCourses(data), {
          count: k,
          ...data.recommendInputs,
        });
        return { ...head, k, learners: recs.length, rows: limited(recs, options.limit) };
      }
      case 'evaluate-recommend':
        return {
          ...head,
          ...evaluateRecommendations(data.learnerRows, needCourses(data), {
            k: options.k ?? 10,
            baselineNeighbours: options.neighbours,
            ...data.recommendInputs,
            // The old distance recommender compares every learner with every other: skipped on
            // large bases.
            previous: data.learnerRows.length <= PREVIOUS_UP_TO,
          }),
        };
      case 'report': {
        if (!data.db) throw new UsageError('report needs --db');
        return {
          command: 'report',
          ...sessionReportJob(
            data.db,
            {
              sessionId: options.sessionId ?? 0,
              viewerLimit: options.limit ?? 50,
              viewerOffset: 0,
            } as Parameters<typeof sessionReportJob>[1],
            inProcessContext(Date.now()),
          ),
        };
      }
    }
  } finally {
    data.db?.close();
  }
}

function needCourses(data: Data): CoursePurchase[] {
  if (data.coursePurchases.length === 0) {
    throw new UsageError('this command needs courses: a course column (--format orders) or --db');
  }
  return data.coursePurchases;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  try {
    const result = await run(parseOptions(argv));
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (error) {
    const usage =
      error instanceof UsageError || error instanceof RangeError || error instanceof TypeError;
    const code = error instanceof UsageError ? 'BAD_ARGS' : usage ? 'BAD_INPUT' : 'FAILED';
    const studioCode = (error as { code?: unknown }).code;
    process.stderr.write(
      `${JSON.stringify({
        error: {
          code: typeof studioCode === 'string' ? studioCode : code,
          message: error instanceof Error ? error.message : String(error),
        },
      })}\n`,
    );
    process.exitCode = usage || typeof studioCode === 'string' ? 2 : 1;
  }
}

void main();
