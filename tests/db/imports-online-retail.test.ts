import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importOrders, type ImportProgress } from '../../src/main/imports/import-orders';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import { getImportRun, listUnmatchedOrders } from '../../src/main/storage/queries/imports';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const FIXTURE = join(
  import.meta.dirname,
  '..',
  'fixtures',
  'online-retail',
  'online-retail-first3000.csv',
);
const SOURCE = 'online-retail';
const OPTIONS = { utcOffsetMinutes: 0 };

// ---------------------------------------------------------------------------------------------
// An independent reading of the raw CSV, in plain code, to check the importer against.

interface RawRow {
  line: number;
  invoice: string;
  stock: string;
  quantity: number;
  date: string;
  price: number;
  customer: string;
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i);
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

function rawRows(text: string): RawRow[] {
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line !== '')
    .map((line, index) => {
      const [invoice, stock, , quantity, date, price, customer] = splitCsvLine(line);
      return {
        line: index + 2,
        invoice: invoice!,
        stock: stock!,
        quantity: Number(quantity),
        date: date!,
        price: Number(price),
        customer: customer!,
      };
    });
}

const cents = (row: RawRow): number => Math.round(Math.abs(row.quantity) * row.price * 100);
const isCancellation = (row: RawRow): boolean => row.invoice.startsWith('C');
const isValid = (row: RawRow): boolean =>
  row.price > 0 && row.quantity !== 0 && (row.quantity > 0 || isCancellation(row));
const utc = (date: string): number => Date.parse(`${date.replace(' ', 'T')}:00Z`);

/**
 * What the import should produce. Rule: a cancellation line refunds the same customer's latest
 * earlier line of the same stock code that is not fully refunded yet (then the next one); what no
 * line absorbs stays as a refund-only order.
 */
function expected(rows: RawRow[]) {
  const valid = rows.filter(isValid);
  const purchases = new Map<
    string,
    { at: number; customer: string; lines: { stock: string; amount: number; refunded: number }[] }
  >();
  for (const row of valid.filter((r) => !isCancellation(r))) {
    let order = purchases.get(row.invoice);
    if (!order) {
      order = { at: utc(row.date), customer: row.customer, lines: [] };
      purchases.set(row.invoice, order);
    }
    order.customer ||= row.customer;
    order.lines.push({ stock: row.stock, amount: cents(row), refunded: 0 });
  }
  const orderList = [...purchases.values()];
  const cancelGroups = new Map<string, RawRow[]>();
  for (const row of valid.filter(isCancellation)) {
    cancelGroups.set(row.invoice, [...(cancelGroups.get(row.invoice) ?? []), row]);
  }
  const groups = [...cancelGroups.values()].sort((a, b) => utc(a[0]!.date) - utc(b[0]!.date));
  let matchedAmount = 0;
  let refundsMatched = 0;
  let refundsUnmatched = 0;
  let refundOnlyOrders = 0;
  let refundOnlyLines = 0;
  let refundOnlyUnmatched = 0;
  for (const group of groups) {
    const at = utc(group[0]!.date);
    const customer = group.find((r) => r.customer !== '')?.customer ?? '';
    let leftovers = 0;
    for (const row of group) {
      let left = cents(row);
      const candidates = orderList
        .map((order, index) => ({ order, index }))
        .filter(({ order }) => customer !== '' && order.customer === customer && order.at <= at)
        .sort((a, b) => b.order.at - a.order.at || b.index - a.index);
      for (const { order } of candidates) {
        for (const line of [...order.lines].reverse()) {
          if (left === 0) break;
          if (line.stock !== row.stock || line.refunded >= line.amount) continue;
          const take = Math.min(line.amount - line.refunded, left);
          line.refunded += take;
          left -= take;
          matchedAmount += take;
        }
      }
      if (left < cents(row)) refundsMatched++;
      if (left > 0) {
        refundsUnmatched++;
        leftovers++;
      }
    }
    if (leftovers > 0) {
      refundOnlyOrders++;
      refundOnlyLines += leftovers;
      if (customer === '') refundOnlyUnmatched++;
    }
  }
  const gross = orderList.reduce((sum, o) => sum + o.lines.reduce((s, l) => s + l.amount, 0), 0);
  return {
    rowsRejected: rows.length - valid.length,
    purchaseOrders: purchases.size,
    orders: purchases.size + refundOnlyOrders,
    lines: valid.filter((r) => !isCancellation(r)).length + refundOnlyLines,
    unmatched: orderList.filter((o) => o.customer === '').length + refundOnlyUnmatched,
    learners: new Set(valid.map((r) => r.customer).filter(Boolean)).size,
    netRevenue: gross - matchedAmount,
    matchedAmount,
    refundsMatched,
    refundsUnmatched,
  };
}

