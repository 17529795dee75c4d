import type { LearnerFeatureRow } from '../analytics/feature-table';
import type { CatalogueCourse, CoursePurchase, CourseSignal } from '../analytics/recommend';
import type { Purchase } from '../analytics/repurchase';
import { customerBase, engagementRows, segmentRows } from '../insights/worker/customer-base';
import { inProcessContext } from '../insights/worker/job-context';
import { cellText, parseDate } from '../imports/values';
import { openDatabase, type Db } from '../storage/connection';
import { DAY_MS, UsageError, type Options } from './analytics-options';

// The analytics CLI's data: purchases read from a CSV file (CDNOW, an orders export, Online
// Retail) or from a studio workspace database.

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

export interface Data {
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

export async function fromCsv(options: Options): Promise<Data> {
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

export function fromDb(options: Options): Data {
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
