import type { DateOrder, DecimalSeparator } from './values';
import { clip } from './limits';
import { englishProblem, type ImportProblem } from '../../shared/contract/import-problems';
import {
  IMPORT_FIELDS,
  type ImportField,
  type ImportMapping,
  type PresetName,
  type StatusMeaning,
} from './mapping';

// Presets: the column names (and habits) of common exports, so that most files import with no
// mapping at all. Where a platform's export format is not published, the columns below are a
// documented best guess (see README.md) and every one of them can be overridden by a mapping.

interface ColumnSpec {
  /** Header names, compared case-insensitively with spaces/underscores folded. */
  names: readonly string[];
  /** Use every present column in order, the first non-empty cell of a row winning. */
  fallback?: boolean;
}

type PresetDefaults = Pick<
  ImportMapping,
  | 'dateOrder'
  | 'decimalSeparator'
  | 'utcOffsetMinutes'
  | 'defaultCurrency'
  | 'defaultCountryCode'
  | 'cancellationPrefix'
>;

export interface Preset {
  name: PresetName;
  columns: Partial<Record<ImportField, ColumnSpec>>;
  /** Headers characteristic of the export; the share present is the detection confidence. */
  signature: readonly string[];
  statusMap: Readonly<Record<string, StatusMeaning>>;
  defaults: PresetDefaults;
}

const c = (...names: string[]): ColumnSpec => ({ names });
const fallback = (...names: string[]): ColumnSpec => ({ names, fallback: true });

// Statuses that mean "closed without payment" become 'cancelled' orders (kept, never revenue);
// statuses that mean "not settled (yet)" are skipped, so that a later export imports them once
// they are paid.
const COMMON_STATUSES: Readonly<Record<string, StatusMeaning>> = {
  paid: 'paid',
  completed: 'paid',
  complete: 'paid',
  success: 'paid',
  succeeded: 'paid',
  successful: 'paid',
  settled: 'paid',
  captured: 'paid',
  refunded: 'refunded',
  'fully refunded': 'refunded',
  'partially refunded': 'partially_refunded',
  'partial refund': 'partially_refunded',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  void: 'cancelled',
  voided: 'cancelled',
  pending: 'skip',
  unpaid: 'skip',
  failed: 'skip',
  declined: 'skip',
  incomplete: 'skip',
  authorized: 'skip',
  expired: 'skip',
};

const GENERIC: Preset = {
  name: 'generic',
  columns: {
    orderId: c('order id', 'order number', 'order no', 'order', 'invoice', 'invoice no', 'id'),
    orderedAt: c('ordered at', 'order date', 'date', 'created at', 'created', 'paid at', 'time'),
    email: c('email', 'e-mail', 'email address', 'customer email', 'buyer email'),
    phone: c('phone', 'phone number', 'mobile', 'telephone', 'tel', 'customer phone'),
    customerId: c('customer id', 'customer', 'user id', 'buyer id', 'student id'),
    name: c('name', 'customer name', 'buyer name', 'full name', 'student name'),
    firstName: c('first name'),
    lastName: c('last name'),
    itemTitle: c(
      'course title',
      'course',
      'course name',
      'product title',
      'product',
      'product name',
      'title',
      'item',
      'item name',
      'description',
    ),
    sku: c('course sku', 'sku', 'product sku', 'course id', 'product id', 'item id'),
    quantity: c('quantity', 'qty'),
    unitPrice: c('unit price', 'price', 'item price'),
    lineAmount: c('amount', 'line amount', 'line total'),
    orderTotal: c('total', 'order total', 'grand total'),
    currency: c('currency', 'currency code'),
    status: c('status', 'order status', 'payment status'),
    refundedAmount: c('refunded amount', 'refunded', 'refund amount', 'amount refunded', 'refund'),
    couponCode: c('coupon code', 'coupon', 'discount code', 'promo code', 'voucher'),
  },
  signature: [],
  statusMap: COMMON_STATUSES,
  defaults: {},
};

/**
 * 小鹅通 (Xiaoe-tech) order export: one row per order, Chinese headers, amounts in yuan, Beijing
 * time, mobile numbers without +86. A guess at its columns (its export is configurable).
 */
