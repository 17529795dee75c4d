import {
  normaliseEmail,
  normalisePhone,
  normalisePlatformId,
  type BuyerIdentity,
} from '../../shared/model/identity';
import {
  englishIssueReason,
  type ImportIssueCode,
  type ImportIssueField,
  type ImportIssueReason,
} from '../../shared/contract/import-issue-reasons';
import { clip } from './limits';
import type { ImportField } from './mapping';
import { normaliseStatus, type ResolvedMapping } from './presets';
import type { SourceRow } from './read-source';
import {
  absolute,
  cellText,
  currencyExponent,
  isBlank,
  isNegative,
  isZero,
  multiply,
  normaliseCurrency,
  parseAmount,
  parseDate,
  parseQuantity,
  toMinor,
  type CellValue,
  type Decimal,
} from './values';

// From rows of cells to whole orders, with no database: each row is checked on its own (a bad
// row is rejected with its line number and reasons, never the file), rows are grouped into orders
// by their order id wherever they are in the file, and each order is then checked as a whole
// (a date, a currency, a status that means a payment, a non-zero total).

export interface ImportIssue {
  /** Row number as a spreadsheet shows it (the header is usually 1). */
  line: number;
  kind: 'rejected' | 'warning';
  /** In English, for logs and the CLI; `reasons` holds the same as codes for the studio. */
  reason: string;
  reasons: ImportIssueReason[];
  orderId?: string;
}

const because = (
  code: ImportIssueCode,
  params: Record<string, string | number> = {},
): ImportIssueReason => ({ code, params });

export type OrderStatus = 'paid' | 'partially_refunded' | 'refunded' | 'cancelled';

export interface OrderLineRecord {
  line: number;
  title: string;
  sku: string | null;
  quantity: number;
  amountMinor: number;
}

export interface OrderRecord {
  externalId: string;
  /** A cancellation document (Online Retail's C… invoice): its lines refund earlier orders. */
  cancellation: boolean;
  rowLines: number[];
  orderedAt: number;
  currency: string;
  totalMinor: number;
  /** Refunds the file states for this order itself (not cancellations matched to it). */
  refundedMinor: number;
  status: OrderStatus;
  buyer: BuyerIdentity;
  lines: OrderLineRecord[];
  /** The coupon code the buyer used (the first row that has one); null without one. */
  couponCode: string | null;
}

interface DraftLine {
  line: number;
  title: string;
  sku: string | null;
  quantity: number;
  amount: Decimal;
}

interface Draft {
  externalId: string;
  cancellation: boolean;
  lines: DraftLine[];
  orderedAt: number | null;
  email: string | null;
  phone: string | null;
  platformId: string | null;
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  couponCode: string | null;
  currency: string | null;
  amountCurrencies: Set<string>;
  status: string | null;
  total: Decimal | null;
  refunded: Decimal | null;
}

const ORDER_ID_MAX_LENGTH = 200;
const TITLE_MAX_LENGTH = 500;
const COUPON_MAX_LENGTH = 100;

export class RowParser {
  readonly #mapping: ResolvedMapping;
  readonly #drafts = new Map<string, Draft>();
  readonly #issues: ImportIssue[] = [];
  #rejectedRows = 0;
  readonly #hasLineColumns: boolean;

  private constructor(mapping: ResolvedMapping) {
    this.#mapping = mapping;
    this.#hasLineColumns = Boolean(mapping.columns.unitPrice ?? mapping.columns.lineAmount);
  }

  static create(mapping: ResolvedMapping): RowParser {
    return new RowParser(mapping);
  }

  get issues(): readonly ImportIssue[] {
    return this.#issues;
  }

  get rejectedRows(): number {
    return this.#rejectedRows;
  }

