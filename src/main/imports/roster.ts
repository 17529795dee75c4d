import type {
  RosterField,
  RosterMapping,
  RosterPreview,
  RosterRowPreview,
} from '../../shared/contract/roster-api';
import { ROSTER_FIELDS } from '../../shared/contract/roster-api';
import { englishProblem, type ImportProblem } from '../../shared/contract/import-problems';
import { normaliseEmail, normalisePhone, normalisePlatformId } from '../../shared/model/identity';
import { clip } from './limits';
import { normaliseHeader } from './presets';
import { HEADER_SEARCH_ROWS } from './read-import';
import { openSource, type OpenedSource, type SourceRow } from './read-source';
import { cellText, isBlank } from './values';
import type { RosterRow } from '../storage/queries/roster';

export type { RosterRow };

// A learner roster (name, email, phone, platform id, consent flags) read with the order import's
// reader (read-source.ts: encodings, caps, physical line numbers): rows → checked roster rows, no
// database. Writing them (merging by normalised identity) is storage/queries/roster.ts.

/** Header names per field, compared with normaliseHeader (case, spaces, full-width, units). */
const ALIASES: Readonly<Record<RosterField, readonly string[]>> = {
  name: [
    'name',
    'full name',
    'display name',
    'student name',
    'learner',
    'nickname',
    '姓名',
    '昵称',
    '用户昵称',
    '学员姓名',
    '名字',
  ],
  email: [
    'email',
    'e-mail',
    'email address',
    'mail',
    'student email',
    'user email',
    '邮箱',
    '电子邮件',
    '电子邮箱',
    '邮件',
  ],
  phone: [
    'phone',
    'mobile',
    'phone number',
    'mobile phone',
    'tel',
    'telephone',
    '手机号',
    '手机',
    '手机号码',
    '电话',
    '联系电话',
  ],
  platformId: [
    'platform id',
    'user id',
    'customer id',
    'student id',
    'member id',
    'id',
    '用户id',
    '学员id',
    '会员id',
    '客户id',
  ],
  consentFollowUp: [
    'consent follow up',
    'follow up consent',
    'consent_follow_up',
    'marketing consent',
    'accepts marketing',
    'opt in',
    '同意回访',
    '同意跟进',
    '接收推送',
    '营销同意',
  ],
  consentLinkPurchases: [
    'consent link purchases',
    'link purchases consent',
    'consent_link_purchases',
    'link purchases',
    '同意关联购买',
    '关联购买',
  ],
};
const ALIAS_INDEX: ReadonlyMap<string, RosterField> = new Map(
  ROSTER_FIELDS.flatMap((field) => ALIASES[field].map((a) => [normaliseHeader(a), field] as const)),
);
const IDENTITY_FIELDS: readonly RosterField[] = ['email', 'phone', 'platformId'];

const YES = new Set([
  'yes',
  'y',
  'true',
  '1',
  'x',
  '✓',
  '✔',
  'agreed',
  'opt-in',
  'optin',
  'subscribed',
  '是',
  '同意',
  '已同意',
  '接受',
  '对',
]);
const NO = new Set([
  'no',
  'n',
  'false',
  '0',
  'opt-out',
  'optout',
  'unsubscribed',
  '否',
  '不同意',
  '拒绝',
  '未同意',
  '不接受',
]);

export type RosterColumns = Record<RosterField, number | null>;

/** Columns found by header names, then the caller's choices (null: not imported). */
export function rosterColumns(header: readonly string[], mapping?: RosterMapping): RosterColumns {
  const columns = Object.fromEntries(ROSTER_FIELDS.map((f) => [f, null])) as RosterColumns;
  header.forEach((name, index) => {
    const field = ALIAS_INDEX.get(normaliseHeader(name));
    if (field !== undefined && columns[field] === null) columns[field] = index;
  });
  for (const field of ROSTER_FIELDS) {
    const chosen = mapping?.[field];
    if (chosen !== undefined) columns[field] = chosen;
  }
  return columns;
}

function hasIdentityColumn(columns: RosterColumns): boolean {
  return IDENTITY_FIELDS.some((f) => columns[f] !== null);
}

export function parseConsent(text: string): boolean | null | undefined {
  const folded = text.normalize('NFKC').trim().toLowerCase();
  if (folded === '') return null;
  if (YES.has(folded)) return true;
  if (NO.has(folded)) return false;
  return undefined;
}