const XIAOE_TECH: Preset = {
  name: 'xiaoe-tech',
  columns: {
    orderId: c('订单号', '订单编号', '订单id'),
    orderedAt: fallback('支付时间', '付款时间', '下单时间', '创建时间'),
    name: c('用户昵称', '昵称', '买家昵称', '姓名', '真实姓名', '用户名'),
    customerId: c('用户id', '买家id'),
    phone: c('手机号', '手机号码', '联系电话', '电话'),
    email: c('邮箱', '电子邮箱'),
    itemTitle: c('商品名称', '课程名称', '商品标题', '资源名称'),
    sku: c('商品id', '资源id', '商品编号'),
    quantity: c('购买数量', '商品数量', '数量'),
    unitPrice: c('商品单价', '单价'),
    lineAmount: c('实付金额', '实收金额', '支付金额', '实付款'),
    refundedAmount: c('退款金额', '已退款金额'),
    status: c('订单状态', '支付状态', '状态'),
    currency: c('币种', '货币'),
    couponCode: c('优惠码', '优惠券码', '优惠券', '优惠券编码', '兑换码'),
  },
  signature: [
    '订单号',
    '下单时间',
    '支付时间',
    '用户昵称',
    '手机号',
    '商品名称',
    '实付金额',
    '订单状态',
  ],
  statusMap: {
    ...COMMON_STATUSES,
    已支付: 'paid',
    已付款: 'paid',
    支付成功: 'paid',
    交易成功: 'paid',
    已完成: 'paid',
    // A refund being processed is not a refund yet.
    退款中: 'paid',
    已退款: 'refunded',
    退款成功: 'refunded',
    全额退款: 'refunded',
    部分退款: 'partially_refunded',
    已取消: 'cancelled',
    已关闭: 'cancelled',
    交易关闭: 'cancelled',
    订单关闭: 'cancelled',
    待支付: 'skip',
    待付款: 'skip',
    未支付: 'skip',
    支付失败: 'skip',
  },
  defaults: { utcOffsetMinutes: 8 * 60, defaultCurrency: 'CNY', defaultCountryCode: '86' },
};

/** Teachable sales/transactions export (times in UTC). A guess at its column names. */
const TEACHABLE: Preset = {
  name: 'teachable',
  columns: {
    orderId: c('transaction id', 'sale id', 'order id', 'id'),
    orderedAt: c('purchased at', 'transaction date', 'date', 'created at'),
    name: c('student name', 'student', 'user name', 'name'),
    email: c('student email', 'user email', 'email'),
    customerId: c('user id', 'student id'),
    itemTitle: c('product', 'product name', 'course', 'course name'),
    sku: c('product id', 'course id'),
    lineAmount: c('final price', 'amount', 'charge', 'price'),
    currency: c('currency'),
    status: c('status'),
    refundedAmount: c('amount refunded', 'refunded amount', 'refunds'),
    couponCode: c('coupon', 'coupon code'),
  },
  signature: [
    'sale id',
    'purchased at',
    'student name',
    'student email',
    'product',
    'final price',
    'coupon',
    'amount refunded',
  ],
  statusMap: COMMON_STATUSES,
  defaults: { utcOffsetMinutes: 0 },
};

/** Thinkific orders export (times in UTC). A guess at its column names. */
const THINKIFIC: Preset = {
  name: 'thinkific',
  columns: {
    orderId: c('order number', 'order id', 'order no', 'id'),
    orderedAt: c('order date', 'date', 'created at', 'purchase date'),
    email: c('user email', 'email', 'student email'),
    firstName: c('first name', 'user first name'),
    lastName: c('last name', 'user last name'),
    name: c('user name', 'student name', 'full name', 'name'),
    customerId: c('user id'),
    itemTitle: c('product name', 'product', 'course name', 'course'),
    sku: c('product id', 'course id'),
    lineAmount: c('amount', 'amount paid', 'order amount', 'price'),
    currency: c('currency'),
    status: c('status', 'order status', 'payment status'),
    refundedAmount: c('refunded amount', 'amount refunded', 'refund amount'),
  },
  signature: [
    'order number',
    'order date',
    'user email',
    'first name',
    'last name',
    'product name',
    'amount',
    'coupon code',
  ],
  statusMap: COMMON_STATUSES,
  defaults: { utcOffsetMinutes: 0 },
};

