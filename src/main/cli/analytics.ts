import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
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
} from '../analytics/worker/customer-base';
import { inProcessContext } from '../analytics/worker/job-context';
import { sessionReportJob } from '../analytics/worker/jobs';
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
  --limit <n>          rows listed per learner-level command (default: all)`;

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
  return {
    command: cmd,
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

function readCdnow(file: string): Purchase[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, n }) => {
      const [, sampleId, date, , dollars] = line.split(/\s+/);
      if (!sampleId || !date || !dollars || !/^\d{8}$/.test(date)) {
        throw new UsageError(`${file}:${n}: expected "id sample_id YYYYMMDD cds dollars"`);
      }
      const at = Date.UTC(
        Number(date.slice(0, 4)),
        Number(date.slice(4, 6)) - 1,
        Number(date.slice(6, 8)),
      );
      return {
        customerId: String(Number(sampleId)),
        at,
        amountMinor: toMinor(dollars, `${file}:${n}`),
      };
    });
}

function readOrdersCsv(file: string): Purchase[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8'), {
    header: true,
    skipEmptyLines: true,
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const fields = parsed.meta.fields ?? [];
  for (const required of ['customer_id', 'date', 'amount']) {
    if (!fields.includes(required)) {
      throw new UsageError(
        `${file}: the header needs customer_id, date and amount (has ${fields.join(', ')})`,
      );
    }
  }
  return parsed.data.map((row, i) => {
    const where = `${file}:${i + 2}`;
    const customerId = (row.customer_id ?? '').trim();
    const at = Date.parse((row.date ?? '').trim());
    if (customerId === '' || Number.isNaN(at)) {
      throw new UsageError(`${where}: needs a customer_id and a date`);
    }
    const amountMinor = toMinor(row.amount ?? '', where);
    if (amountMinor < 0)
      throw new UsageError(`${where}: a negative amount is a refund: leave it out`);
    const course = (row.course ?? '').trim();
    return { customerId, at, amountMinor, ...(course === '' ? {} : { courseId: course }) };
  });
}

/**
 * The UCI Online Retail export as course purchases: one per invoice line, the stock code as the
 * course, quantity × unit price as the amount. Dates "YYYY-MM-DD HH:MM" are read as UTC.
 */
function readOnlineRetail(file: string): Purchase[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8'), {
    header: true,
    skipEmptyLines: true,
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const fields = parsed.meta.fields ?? [];
  const required = ['invoiceno', 'stockcode', 'quantity', 'invoicedate', 'unitprice', 'customerid'];
  for (const name of required) {
    if (!fields.includes(name)) {
      throw new UsageError(
        `${file}: the header needs ${required.join(', ')} (has ${fields.join(', ')})`,
      );
    }
  }
  const out: Purchase[] = [];
  parsed.data.forEach((row, i) => {
    const where = `${file}:${i + 2}`;
    const customerId = (row.customerid ?? '').trim().replace(/\.0$/, '');
    const invoice = (row.invoiceno ?? '').trim();
    const quantity = Number(row.quantity);
    const price = Number(row.unitprice);
    if (customerId === '' || invoice.startsWith('C') || !(quantity > 0) || !(price > 0)) return;
    const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?$/.exec(
      (row.invoicedate ?? '').trim(),
    );
    const at = m ? Date.parse(`${m[1]}T${m[2]}${m[3] ?? ':00'}Z`) : Number.NaN;
    if (Number.isNaN(at)) throw new UsageError(`${where}: InvoiceDate must be YYYY-MM-DD HH:MM`);
    const courseId = (row.stockcode ?? '').trim();
    if (courseId === '') throw new UsageError(`${where}: needs a StockCode`);
    out.push({ customerId, at, amountMinor: Math.round(quantity * price * 100), courseId });
  });
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

function fromCsv(options: Options): Data {
  const file = options.csv ?? '';
  const purchases =
    options.format === 'cdnow'
      ? readCdnow(file)
      : options.format === 'online-retail'
        ? readOnlineRetail(file)
        : readOrdersCsv(file);
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

function run(options: Options): unknown {
  const data = options.csv !== null ? fromCsv(options) : fromDb(options);
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

function main(): void {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  try {
    const result = run(parseOptions(argv));
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

main();
