import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importOrders, type ImportInput } from '../../src/main/imports/import-orders';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import {
  getImportMapping,
  saveImportMapping,
  setCourseSku,
} from '../../src/main/storage/queries/imports';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const BOM = '\uFEFF';
const HOUR_MS = 3_600_000;

function open(): Db {
  return openDatabase(join(tempDir(), 'presets.db'));
}

function fileWith(name: string, content: string | Uint8Array): string {
  const file = join(tempDir(), name);
  writeFileSync(file, content);
  return file;
}

async function importText(
  db: Db,
  name: string,
  content: string,
  input: Omit<ImportInput, 'file'>,
): ReturnType<typeof importOrders> {
  return importOrders(db, { ...input, file: fileWith(name, content) });
}

interface StoredOrder {
  external_id: string;
  ordered_at: number;
  currency: string;
  total_minor: number;
  refunded_minor: number;
  status: string;
  buyer_email: string | null;
  buyer_phone: string | null;
  buyer_platform_id: string | null;
  learner: string | null;
  lines: string;
}

/** Every order with its learner's name and its lines, for exact comparisons. */
function orders(db: Db): StoredOrder[] {
  return db
    .prepare(
      `SELECT o.external_id, o.ordered_at, o.currency, o.total_minor, o.refunded_minor, o.status,
         o.buyer_email, o.buyer_phone, o.buyer_platform_id, le.display_name AS learner,
         (SELECT json_group_array(json_array(l.title, l.sku, l.course_id, l.quantity, l.amount_minor, l.refunded_minor))
            FROM (SELECT * FROM order_lines WHERE order_id = o.id ORDER BY id) l) AS lines
       FROM orders o LEFT JOIN learners le ON le.id = o.learner_id
       ORDER BY o.id`,
    )
    .all() as StoredOrder[];
}

const lines = (order: StoredOrder | undefined): unknown => JSON.parse(order?.lines ?? '[]');