/**
 * Shopify orders export: one row per line item, the order's own fields only on its first row.
 * `Name` is the order number (#1001); `Paid at` carries its own offset (+0800).
 */
const SHOPIFY: Preset = {
  name: 'shopify',
  columns: {
    orderId: c('name'),
    orderedAt: fallback('paid at', 'created at'),
    email: c('email'),
    phone: fallback('phone', 'billing phone', 'shipping phone'),
    name: fallback('billing name', 'shipping name'),
    itemTitle: c('lineitem name'),
    sku: c('lineitem sku'),
    couponCode: c('discount code'),
    quantity: c('lineitem quantity'),
    unitPrice: c('lineitem price'),
    orderTotal: c('total'),
    currency: c('currency'),
    status: c('financial status'),
    refundedAmount: c('refunded amount'),
  },
  signature: [
    'name',
    'email',
    'financial status',
    'paid at',
    'currency',
    'total',
    'refunded amount',
    'lineitem name',
    'lineitem quantity',
    'lineitem price',
    'lineitem sku',
    'billing name',
  ],
  statusMap: { ...COMMON_STATUSES, 'partially paid': 'skip' },
  defaults: {},
};

/** Stripe payments export: one row per charge, amounts in major units, times in UTC. */
const STRIPE: Preset = {
  name: 'stripe',
  columns: {
    orderId: c('id'),
    orderedAt: c('created (utc)', 'created date (utc)', 'created'),
    lineAmount: c('amount'),
    refundedAmount: c('amount refunded'),
    currency: c('currency'),
    email: c('customer email'),
    customerId: c('customer id'),
    name: fallback('card name', 'customer name', 'customer description'),
    status: c('status'),
    itemTitle: c('description'),
  },
  signature: [
    'id',
    'created (utc)',
    'amount',
    'amount refunded',
    'currency',
    'customer email',
    'status',
    'description',
    'captured',
  ],
  statusMap: COMMON_STATUSES,
  defaults: { utcOffsetMinutes: 0 },
};

/**
 * The UCI Online Retail data set: one row per line, invoices starting with C are cancellations,
 * sterling prices, no status column. Its widely circulated CSV writes `12/1/2010 8:26`.
 */
const ONLINE_RETAIL: Preset = {
  name: 'online-retail',
  columns: {
    orderId: c('invoiceno', 'invoice'),
    sku: c('stockcode'),
    itemTitle: c('description'),
    quantity: c('quantity'),
    orderedAt: c('invoicedate'),
    unitPrice: c('unitprice', 'price'),
    customerId: c('customerid', 'customer id'),
  },
  signature: [
    'invoiceno',
    'stockcode',
    'description',
    'quantity',
    'invoicedate',
    'unitprice',
    'customerid',
    'country',
  ],
  statusMap: COMMON_STATUSES,
  defaults: { cancellationPrefix: 'C', defaultCurrency: 'GBP', dateOrder: 'MDY' },
};

/** Most specific first: on equal confidence the earlier preset wins, generic last. */
export const PRESETS: readonly Preset[] = [
  ONLINE_RETAIL,
  SHOPIFY,
  STRIPE,
  XIAOE_TECH,
  TEACHABLE,
  THINKIFIC,
  GENERIC,
];

export function presetByName(name: PresetName): Preset {
  const preset = PRESETS.find((p) => p.name === name);
  if (!preset) throw new Error(`unknown preset '${name}'`);
  return preset;
}

// ---------------------------------------------------------------------------------------------
// Headers and mapping resolution

/** Header text as compared: NFKC (full-width folded), lower-case, spaces/underscores as one. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, ' ');
}

/** "实付金额(元)" → "实付金额", "Amount (USD)" → "amount": units written into a header. */
function withoutSuffix(normalised: string): string {
  return normalised.replace(/\s*\([^()]*\)$/, '');
}

export function normaliseStatus(status: string): string {
  return status
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
}

export interface WorkspaceDefaults {
  utcOffsetMinutes: number;
  /** The workspace's IANA time zone: used when neither the mapping nor the preset gives a zone. */
  timeZone?: string | undefined;
  defaultCurrency?: string | undefined;
  defaultCountryCode?: string | undefined;
}