// ---------------------------------------------------------------------------------------------

function open(): Db {
  return openDatabase(join(tempDir(), 'imports.db'));
}

function netRevenue(db: Db): number {
  return (
    db
      .prepare(
        `SELECT coalesce(sum(total_minor - refunded_minor), 0) AS n FROM orders
         WHERE status IN ('paid', 'partially_refunded')`,
      )
      .get() as { n: number }
  ).n;
}

function tableCounts(db: Db): {
  orders: number;
  lines: number;
  learners: number;
  identities: number;
} {
  return db
    .prepare(
      `SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM order_lines) AS lines,
              (SELECT count(*) FROM learners) AS learners,
              (SELECT count(*) FROM learner_identities) AS identities`,
    )
    .get() as { orders: number; lines: number; learners: number; identities: number };
}

async function writeXlsx(rows: RawRow[], text: string, file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Online Retail');
  const lines = text.split(/\r?\n/).filter((line) => line !== '');
  sheet.addRow(splitCsvLine(lines[0]!));
  const numberOr = (value: string): string | number =>
    /^\d+$/.test(value) ? Number(value) : value;
  rows.forEach((row, index) => {
    const cells = splitCsvLine(lines[index + 1]!);
    sheet.addRow([
      numberOr(row.invoice),
      numberOr(row.stock),
      cells[2],
      row.quantity,
      // exceljs writes a Date's UTC wall clock as the cell's local time.
      new Date(utc(row.date)),
      row.price,
      row.customer === '' ? null : Number(row.customer),
      cells[7],
    ]);
  });
  sheet.getColumn(5).numFmt = 'yyyy-mm-dd hh:mm';
  await workbook.xlsx.writeFile(file);
}