  #cell(row: SourceRow, field: ImportField): CellValue {
    for (const index of this.#mapping.columns[field] ?? []) {
      const cell = row.cells[index];
      if (cell !== undefined && !isBlank(cell)) return cell;
    }
    return null;
  }

  #text(row: SourceRow, field: ImportField): string {
    return cellText(this.#cell(row, field));
  }

  #reject(line: number, reasons: ImportIssueReason[], orderId?: string): void {
    this.#rejectedRows++;
    this.#issues.push(issueOf(line, 'rejected', reasons, orderId));
  }

  #warn(line: number, reason: ImportIssueReason, orderId?: string): void {
    this.#issues.push(issueOf(line, 'warning', [reason], orderId));
  }

  /** Checks one data row and adds it to its order, or rejects it with every reason found. */
  add(row: SourceRow): void {
    if (row.problem !== undefined) {
      this.#reject(row.line, [row.problem]);
      return;
    }
    const m = this.#mapping;
    const orderId = this.#text(row, 'orderId');
    if (orderId === '') {
      this.#reject(row.line, [because('missing-order-id')]);
      return;
    }
    if (orderId.length > ORDER_ID_MAX_LENGTH) {
      this.#reject(row.line, [because('order-id-too-long', { max: ORDER_ID_MAX_LENGTH })]);
      return;
    }
    const cancellation = m.cancellationPrefix !== null && orderId.startsWith(m.cancellationPrefix);
    const reasons: ImportIssueReason[] = [];

    let orderedAt: number | null = null;
    const dateCell = this.#cell(row, 'orderedAt');
    if (dateCell !== null) {
      const date = parseDate(dateCell, {
        dateOrder: m.dateOrder,
        utcOffsetMinutes: m.utcOffsetMinutes,
        timeZone: m.timeZone,
      });
      if (date.ok) orderedAt = date.value;
      else reasons.push(date.issue);
    }

    let quantity = 1;
    const quantityCell = this.#cell(row, 'quantity');
    if (quantityCell !== null) {
      const parsed = parseQuantity(quantityCell);
      if (!parsed.ok) reasons.push(parsed.issue);
      else if (parsed.value === 0) reasons.push(because('zero-quantity'));
      else if (parsed.value < 0 && !cancellation) {
        reasons.push(because('negative-quantity'));
      } else quantity = Math.abs(parsed.value);
    }

    const amountCurrencies: string[] = [];
    const money = (field: ImportField & ImportIssueField): Decimal | null | undefined => {
      const cell = this.#cell(row, field);
      if (cell === null) return undefined;
      const parsed = parseAmount(cell, m.decimalSeparator);
      if (!parsed.ok) {
        reasons.push({ ...parsed.issue, field });
        return null;
      }
      if (parsed.value.currency) amountCurrencies.push(parsed.value.currency);
      return parsed.value.value;
    };

    let amount: Decimal | null = null;
    const lineAmount = money('lineAmount');
    const unitPrice = lineAmount === undefined ? money('unitPrice') : undefined;
    const total = money('orderTotal');
    const refunded = money('refundedAmount');
    if (lineAmount) {
      if (isNegative(lineAmount) && !cancellation) reasons.push(because('negative-amount'));
      else amount = absolute(lineAmount);
    } else if (unitPrice) {
      if (isNegative(unitPrice) && !cancellation) reasons.push(because('negative-price'));
      else amount = multiply(absolute(unitPrice), quantity);
    } else if (lineAmount === undefined && unitPrice === undefined) {
      // Exports with one row per order and only an order total make one line of that total.
      if (!this.#hasLineColumns && total) amount = absolute(total);
      else if (!this.#hasLineColumns && total === undefined)
        reasons.push(because('missing-amount'));
      else if (this.#hasLineColumns) reasons.push(because('missing-price'));
    }
    if (amount && isZero(amount)) reasons.push(because('zero-price'));
    if (total && isNegative(total)) reasons.push(because('negative-order-total'));

    const currencyText = this.#text(row, 'currency');
    const currency = currencyText === '' ? null : normaliseCurrency(currencyText);
    if (currencyText !== '' && currency === null)
      reasons.push(because('unknown-currency', { value: clip(currencyText) }));

    if (reasons.length > 0 || amount === null) {
      this.#reject(row.line, reasons.length > 0 ? reasons : [because('missing-amount')], orderId);
      return;
    }

    let draft = this.#drafts.get(orderId);
    if (!draft) {
      draft = {
        externalId: orderId,
        cancellation,
        lines: [],
        orderedAt: null,
        email: null,
        phone: null,
        platformId: null,
        name: null,
        firstName: null,
        lastName: null,
        couponCode: null,
        currency: null,
        amountCurrencies: new Set(),
        status: null,
        total: null,
        refunded: null,
      };
      this.#drafts.set(orderId, draft);
    }
    const sku = this.#text(row, 'sku');
    const title = this.#text(row, 'itemTitle').replace(/\s+/g, ' ');
    draft.lines.push({
      line: row.line,
      title: Array.from(title || sku)
        .slice(0, TITLE_MAX_LENGTH)
        .join(''),
      sku: sku === '' ? null : sku,
      quantity,
      amount,
    });
    // The order's own fields: the first row that has each wins (Shopify fills them on one row).
    draft.orderedAt ??= orderedAt;
    draft.currency ??= currency;
    for (const code of amountCurrencies) draft.amountCurrencies.add(code);
    if (draft.status === null) {
      const status = this.#text(row, 'status');
      if (status !== '') draft.status = status;
    }
    if (draft.total === null && total) draft.total = total;
    if (draft.refunded === null && refunded) draft.refunded = absolute(refunded);

    if (draft.email === null) {
      const raw = this.#text(row, 'email');
      if (raw !== '') {
        draft.email = normaliseEmail(raw);
        if (draft.email === null)
          this.#warn(row.line, because('invalid-email', { value: clip(raw) }), orderId);
      }
    }
    if (draft.phone === null) {
      const raw = this.#text(row, 'phone');
      if (raw !== '') {
        draft.phone = normalisePhone(raw, m.defaultCountryCode);
        if (draft.phone === null)
          this.#warn(row.line, because('invalid-phone', { value: clip(raw) }), orderId);
      }
    }
    if (draft.platformId === null)
      draft.platformId = normalisePlatformId(this.#text(row, 'customerId'));
    draft.name ??= this.#text(row, 'name') || null;
    draft.firstName ??= this.#text(row, 'firstName') || null;
    draft.lastName ??= this.#text(row, 'lastName') || null;
    draft.couponCode ??= this.#text(row, 'couponCode').slice(0, COUPON_MAX_LENGTH) || null;
  }

  /** Every order that passed its checks, in the order of first appearance in the file. */
  finish(): OrderRecord[] {
    const records: OrderRecord[] = [];
    for (const draft of this.#drafts.values()) {
      const record = this.#finishOrder(draft);
      if (record) records.push(record);
    }
    this.#issues.sort((a, b) => a.line - b.line);
    return records;
  }

  #rejectOrder(draft: Draft, reason: ImportIssueReason): null {
    for (const line of draft.lines) this.#reject(line.line, [reason], draft.externalId);
    return null;
  }

  #finishOrder(draft: Draft): OrderRecord | null {
    const m = this.#mapping;
    if (draft.orderedAt === null) return this.#rejectOrder(draft, because('missing-order-date'));
    const [amountCurrency, ...others] = [...draft.amountCurrencies];
    const currency = draft.currency ?? amountCurrency ?? m.defaultCurrency ?? null;
    if (currency === null) {
      return this.#rejectOrder(draft, because('no-currency'));
    }
    if (normaliseCurrency(currency) === null) {
      return this.#rejectOrder(draft, because('unknown-currency', { value: clip(currency) }));
    }
    if (others.length > 0 || (amountCurrency !== undefined && amountCurrency !== currency)) {
      return this.#rejectOrder(
        draft,
        because('mixed-currencies', {
          currency,
          currencies: [...draft.amountCurrencies].join(', '),
        }),
      );
    }

    let status: OrderStatus = 'paid';
    if (!draft.cancellation && draft.status !== null) {
      const meaning = m.statusMap.get(normaliseStatus(draft.status));
      if (meaning === undefined) {
        return this.#rejectOrder(draft, because('unknown-status', { value: clip(draft.status) }));
      }
      if (meaning === 'skip') {
        return this.#rejectOrder(draft, because('status-not-paid', { value: clip(draft.status) }));
      }
      status = meaning;
    }

    const exponent = currencyExponent(currency);
    const lines: OrderLineRecord[] = [];
    for (const line of draft.lines) {
      const amountMinor = toMinor(line.amount, exponent);
      if (amountMinor === null) {
        this.#reject(line.line, [because('amount-too-large')], draft.externalId);
      } else if (amountMinor === 0) {
        this.#reject(line.line, [because('zero-after-rounding', { currency })], draft.externalId);
      } else {
        lines.push({
          line: line.line,
          title: line.title,
          sku: line.sku,
          quantity: line.quantity,
          amountMinor,
        });
      }
    }
    if (lines.length === 0) return null;
    const rowLines = lines.map((line) => line.line);
    const linesTotal = lines.reduce((sum, line) => sum + line.amountMinor, 0);
    const totalMinor =
      draft.total && !draft.cancellation ? toMinor(draft.total, exponent) : linesTotal;
    if (totalMinor === null) return this.#rejectOrder(draft, because('order-total-too-large'));
    if (totalMinor === 0) return this.#rejectOrder(draft, because('zero-order-total'));

    let refundedMinor = 0;
    if (!draft.cancellation) {
      const stated = draft.refunded ? toMinor(draft.refunded, exponent) : null;
      refundedMinor = stated ?? 0;
      if (status === 'refunded' && refundedMinor === 0) refundedMinor = totalMinor;
      if (refundedMinor > totalMinor) {
        this.#warn(rowLines[0] ?? 0, because('refund-capped'), draft.externalId);
        refundedMinor = totalMinor;
      }
      if (status !== 'cancelled') {
        if (refundedMinor >= totalMinor) status = 'refunded';
        else if (refundedMinor > 0) status = 'partially_refunded';
      }
    }

    const name =
      draft.name ?? ([draft.firstName, draft.lastName].filter(Boolean).join(' ') || null);
    return {
      externalId: draft.externalId,
      cancellation: draft.cancellation,
      rowLines,
      orderedAt: draft.orderedAt,
      currency,
      totalMinor,
      refundedMinor,
      status,
      buyer: { email: draft.email, phone: draft.phone, platformId: draft.platformId, name },
      lines,
      couponCode: draft.couponCode,
    };
  }
}

/** An issue with its reasons as codes and, joined, in English. */
export function issueOf(
  line: number,
  kind: ImportIssue['kind'],
  reasons: ImportIssueReason[],
  orderId?: string,
): ImportIssue {
  return {
    line,
    kind,
    reason: reasons.map(englishIssueReason).join('; '),
    reasons,
    ...(orderId ? { orderId } : {}),
  };
}

export { because as importIssueReason };