/** Everything the row parser needs, with the header resolved to column indexes. */
export interface ResolvedMapping {
  preset: PresetName | null;
  /** Detection confidence 0..1; null when the preset was chosen rather than detected. */
  confidence: number | null;
  columns: Partial<Record<ImportField, number[]>>;
  /** Field → the header texts used, for the run record. */
  columnNames: Partial<Record<ImportField, string[]>>;
  dateOrder: DateOrder | undefined;
  decimalSeparator: DecimalSeparator;
  utcOffsetMinutes: number;
  /** An IANA zone for times without one; wins over utcOffsetMinutes when set. */
  timeZone: string | undefined;
  defaultCurrency: string | undefined;
  defaultCountryCode: string | undefined;
  statusMap: ReadonlyMap<string, StatusMeaning>;
  cancellationPrefix: string | null;
}

export type Resolution =
  { ok: true; value: ResolvedMapping } | { ok: false; problem: string; reason: ImportProblem };

function refuse(reason: ImportProblem): Resolution {
  return { ok: false, problem: englishProblem(reason), reason };
}

class HeaderIndex {
  readonly #exact = new Map<string, number>();
  readonly #stripped = new Map<string, number>();

  constructor(readonly header: readonly string[]) {
    header.forEach((text, index) => {
      const name = normaliseHeader(text);
      if (name === '') return;
      if (!this.#exact.has(name)) this.#exact.set(name, index);
      const stripped = withoutSuffix(name);
      if (!this.#stripped.has(stripped)) this.#stripped.set(stripped, index);
    });
  }

  find(name: string): number | undefined {
    const wanted = normaliseHeader(name);
    return this.#exact.get(wanted) ?? this.#stripped.get(withoutSuffix(wanted));
  }

  has(name: string): boolean {
    return this.find(name) !== undefined;
  }
}

function presetColumns(preset: Preset, index: HeaderIndex): Partial<Record<ImportField, number[]>> {
  const columns: Partial<Record<ImportField, number[]>> = {};
  for (const field of IMPORT_FIELDS) {
    const spec = preset.columns[field];
    if (!spec) continue;
    const found: number[] = [];
    for (const name of spec.names) {
      const at = index.find(name);
      if (at === undefined || found.includes(at)) continue;
      found.push(at);
      if (!spec.fallback) break;
    }
    if (found.length > 0) columns[field] = found;
  }
  return columns;
}

/** The required roles no column fills: field keys, `amount` for "an amount column". */
function missingRequired(columns: Partial<Record<ImportField, number[]>>): string[] {
  const missing: string[] = [];
  if (!columns.orderId) missing.push('orderId');
  if (!columns.orderedAt) missing.push('orderedAt');
  if (!columns.unitPrice && !columns.lineAmount && !columns.orderTotal) missing.push('amount');
  return missing;
}

function score(
  preset: Preset,
  index: HeaderIndex,
  columns: Partial<Record<ImportField, number[]>>,
): number {
  if (preset.signature.length > 0) {
    return preset.signature.filter((name) => index.has(name)).length / preset.signature.length;
  }
  // Generic has aliases, not a signature: the share of its fields found, a little discounted so
  // that a specific preset wins a tie.
  const specified = Object.keys(preset.columns).length;
  return (0.9 * Object.keys(columns).length) / specified;
}

/**
 * The preset whose columns fit this header best. `complete` (detection) only considers presets
 * that find every required column; otherwise the closest one (fewest required columns missing,
 * then most columns found) is returned, so that a mapping can complete it and an error can say
 * what exactly is missing.
 */
function bestPreset(
  index: HeaderIndex,
  complete: boolean,
): { preset: Preset; confidence: number } | null {
  let best: { preset: Preset; confidence: number; missing: number } | null = null;
  for (const preset of PRESETS) {
    const columns = presetColumns(preset, index);
    const missing = missingRequired(columns).length;
    if (complete && missing > 0) continue;
    const confidence = Math.round(score(preset, index, columns) * 100) / 100;
    if (confidence <= 0) continue;
    if (
      best === null ||
      missing < best.missing ||
      (missing === best.missing && confidence > best.confidence)
    ) {
      best = { preset, confidence, missing };
    }
  }
  return best;
}

/** The preset detected from a header, if one finds every required column. */
export function detectPreset(
  header: readonly string[],
): { preset: PresetName; confidence: number } | null {
  const best = bestPreset(new HeaderIndex(header), true);
  return best ? { preset: best.preset.name, confidence: best.confidence } : null;
}

/**
 * Resolves a header into column indexes: the chosen (or detected) preset's columns, overridden
 * field by field by the user's mapping; then the reading options, mapping first, then the
 * preset's habits, then the workspace's defaults.
 */
export function resolveMapping(
  header: readonly string[],
  mapping: ImportMapping | undefined,
  chosen: PresetName | undefined,
  workspace: WorkspaceDefaults,
): Resolution {
  const index = new HeaderIndex(header);
  const presetName = chosen ?? mapping?.preset;
  let preset: Preset | null = null;
  let confidence: number | null = null;
  if (presetName !== undefined) {
    preset = presetByName(presetName);
  } else {
    const best = bestPreset(index, true) ?? bestPreset(index, false);
    if (best) {
      preset = best.preset;
      confidence = best.confidence;
    }
  }
  const columns = preset ? presetColumns(preset, index) : {};
  for (const [field, value] of Object.entries(mapping?.columns ?? {}) as [
    ImportField,
    string | string[] | null | undefined,
  ][]) {
    if (value === undefined) continue;
    if (value === null) {
      columns[field] = undefined;
      continue;
    }
    const names = typeof value === 'string' ? [value] : value;
    const found: number[] = [];
    for (const name of names) {
      const at = index.find(name);
      if (at === undefined) {
        return refuse({ code: 'mapped-column-missing', params: { name: clip(name), field } });
      }
      if (!found.includes(at)) found.push(at);
    }
    columns[field] = found;
  }
  const missing = missingRequired(columns);
  if (missing.length > 0) {
    return refuse(
      preset
        ? {
            code: 'preset-missing-columns',
            params: { preset: preset.name, missing: missing.join(',') },
          }
        : { code: 'no-preset-columns', params: { missing: missing.join(',') } },
    );
  }
  const columnNames: Partial<Record<ImportField, string[]>> = {};
  for (const [field, at] of Object.entries(columns) as [ImportField, number[] | undefined][]) {
    if (at) columnNames[field] = at.map((i) => header[i] ?? '');
  }
  const statusMap = new Map<string, StatusMeaning>();
  for (const [text, meaning] of Object.entries(preset?.statusMap ?? COMMON_STATUSES)) {
    statusMap.set(normaliseStatus(text), meaning);
  }
  for (const [text, meaning] of Object.entries(mapping?.statusMap ?? {})) {
    statusMap.set(normaliseStatus(text), meaning);
  }
  const defaults: PresetDefaults = preset?.defaults ?? {};
  const currency =
    mapping?.defaultCurrency ?? defaults.defaultCurrency ?? workspace.defaultCurrency;
  return {
    ok: true,
    value: {
      preset: preset?.name ?? null,
      confidence,
      columns,
      columnNames,
      dateOrder: mapping?.dateOrder ?? defaults.dateOrder,
      decimalSeparator: mapping?.decimalSeparator ?? defaults.decimalSeparator ?? '.',
      utcOffsetMinutes:
        mapping?.utcOffsetMinutes ?? defaults.utcOffsetMinutes ?? workspace.utcOffsetMinutes,
      // The mapping's zone wins; an offset from the mapping or the preset wins over the
      // workspace's zone (a preset knows its platform's clock).
      timeZone:
        mapping?.timeZone ??
        ((mapping?.utcOffsetMinutes ?? defaults.utcOffsetMinutes) === undefined
          ? workspace.timeZone
          : undefined),
      defaultCurrency: currency?.toUpperCase(),
      defaultCountryCode:
        mapping?.defaultCountryCode ?? defaults.defaultCountryCode ?? workspace.defaultCountryCode,
      statusMap,
      cancellationPrefix:
        mapping?.cancellationPrefix === undefined
          ? (defaults.cancellationPrefix ?? null)
          : mapping.cancellationPrefix,
    },
  };
}