describe('importing the Online Retail sample', () => {
  const text = readFileSync(FIXTURE, 'utf8');
  const rows = rawRows(text);
  const want = expected(rows);

  it('imports orders, lines and learners, reports bad rows, and nets cancellations out of revenue', async () => {
    expect(rows).toHaveLength(3000);
    const db = open();
    const summary = await importOrders(db, { file: FIXTURE, source: SOURCE, options: OPTIONS });
    expect(summary).toMatchObject({
      status: 'done',
      format: 'csv',
      preset: 'online-retail',
      presetConfidence: 1,
      rowsRead: 3000,
      rowsRejected: want.rowsRejected,
      ordersImported: want.orders,
      ordersUpdated: 0,
      ordersUnchanged: 0,
      ordersUnmatched: want.unmatched,
      learnersCreated: want.learners,
      refundsMatched: want.refundsMatched,
      refundsUnmatched: want.refundsUnmatched,
    });
    // The slice's own mess, as counted by hand: 9 zero prices (5 of them negative-quantity stock
    // adjustments), 58 cancellation lines of which 2 refund an earlier purchase in the slice.
    expect(want.rowsRejected).toBe(9);
    expect(want.refundsMatched).toBe(2);
    expect(want.refundsUnmatched).toBe(56);
    expect(tableCounts(db)).toMatchObject({
      orders: want.orders,
      lines: want.lines,
      learners: want.learners,
      identities: want.learners,
    });
    expect(netRevenue(db)).toBe(want.netRevenue);
    expect(want.matchedAmount).toBeGreaterThan(0);

    // Every rejected row is reported with its line and its reasons, the good rows of the same
    // file are all in.
    const rejected = summary.issues.filter((issue) => issue.kind === 'rejected');
    expect(rejected.map((issue) => issue.line)).toEqual(
      rows.filter((row) => !isValid(row)).map((row) => row.line),
    );
    expect(rejected.find((issue) => issue.orderId === '547606')).toMatchObject({
      line: 101,
      kind: 'rejected',
      reason: 'negative quantity on an order that is not a cancellation; zero price',
      orderId: '547606',
    });
    expect(rejected.find((issue) => issue.orderId === '552527')?.reason).toBe('zero price');
    const warnings = summary.issues.filter((issue) => issue.kind === 'warning');
    expect(warnings).toHaveLength(want.refundsUnmatched);
    expect(warnings[0]).toMatchObject({ orderId: 'C567940', line: 50 });

    // Dates are UTC milliseconds of the file's wall clock in the given offset.
    const first = rows[0]!;
    const order = db
      .prepare(`SELECT * FROM orders WHERE source = ? AND external_id = ?`)
      .get(SOURCE, first.invoice) as {
      ordered_at: number;
      currency: string;
      buyer_platform_id: string;
    };
    expect(order).toMatchObject({
      ordered_at: utc(first.date),
      currency: 'GBP',
      buyer_platform_id: first.customer,
    });
    // Orders without a CustomerID are kept, unmatched, and listed.
    const unmatched = listUnmatchedOrders(db, { source: SOURCE, limit: 5, offset: 0 });
    expect(unmatched.total).toBe(want.unmatched);
    expect(unmatched.rows).toHaveLength(5);
    expect(unmatched.rows[0]!.buyer_platform_id).toBeNull();

    const run = getImportRun(db, summary.runId)!;
    expect(run).toMatchObject({
      status: 'done',
      file_name: 'online-retail-first3000.csv',
      rows_read: 3000,
      rows_rejected: want.rowsRejected,
      orders_imported: want.orders,
      preset: 'online-retail',
    });
    expect(run.file_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(run.errors)).toEqual(summary.issues);
    expect(run.finished_at).toBeGreaterThanOrEqual(run.started_at);
    db.close();
  });

  it('refunds the matched original: the cancelled line and its order carry the refund', async () => {
    const db = open();
    await importOrders(db, { file: FIXTURE, source: SOURCE, options: OPTIONS });
    const links = db
      .prepare(
        `SELECT r.refund_external_id, r.amount_minor, o.status, o.refunded_minor, o.total_minor
         FROM order_refund_links r JOIN orders o ON o.id = r.order_id ORDER BY r.refund_external_id`,
      )
      .all() as {
      amount_minor: number;
      status: string;
      refunded_minor: number;
      total_minor: number;
    }[];
    expect(links).toHaveLength(2);
    expect(links.reduce((sum, link) => sum + link.amount_minor, 0)).toBe(want.matchedAmount);
    for (const link of links) {
      expect(link.refunded_minor).toBeGreaterThanOrEqual(link.amount_minor);
      expect(link.status).toBe(
        link.refunded_minor === link.total_minor ? 'refunded' : 'partially_refunded',
      );
    }
    db.close();
  });

  it('re-importing the same file changes nothing', async () => {
    const db = open();
    const first = await importOrders(db, { file: FIXTURE, source: SOURCE, options: OPTIONS });
    const before = tableCounts(db);
    const revenue = netRevenue(db);
    const snapshot = db.prepare('SELECT * FROM orders ORDER BY id').all();
    const again = await importOrders(db, { file: FIXTURE, source: SOURCE, options: OPTIONS });
    expect(again).toMatchObject({
      status: 'done',
      rowsRead: first.rowsRead,
      rowsRejected: first.rowsRejected,
      ordersImported: 0,
      ordersUpdated: 0,
      ordersUnchanged: first.ordersImported,
      ordersUnmatched: first.ordersUnmatched,
      learnersCreated: 0,
      refundsMatched: first.refundsMatched,
      refundsUnmatched: first.refundsUnmatched,
    });
    expect(tableCounts(db)).toEqual(before);
    expect(netRevenue(db)).toBe(revenue);
    expect(db.prepare('SELECT * FROM orders ORDER BY id').all()).toEqual(snapshot);
    db.close();
  });

  it('a modified copy updates exactly the order that changed', async () => {
    const db = open();
    await importOrders(db, { file: FIXTURE, source: SOURCE, options: OPTIONS });
    // Line 2 is invoice 573415: one COOK WITH WINE METAL SIGN; make it three.
    const lines = text.split('\r\n');
    expect(lines[1]).toBe(
      '573415,21166,COOK WITH WINE METAL SIGN ,1,2011-10-30 16:17,2.08,13607,United Kingdom',
    );
    lines[1] = lines[1]!.replace(',1,2011', ',3,2011');
    const modified = join(tempDir(), 'modified.csv');
    writeFileSync(modified, lines.join('\r\n'));
    const summary = await importOrders(db, { file: modified, source: SOURCE, options: OPTIONS });
    expect(summary).toMatchObject({
      ordersImported: 0,
      ordersUpdated: 1,
      ordersUnchanged: want.orders - 1,
    });
    expect(
      db
        .prepare(
          `SELECT o.total_minor, l.quantity FROM orders o JOIN order_lines l ON l.order_id = o.id
           WHERE o.external_id = '573415'`,
        )
        .all(),
    ).toEqual([{ total_minor: 624, quantity: 3 }]);
    expect(netRevenue(db)).toBe(want.netRevenue + 416);
    db.close();
  });

  it('an XLSX workbook of the same rows (date cells, numbers) imports to the same orders', async () => {
    const file = join(tempDir(), 'online-retail.xlsx');
    await writeXlsx(rows, text, file);
    const db = open();
    const summary = await importOrders(db, { file, source: SOURCE, options: OPTIONS });
    expect(summary).toMatchObject({
      format: 'xlsx',
      preset: 'online-retail',
      rowsRead: 3000,
      rowsRejected: want.rowsRejected,
      ordersImported: want.orders,
      ordersUnmatched: want.unmatched,
    });
    expect(netRevenue(db)).toBe(want.netRevenue);
    // Same orders as from the CSV: importing the CSV on top changes nothing.
    const csv = await importOrders(db, { file: FIXTURE, source: SOURCE, options: OPTIONS });
    expect(csv).toMatchObject({
      ordersImported: 0,
      ordersUpdated: 0,
      ordersUnchanged: want.orders,
    });
    db.close();
  });

  it('a named sheet is read, and a missing one is a clear error', async () => {
    const file = join(tempDir(), 'two-sheets.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Notes').addRow(['exported by hand']);
    const sheet = workbook.addWorksheet('Orders');
    sheet.addRow([
      'InvoiceNo',
      'StockCode',
      'Description',
      'Quantity',
      'InvoiceDate',
      'UnitPrice',
      'CustomerID',
    ]);
    // An Excel serial (not a date cell): 40846.67847222222 is 2011-10-30 16:17.
    sheet.addRow([573415, 21166, 'COOK WITH WINE METAL SIGN', 1, 40846.67847222222, 2.08, 13607]);
    await workbook.xlsx.writeFile(file);
    const db = open();
    const summary = await importOrders(db, {
      file,
      source: SOURCE,
      mapping: { sheet: 'Orders' },
      options: OPTIONS,
    });
    expect(summary).toMatchObject({ ordersImported: 1, rowsRead: 1 });
    expect(db.prepare('SELECT ordered_at, total_minor FROM orders').get()).toEqual({
      ordered_at: Date.UTC(2011, 9, 30, 16, 17),
      total_minor: 208,
    });
    await expect(
      importOrders(db, { file, source: SOURCE, mapping: { sheet: 'Sales' }, options: OPTIONS }),
    ).rejects.toThrow("The workbook has no sheet named 'Sales' (it has: Notes, Orders).");
    db.close();
  });
});