/** One data row → a roster row with every problem named (a row with a problem is not imported). */
export function parseRosterRow(
  row: SourceRow,
  columns: RosterColumns,
  defaultCountryCode: string | undefined,
): RosterRow | null {
  if (row.cells.every((cell) => isBlank(cell))) return null;
  const text = (field: RosterField): string => {
    const index = columns[field];
    return index === null ? '' : cellText(row.cells[index]);
  };
  const reasons: ImportProblem[] = [];
  const rawEmail = text('email');
  const rawPhone = text('phone');
  const rawPlatformId = text('platformId');
  const email = rawEmail === '' ? null : normaliseEmail(rawEmail);
  if (rawEmail !== '' && email === null) {
    reasons.push({ code: 'roster-bad-email', params: { value: clip(rawEmail) } });
  }
  const phone = rawPhone === '' ? null : normalisePhone(rawPhone, defaultCountryCode);
  if (rawPhone !== '' && phone === null) {
    reasons.push({ code: 'roster-bad-phone', params: { value: clip(rawPhone) } });
  }
  const platformId = rawPlatformId === '' ? null : normalisePlatformId(rawPlatformId);
  if (rawPlatformId !== '' && platformId === null) {
    reasons.push({ code: 'roster-platform-id-too-long', params: { value: clip(rawPlatformId) } });
  }
  if (rawEmail === '' && rawPhone === '' && rawPlatformId === '') {
    reasons.push({ code: 'roster-no-identity', params: {} });
  }
  const consent = (
    field: 'consentFollowUp' | 'consentLinkPurchases',
    code: 'roster-bad-follow-up-consent' | 'roster-bad-purchase-link-consent',
  ): boolean | null => {
    const raw = text(field);
    const value = parseConsent(raw);
    if (value === undefined) {
      reasons.push({ code, params: { value: clip(raw) } });
      return null;
    }
    return value;
  };
  const consentFollowUp = consent('consentFollowUp', 'roster-bad-follow-up-consent');
  const consentLinkPurchases = consent('consentLinkPurchases', 'roster-bad-purchase-link-consent');
  const name = text('name').normalize('NFKC').replace(/\s+/g, ' ').trim();
  return {
    line: row.line,
    name: name === '' ? null : name,
    email,
    phone,
    platformId,
    consentFollowUp,
    consentLinkPurchases,
    problems: reasons.map(englishProblem),
    reasons,
  };
}

export interface RosterReadInput {
  file: string;
  format?: 'csv' | 'xlsx' | undefined;
  mapping?: RosterMapping | undefined;
  defaultCountryCode?: string | undefined;
}

export interface RosterRead {
  opened: OpenedSource;
  headerLine: number | null;
  header: string[];
  columns: RosterColumns;
  problem: ImportProblem | null;
  /** The data rows, read lazily (blank rows are left out). */
  rows: AsyncIterable<RosterRow>;
}

/**
 * Opens a roster file (ImportError when it cannot be read) and finds its header: the first of the
 * first HEADER_SEARCH_ROWS non-blank rows where an email, phone or platform id column is named
 * (or, with a mapping that names one, the first non-blank row).
 */
export async function openRoster(input: RosterReadInput): Promise<RosterRead> {
  const opened = await openSource({ file: input.file, format: input.format });
  const iterator = opened.rows[Symbol.asyncIterator]();
  const skipped: SourceRow[] = [];
  let header: SourceRow | null = null;
  let columns: RosterColumns | null = null;
  for (let tried = 0; tried < HEADER_SEARCH_ROWS;) {
    const next = await iterator.next();
    if (next.done === true) break;
    const row = next.value;
    if (row.cells.every((cell) => isBlank(cell))) continue;
    tried += 1;
    const found = rosterColumns(
      row.cells.map((c) => cellText(c)),
      input.mapping,
    );
    const detected = rosterColumns(row.cells.map((c) => cellText(c)));
    if (hasIdentityColumn(detected) || (input.mapping !== undefined && hasIdentityColumn(found))) {
      header = row;
      columns = found;
      break;
    }
    skipped.push(row);
  }
  const first = header ?? skipped[0] ?? null;
  const headerCells = first ? first.cells.map((c) => clip(cellText(c))) : [];
  const finalColumns = columns ?? rosterColumns(headerCells, input.mapping);
  const problem: ImportProblem | null =
    first === null
      ? { code: 'no-rows', params: {} }
      : header === null || !hasIdentityColumn(finalColumns)
        ? { code: 'roster-no-identity-column', params: {} }
        : null;
  const usable = header !== null && problem === null;
  async function* rows(): AsyncGenerator<RosterRow> {
    try {
      if (!usable) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        const parsed = parseRosterRow(next.value, finalColumns, input.defaultCountryCode);
        if (parsed) yield parsed;
      }
    } finally {
      // Closes the file when the caller stops early (a preview) or the file has no header.
      await iterator.return?.();
    }
  }
  return {
    opened,
    headerLine: header?.line ?? null,
    header: headerCells,
    columns: finalColumns,
    problem,
    rows: rows(),
  };
}

export async function previewRoster(
  input: RosterReadInput & { rows: number },
): Promise<RosterPreview> {
  const read = await openRoster(input);
  const rows: RosterRowPreview[] = [];
  for await (const row of read.rows) {
    rows.push({ ...row, name: row.name === null ? null : clip(row.name) });
    if (rows.length >= input.rows) break;
  }
  return {
    format: read.opened.format === 'xlsx' ? 'xlsx' : 'csv',
    encoding: read.opened.encoding,
    headerLine: read.headerLine,
    header: read.header,
    columns: read.columns,
    rows,
    problem: read.problem && englishProblem(read.problem),
    problemReason: read.problem,
  };
}