describe('presets', () => {
  it('generic: BOM, quoted commas and newlines, $1,234.50, 12.5 USD, (12.00), statuses, SKU and title course links', async () => {
    const db = open();
    db.exec(`INSERT INTO courses (id, title, price_minor, currency, created_at) VALUES
      (1, 'Watercolour Basics', 2500, 'USD', 0), (2, 'Python for Beginners', 123450, 'USD', 0)`);
    setCourseSku(db, { source: '', sku: 'PY-1', courseId: 2 });
    const csv =
      BOM +
      [
        'order_id,ordered_at,email,phone,customer_id,name,course,course_sku,quantity,unit_price,currency,status,refunded_amount',
        '1001,2024-03-05 14:30,Ann+Course@Example.COM ,,,"Ann Lee","Python, for beginners",PY-1,1,"$1,234.50",USD,Completed,',
        '1002,2024-03-06T09:00:00Z,bob@example.com,(555) 010-9999,,Bob,"Watercolour\nbasics",,2,12.5 USD,USD,Partially Refunded,(12.00)',
        '1002,2024-03-06T09:00:00Z,bob@example.com,,,Bob,Brushes,,1,"3.00",USD,,',
        '1003,2024-03-07 10:00,cat@example.com,,,Cat,Python 2,,1,19.90,USD,Pending,',
        '1004,,dan@example.com,,,,Anything,,1,5,USD,paid,',
        ',2024-03-07 10:00,eve@example.com,,,,Anything,,1,5,USD,paid,',
        '1005,2024-03-07 10:00,eve@example.com,,,,Anything,,-1,5,USD,paid,',
        '1006,2024-03-07 10:00,eve@example.com,,,,Anything,,1,abc,USD,paid,',
        '1007,2024-03-07 10:00,eve@example.com,,,,Anything,,1,0.00,USD,paid,',
      ].join('\r\n') +
      '\r\n';
    const summary = await importText(db, 'generic.csv', csv, {
      source: 'shop',
      options: { utcOffsetMinutes: 8 * 60, defaultCountryCode: '1' },
    });
    expect(summary).toMatchObject({
      preset: 'generic',
      rowsRead: 9,
      rowsRejected: 6,
      ordersImported: 2,
      learnersCreated: 2,
    });
    expect(summary.presetConfidence).toBeGreaterThan(0.5);
    // Physical lines: the quoted newline in order 1002's course puts 1003 on line 6.
    expect(summary.issues).toMatchObject([
      {
        line: 6,
        kind: 'rejected',
        reason: "status 'Pending' is not a completed payment",
        orderId: '1003',
      },
      { line: 7, kind: 'rejected', reason: 'missing order date', orderId: '1004' },
      { line: 8, kind: 'rejected', reason: 'missing order id' },
      {
        line: 9,
        kind: 'rejected',
        reason: 'negative quantity on an order that is not a cancellation',
        orderId: '1005',
      },
      {
        line: 10,
        kind: 'rejected',
        reason: "unit price: unparseable amount 'abc'",
        orderId: '1006',
      },
      { line: 11, kind: 'rejected', reason: 'zero price', orderId: '1007' },
    ]);
    const [ann, bob] = orders(db);
    expect(ann).toMatchObject({
      external_id: '1001',
      ordered_at: Date.UTC(2024, 2, 5, 14, 30) - 8 * HOUR_MS,
      currency: 'USD',
      total_minor: 123450,
      refunded_minor: 0,
      status: 'paid',
      buyer_email: 'ann+course@example.com',
      learner: 'Ann Lee',
    });
    expect(lines(ann)).toEqual([['Python, for beginners', 'PY-1', 2, 1, 123450, 0]]);
    expect(bob).toMatchObject({
      external_id: '1002',
      ordered_at: Date.UTC(2024, 2, 6, 9),
      total_minor: 2800,
      refunded_minor: 1200,
      status: 'partially_refunded',
      buyer_phone: '+15550109999',
      learner: 'Bob',
    });
    expect(lines(bob)).toEqual([
      ['Watercolour basics', null, 1, 2, 2500, 0],
      ['Brushes', null, null, 1, 300, 0],
    ]);
    db.close();
  });

  it('xiaoe-tech: Chinese headers with units, ¥ and 元 amounts, Beijing time, +86 mobiles, 已退款/待支付', async () => {
    const db = open();
    const csv = [
      '订单号,商品名称,用户昵称,手机号,实付金额(元),订单状态,下单时间,支付时间,退款金额（元）',
      'X001,Python 入门课,小明,13800138000,¥199.00,已支付,2024-03-05 14:29:50,2024/03/05 14:30:00,',
      'X002,"水彩课, 进阶",王芳,+86 139-0000-0000,"1,299.00元",已退款,2024年3月6日 09:00,,',
      'X003,Python 入门课,李雷,13700000000,99,待支付,2024-03-07 10:00:00,,',
      'X004,Python 入门课,小明,138 0013 8000,50,部分退款,2024-03-08 10:00:00,2024-03-08 10:01:00,20',
    ].join('\n');
    const summary = await importText(db, 'xiaoe.csv', csv, {
      source: 'xiaoe',
      options: { utcOffsetMinutes: 0 },
    });
    expect(summary).toMatchObject({
      preset: 'xiaoe-tech',
      presetConfidence: 1,
      rowsRead: 4,
      rowsRejected: 1,
      ordersImported: 3,
      learnersCreated: 2,
    });
    expect(summary.issues).toMatchObject([
      {
        line: 4,
        kind: 'rejected',
        reason: "status '待支付' is not a completed payment",
        orderId: 'X003',
      },
    ]);
    const [x1, x2, x4] = orders(db);
    expect(x1).toMatchObject({
      ordered_at: Date.UTC(2024, 2, 5, 6, 30),
      currency: 'CNY',
      total_minor: 19900,
      status: 'paid',
      buyer_phone: '+8613800138000',
      learner: '小明',
    });
    expect(lines(x1)).toEqual([['Python 入门课', null, null, 1, 19900, 0]]);
    expect(x2).toMatchObject({
      ordered_at: Date.UTC(2024, 2, 6, 1),
      total_minor: 129900,
      refunded_minor: 129900,
      status: 'refunded',
      buyer_phone: '+8613900000000',
      learner: '王芳',
    });
    expect(lines(x2)).toEqual([['水彩课, 进阶', null, null, 1, 129900, 0]]);
    // The same buyer by phone, written differently: one learner.
    expect(x4).toMatchObject({
      total_minor: 5000,
      refunded_minor: 2000,
      status: 'partially_refunded',
      learner: '小明',
    });
    db.close();
  });

  it('xiaoe-tech in GB18030 (as Excel saves Chinese CSV) imports once the encoding is chosen', async () => {
    const db = open();
    const gbk = Buffer.from(
      'b6a9b5a5bac52ccfc2b5a5cab1bce42ccab5b8b6bdf0b6ee2cd3c3bba7eac7b3c60d0a58312c323032342d30332d30352031303a30302c39392cd0a1c3f70d0a',
      'hex',
    );
    const summary = await importOrders(db, {
      file: fileWith('xiaoe-gbk.csv', gbk),
      source: 'xiaoe',
      mapping: { encoding: 'gb18030' },
      options: { utcOffsetMinutes: 0 },
    });
    expect(summary).toMatchObject({ preset: 'xiaoe-tech', ordersImported: 1 });
    expect(orders(db)[0]).toMatchObject({ total_minor: 9900, currency: 'CNY', learner: null });
    db.close();
  });

  it('teachable: UTC times, ¥12,000 in JPY (no minor unit), lower-case currency, refunds', async () => {
    const db = open();
    const csv = [
      'Sale ID,Purchased At,Student Name,Student Email,Product,Final Price,Currency,Coupon,Status,Amount Refunded',
      'T-1,2024-03-05T14:30:00Z,Kenji Sato,KENJI@example.jp,Watercolour Basics,"¥12,000",JPY,SPRING,paid,0',
      'T-2,2024-03-06T08:00:00Z,Amy Wong,amy@example.com,Python for Beginners,49.99,usd,,refunded,49.99',
    ].join('\n');
    const summary = await importText(db, 'teachable.csv', csv, {
      source: 'teachable',
      options: { utcOffsetMinutes: 8 * 60 },
    });
    expect(summary).toMatchObject({ preset: 'teachable', ordersImported: 2, rowsRejected: 0 });
    expect(orders(db)).toMatchObject([
      {
        external_id: 'T-1',
        ordered_at: Date.UTC(2024, 2, 5, 14, 30),
        currency: 'JPY',
        total_minor: 12000,
        status: 'paid',
        buyer_email: 'kenji@example.jp',
        learner: 'Kenji Sato',
      },
      {
        external_id: 'T-2',
        currency: 'USD',
        total_minor: 4999,
        refunded_minor: 4999,
        status: 'refunded',
        learner: 'Amy Wong',
      },
    ]);
    db.close();
  });

  it('thinkific: decimal comma from the mapping, "1.234,50 €", first + last name', async () => {
    const db = open();
    const csv = [
      'Order Number,Order Date,First Name,Last Name,User Email,Product Name,Amount,Currency,Coupon Code',
      '1001,2024-03-05 14:30,Marie,Curie,marie@example.fr,Chemistry 101,"1.234,50 €",EUR,',
      '1002,2024-03-06 15:00,Pierre,Curie,pierre@example.fr,Physics,"49,00",EUR,HALF',
    ].join('\n');
    const summary = await importText(db, 'thinkific.csv', csv, {
      source: 'thinkific',
      mapping: { decimalSeparator: ',' },
      options: { utcOffsetMinutes: 120 },
    });
    expect(summary).toMatchObject({ preset: 'thinkific', ordersImported: 2, rowsRejected: 0 });
    expect(orders(db)).toMatchObject([
      {
        ordered_at: Date.UTC(2024, 2, 5, 14, 30),
        currency: 'EUR',
        total_minor: 123450,
        learner: 'Marie Curie',
      },
      { total_minor: 4900, learner: 'Pierre Curie' },
    ]);
    db.close();
  });

  const SHOPIFY = [
    'Name,Email,Financial Status,Paid at,Created at,Currency,Total,Refunded Amount,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Name,Phone',
    '#1001,ann@example.com,paid,2024-03-05 14:30:00 +0800,2024-03-05 14:29:00 +0800,CNY,328.00,0.00,1,Python for Beginners,199.00,PY-1,Ann Lee,',
    '#1001,ann@example.com,,,2024-03-05 14:29:00 +0800,,,,2,"Sticker, pack",64.50,ST-2,,',
    '#1002,bob@example.com,partially_refunded,2024-03-06 10:00:00 +0800,2024-03-06 09:59:00 +0800,CNY,99.00,30.00,1,Watercolour Basics,99.00,,Bob,+86 138 0013 8000',
    '#1003,cat@example.com,voided,,2024-03-07 09:00:00 +0800,CNY,10.00,,1,Thing,10.00,,Cat,',
    '#1004,dan@example.com,pending,,2024-03-07 09:30:00 +0800,CNY,10.00,,1,Thing,10.00,,Dan,',
  ];

  it('shopify: one row per line item, order fields on the first row, +0800 times, voided and pending', async () => {
    const db = open();
    const summary = await importText(db, 'orders_export.csv', SHOPIFY.join('\n'), {
      source: 'shopify',
      options: { utcOffsetMinutes: 0 },
    });
    expect(summary).toMatchObject({
      preset: 'shopify',
      presetConfidence: 1,
      rowsRead: 5,
      rowsRejected: 1,
      ordersImported: 3,
    });
    expect(summary.issues).toMatchObject([
      {
        line: 6,
        kind: 'rejected',
        reason: "status 'pending' is not a completed payment",
        orderId: '#1004',
      },
    ]);
    const [o1, o2, o3] = orders(db);
    expect(o1).toMatchObject({
      external_id: '#1001',
      ordered_at: Date.UTC(2024, 2, 5, 6, 30),
      total_minor: 32800,
      status: 'paid',
      learner: 'Ann Lee',
    });
    expect(lines(o1)).toEqual([
      ['Python for Beginners', 'PY-1', null, 1, 19900, 0],
      ['Sticker, pack', 'ST-2', null, 2, 12900, 0],
    ]);
    expect(o2).toMatchObject({
      total_minor: 9900,
      refunded_minor: 3000,
      status: 'partially_refunded',
      buyer_phone: '+8613800138000',
    });
    // Voided: kept as cancelled (never revenue), dated by Created at since it was never paid.
    expect(o3).toMatchObject({
      status: 'cancelled',
      ordered_at: Date.UTC(2024, 2, 7, 1),
      total_minor: 1000,
    });
    db.close();
  });

  it('shopify: re-importing is a no-op, and one order turned refunded updates exactly that order', async () => {
    const db = open();
    const file = fileWith('orders_export.csv', SHOPIFY.join('\n'));
    await importOrders(db, { file, source: 'shopify' });
    const again = await importOrders(db, { file, source: 'shopify' });
    expect(again).toMatchObject({ ordersImported: 0, ordersUpdated: 0, ordersUnchanged: 3 });
    const changed = [...SHOPIFY];
    changed[1] = changed[1]!
      .replace(',paid,', ',refunded,')
      .replace(',328.00,0.00,', ',328.00,328.00,');
    const modified = await importOrders(db, {
      file: fileWith('orders_export_2.csv', changed.join('\n')),
      source: 'shopify',
    });
    expect(modified).toMatchObject({ ordersImported: 0, ordersUpdated: 1, ordersUnchanged: 2 });
    expect(orders(db)[0]).toMatchObject({
      external_id: '#1001',
      status: 'refunded',
      refunded_minor: 32800,
    });
    db.close();
  });

  it('stripe: id, Created (UTC), Amount, Amount Refunded, Currency, Customer Email, Status, Description', async () => {
    const db = open();
    const csv = [
      'id,Description,Created (UTC),Amount,Amount Refunded,Currency,Captured,Fee,Customer ID,Customer Email,Card Name,Status',
      'ch_1,Python for Beginners,2024-03-05 14:30,49.00,0.00,usd,true,1.72,cus_1,ann@example.com,Ann Lee,Paid',
      'ch_2,Coaching call,2024-03-06 09:15:30,"1,000",1000,jpy,true,30,cus_2,,Taro Yamada,Refunded',
      'ch_3,,2024-03-07 10:00,12.00,0,usd,false,0,,,,Failed',
      'ch_4,Workshop,2024-03-08 10:00,20.00,5.00,usd,true,0.88,cus_1,ann@example.com,Ann Lee,Partially Refunded',
    ].join('\n');
    const summary = await importText(db, 'payments.csv', csv, {
      source: 'stripe',
      options: { utcOffsetMinutes: 8 * 60 },
    });
    expect(summary).toMatchObject({
      preset: 'stripe',
      rowsRejected: 1,
      ordersImported: 3,
      learnersCreated: 2,
    });
    expect(summary.issues).toMatchObject([
      {
        line: 4,
        kind: 'rejected',
        reason: "status 'Failed' is not a completed payment",
        orderId: 'ch_3',
      },
    ]);
    expect(orders(db)).toMatchObject([
      {
        external_id: 'ch_1',
        ordered_at: Date.UTC(2024, 2, 5, 14, 30),
        currency: 'USD',
        total_minor: 4900,
        status: 'paid',
        buyer_platform_id: 'cus_1',
        learner: 'Ann Lee',
      },
      {
        external_id: 'ch_2',
        ordered_at: Date.UTC(2024, 2, 6, 9, 15, 30),
        currency: 'JPY',
        total_minor: 1000,
        refunded_minor: 1000,
        status: 'refunded',
        buyer_email: null,
        buyer_platform_id: 'cus_2',
        learner: 'Taro Yamada',
      },
      {
        external_id: 'ch_4',
        total_minor: 2000,
        refunded_minor: 500,
        status: 'partially_refunded',
        learner: 'Ann Lee',
      },
    ]);
    expect(lines(orders(db)[1])).toEqual([['Coaching call', null, null, 1, 1000, 0]]);
    db.close();
  });

  it('online-retail: M/D/Y dates, cancellations refund the matching purchase, the rest is kept refund-only', async () => {
    const db = open();
    const csv = [
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
      '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom',
      '536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom',
      '536366,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/2/2010 9:00,2.55,17850,United Kingdom',
      'C536379,85123A,WHITE HANGING HEART T-LIGHT HOLDER,-2,12/3/2010 9:41,2.55,17850,United Kingdom',
      'C536380,71053,WHITE METAL LANTERN,-10,12/4/2010 9:41,3.39,17850,United Kingdom',
      'C536381,POST,POSTAGE,-1,12/4/2010 10:00,40.00,,United Kingdom',
    ].join('\n');
    const file = fileWith('retail.csv', csv);
    const input = { file, source: 'online-retail', options: { utcOffsetMinutes: 0 } };
    const summary = await importOrders(db, input);
    expect(summary).toMatchObject({
      preset: 'online-retail',
      rowsRejected: 0,
      ordersImported: 4,
      ordersUnmatched: 1,
      learnersCreated: 1,
      refundsMatched: 2,
      refundsUnmatched: 2,
    });
    expect(summary.issues.map((issue) => [issue.line, issue.kind, issue.orderId])).toEqual([
      [6, 'warning', 'C536380'],
      [7, 'warning', 'C536381'],
    ]);
    const expectedOrders = [
      {
        external_id: '536365',
        ordered_at: Date.UTC(2010, 11, 1, 8, 26),
        currency: 'GBP',
        total_minor: 3564,
        refunded_minor: 2034,
        status: 'partially_refunded',
        learner: 'online-retail 17850',
      },
      {
        external_id: '536366',
        total_minor: 1530,
        refunded_minor: 510,
        status: 'partially_refunded',
      },
      { external_id: 'C536380', total_minor: 1356, refunded_minor: 1356, status: 'refunded' },
      {
        external_id: 'C536381',
        total_minor: 4000,
        refunded_minor: 4000,
        status: 'refunded',
        learner: null,
      },
    ];
    expect(orders(db)).toMatchObject(expectedOrders);
    expect(lines(orders(db)[0])).toEqual([
      ['WHITE HANGING HEART T-LIGHT HOLDER', '85123A', null, 6, 1530, 0],
      ['WHITE METAL LANTERN', '71053', null, 6, 2034, 2034],
    ]);
    // Applied once: a re-import finds every refund already in place.
    const again = await importOrders(db, input);
    expect(again).toMatchObject({
      ordersImported: 0,
      ordersUpdated: 0,
      ordersUnchanged: 4,
      refundsMatched: 2,
      refundsUnmatched: 2,
    });
    expect(orders(db)).toMatchObject(expectedOrders);
    db.close();
  });
});