describe('progress and cancel', () => {
  it('reports progress in both phases and ends with done', async () => {
    const db = open();
    const seen: ImportProgress[] = [];
    await importOrders(
      db,
      {
        file: FIXTURE,
        source: SOURCE,
        options: { ...OPTIONS, batchRows: 500, progressEveryRows: 250 },
      },
      { onProgress: (p) => seen.push(p) },
    );
    const reads = seen.filter((p) => p.phase === 'read');
    const writes = seen.filter((p) => p.phase === 'write');
    expect(reads.map((p) => p.rowsRead).slice(0, 3)).toEqual([250, 500, 750]);
    expect(reads.at(-1)).toMatchObject({ rowsRead: 3000, totalBytes: 256_622 });
    expect(writes.length).toBeGreaterThanOrEqual(6);
    expect(writes.at(-1)).toMatchObject({ rowsWritten: 2991, total: 2991 });
    expect(seen.at(-1)?.phase).toBe('done');
    db.close();
  });

  it('an abort at the first progress callback writes nothing and marks the run cancelled', async () => {
    const db = open();
    const controller = new AbortController();
    const summary = await importOrders(
      db,
      { file: FIXTURE, source: SOURCE, options: OPTIONS },
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    expect(summary.status).toBe('cancelled');
    expect(getImportRun(db, summary.runId)?.status).toBe('cancelled');
    expect(tableCounts(db)).toEqual({ orders: 0, lines: 0, learners: 0, identities: 0 });
    db.close();
  });

  it('an abort after the first batch keeps that batch, and a re-import finishes the rest', async () => {
    const db = open();
    const controller = new AbortController();
    const summary = await importOrders(
      db,
      { file: FIXTURE, source: SOURCE, options: { ...OPTIONS, batchRows: 1_000 } },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'write') controller.abort();
        },
      },
    );
    expect(summary.status).toBe('cancelled');
    const run = getImportRun(db, summary.runId)!;
    expect(run.status).toBe('cancelled');
    const kept = tableCounts(db).orders;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(want().orders);
    expect(run.orders_imported).toBe(kept);
    // Whole orders only: every kept order has all its lines.
    expect(
      db
        .prepare(
          `SELECT count(*) AS n FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)`,
        )
        .get(),
    ).toEqual({ n: 0 });

    const rest = await importOrders(db, { file: FIXTURE, source: SOURCE, options: OPTIONS });
    expect(rest).toMatchObject({
      status: 'done',
      ordersUnchanged: kept,
      ordersImported: want().orders - kept,
      ordersUpdated: 0,
    });
    expect(tableCounts(db).orders).toBe(want().orders);
    expect(netRevenue(db)).toBe(want().netRevenue);
    db.close();
  });
});

function want(): ReturnType<typeof expected> {
  return expected(rawRows(readFileSync(FIXTURE, 'utf8')));
}