describe('mappings', () => {
  it('a saved mapping maps unknown headers, sets the date order and adds statuses', async () => {
    const db = open();
    saveImportMapping(db, {
      name: 'My school',
      at: 1,
      mapping: {
        preset: 'generic',
        columns: {
          orderId: 'Ref',
          orderedAt: 'When',
          lineAmount: 'Paid',
          email: 'Mail',
          itemTitle: ['Course', 'Item'],
          name: null,
        },
        dateOrder: 'DMY',
        defaultCurrency: 'cny',
        statusMap: { 'OK!': 'paid', Reversed: 'refunded' },
      },
    });
    const saved = getImportMapping(db, 'My school')!;
    const csv = [
      'Ref,When,Paid,Mail,Course,Item,Name,State',
      'A1,05/03/2024 14:30,100,a@example.com,,Poster,Should Not Be Used,OK!',
      'A2,25/12/2024,30.5,b@example.com,Python,,Bee,Reversed',
    ].join('\n');
    const summary = await importText(db, 'mine.csv', csv.replace('State', 'Status'), {
      source: 'school',
      mapping: saved.mapping,
      options: { utcOffsetMinutes: 0 },
    });
    expect(summary).toMatchObject({ preset: 'generic', presetConfidence: null, ordersImported: 2 });
    expect(orders(db)).toMatchObject([
      {
        ordered_at: Date.UTC(2024, 2, 5, 14, 30),
        currency: 'CNY',
        total_minor: 10000,
        status: 'paid',
        learner: 'a',
      },
      { ordered_at: Date.UTC(2024, 11, 25), total_minor: 3050, status: 'refunded', learner: 'b' },
    ]);
    expect(lines(orders(db)[0])).toEqual([['Poster', null, null, 1, 10000, 0]]);
    db.close();
  });

  it('NN/NN/YYYY dates are never guessed: without a date order they are rejected', async () => {
    const db = open();
    const csv = [
      'order_id,date,amount,currency',
      '1,05/03/2024,10,USD',
      '2,2024-03-05,10,USD',
    ].join('\n');
    const summary = await importText(db, 'ambiguous.csv', csv, { source: 'shop' });
    expect(summary).toMatchObject({ ordersImported: 1, rowsRejected: 1 });
    expect(summary.issues[0]?.reason).toMatch(/^ambiguous date '05\/03\/2024': set the date order/);
    db.close();
  });

  it('a mapped column that is not in the file is a clear error', async () => {
    const db = open();
    await expect(
      importText(db, 'x.csv', 'order_id,date,amount\n1,2024-01-01,5\n', {
        source: 'shop',
        mapping: { columns: { email: 'E-mail address' } },
        options: { defaultCurrency: 'USD' },
      }),
    ).rejects.toThrow(/the column 'E-mail address' \(mapped to email\) is not in the file/);
    db.close();
  });
});
