import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src/main/kernel/logger';
import { createRosterHandlers } from '../../src/main/learners/roster-handlers';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import { listConflicts } from '../../src/main/storage/queries/identity-claims';
import { digestTablesNow } from '../../src/main/storage/queries/table-digest';
import { StudioError } from '../../src/shared/contract';
import { rosterMethods, type RosterResult } from '../../src/shared/contract/roster-api';
import { useTempDirs } from '../helpers/temp-dir';

// The learner roster import on real SQLite files: rows merge with the learner who holds their
// normalised email / phone / platform id, conflicts are reported and never overwrite, consent
// flags are stored, bad rows name their physical line, and importing the same file again changes
// nothing.

const tempDir = useTempDirs();
const T0 = Date.UTC(2026, 2, 1, 9);
const ctx = { transport: 'test' as const };

function setup(): {
  db: Db;
  roster: ReturnType<typeof createRosterHandlers>;
  events: unknown[];
  tick: () => void;
} {
  const db = openDatabase(join(tempDir(), 'roster.db'));
  const events: unknown[] = [];
  let now = T0;
  const roster = createRosterHandlers({
    db: () => db,
    clock: () => now,
    emit: (event, payload) => {
      events.push([event, payload]);
    },
    logger: createSilentLogger(),
  });
  return { db, roster, events, tick: () => (now += 60_000) };
}

function learner(db: Db, name: string, consent?: { followUp: boolean; at: number }): number {
  return Number(
    db
      .prepare(
        `INSERT INTO learners (display_name, created_at, consent_follow_up, consent_updated_at)
         VALUES (?, ?, ?, ?)`,
      )
      .run(name, T0, consent?.followUp ? 1 : 0, consent?.at ?? null).lastInsertRowid,
  );
}

function identity(db: Db, learnerId: number, kind: string, value: string, platform = ''): void {
  db.prepare(
    `INSERT INTO learner_identities (learner_id, kind, platform, value, created_at)
     VALUES (?, ?, ?, ?, ?)`,
  ).run(learnerId, kind, platform, value, T0);
}

function identities(db: Db, learnerId: number): string[] {
  return (
    db
      .prepare(
        `SELECT kind || ':' || platform || ':' || value AS v FROM learner_identities
         WHERE learner_id = ? ORDER BY kind, value`,
      )
      .all(learnerId) as { v: string }[]
  ).map((r) => r.v);
}

async function importText(
  roster: ReturnType<typeof createRosterHandlers>,
  text: string,
  extra: Record<string, unknown> = {},
): Promise<RosterResult> {
  const input = rosterMethods['roster.import'].input.parse({
    fileName: 'roster.csv',
    text,
    ...extra,
  });
  return roster['roster.import'](input, ctx);
}

describe('roster import', () => {
  it('creates learners with normalised identities and the consent flags of the file', async () => {
    const { db, roster, events } = setup();
    const result = await importText(
      roster,
      'Name,Email,Phone,Consent follow up,Consent link purchases\n' +
        'Ann Lee, ANN@Example.com ,138 0013 8000,yes,no\n' +
        '李雷,lilei@example.cn,,否,是\n' +
        'No Answer,none@example.com,,,\n',
      { defaultCountryCode: '86' },
    );
    expect(result).toMatchObject({ rowsRead: 3, created: 3, merged: 0, conflicted: 0, bad: 0 });
    const rows = db
      .prepare(
        `SELECT l.display_name AS name, consent_follow_up AS f, consent_link_purchases AS p,
           consent_updated_at AS at, i.value AS email
         FROM learners l JOIN learner_identities i ON i.learner_id = l.id AND i.kind = 'email'
         ORDER BY l.id`,
      )
      .all();
    expect(rows).toEqual([
      { name: 'Ann Lee', f: 1, p: 0, at: T0, email: 'ann@example.com' },
      { name: '李雷', f: 0, p: 1, at: T0, email: 'lilei@example.cn' },
      { name: 'No Answer', f: 0, p: 0, at: null, email: 'none@example.com' },
    ]);
    expect(identities(db, 1)).toContain('phone::+8613800138000');
    expect(events).toEqual([['roster.imported', { created: 3, merged: 0, conflicted: 0 }]]);
  });

  it('an existing learner with a different email is a conflict: their email is kept', async () => {
    const { db, roster } = setup();
    const ann = learner(db, 'Ann (studio)');
    identity(db, ann, 'email', 'ann@old.example');
    identity(db, ann, 'platform', 'U-17', 'xiaoe');
    const result = await importText(
      roster,
      'name,email,user id\nAnn New Name,ann@new.example,U-17\n',
      { platform: 'xiaoe' },
    );
    expect(result).toMatchObject({ created: 0, merged: 0, unchanged: 0, conflicted: 1 });
    expect(result.conflicts).toEqual([
      {
        line: 2,
        learnerId: ann,
        displayName: 'Ann (studio)',
        field: 'email',
        problem: 'different-value',
        other: null,
      },
    ]);
    expect(identities(db, ann)).toEqual(['email::ann@old.example', 'platform:xiaoe:U-17']);
    const name = db.prepare('SELECT display_name AS n FROM learners WHERE id = ?').get(ann);
    expect(name).toEqual({ n: 'Ann (studio)' });
    expect(db.prepare('SELECT count(*) AS n FROM learners').get()).toEqual({ n: 1 });
  });

  it('contacts held by two learners: nothing moves, a contact conflict is listed', async () => {
    const { db, roster } = setup();
    const a = learner(db, 'Ann');
    identity(db, a, 'email', 'ann@example.com');
    const b = learner(db, 'Bea');
    identity(db, b, 'phone', '+8613800138000');
    const result = await importText(roster, 'email,phone\nann@example.com,+86 138 0013 8000\n');
    expect(result.conflicts).toEqual([
      {
        line: 2,
        learnerId: a,
        displayName: 'Ann',
        field: 'phone',
        problem: 'held-by-other',
        other: { learnerId: b, displayName: 'Bea' },
      },
    ]);
    expect(identities(db, a)).toEqual(['email::ann@example.com']);
    expect(identities(db, b)).toEqual(['phone::+8613800138000']);
    const listed = listConflicts(db, { limit: 10, offset: 0 });
    expect(listed.rows).toMatchObject([
      { kind: 'phone', claimant_id: a, holder_id: b, session_id: null },
    ]);
  });

  it('adds a contact nobody holds to the learner it matches, once', async () => {
    const { db, roster, tick } = setup();
    const a = learner(db, 'Ann');
    identity(db, a, 'email', 'ann@example.com');
    const text = 'email,phone\nann@example.com,+44 20 7946 0000\n';
    expect(await importText(roster, text)).toMatchObject({ merged: 1, conflicted: 0 });
    expect(identities(db, a)).toEqual(['email::ann@example.com', 'phone::+442079460000']);
    tick();
    expect(await importText(roster, text)).toMatchObject({ merged: 0, unchanged: 1 });
  });

  it('consent: a withdrawal is honoured; consent the learner declined in the studio is a conflict', async () => {
    const { db, roster } = setup();
    const gave = learner(db, 'Gave', { followUp: true, at: T0 - 1 });
    identity(db, gave, 'email', 'gave@example.com');
    const declined = learner(db, 'Declined', { followUp: false, at: T0 - 1 });
    identity(db, declined, 'email', 'declined@example.com');
    const never = learner(db, 'Never asked');
    identity(db, never, 'email', 'never@example.com');
    const result = await importText(
      roster,
      'email,consent_follow_up\ngave@example.com,no\ndeclined@example.com,yes\nnever@example.com,yes\n',
    );
    expect(result).toMatchObject({ merged: 2, conflicted: 1 });
    expect(result.conflicts).toMatchObject([
      { line: 3, learnerId: declined, field: 'consentFollowUp', problem: 'consent-declined' },
    ]);
    const consent = db
      .prepare('SELECT id, consent_follow_up AS f FROM learners ORDER BY id')
      .all() as { id: number; f: number }[];
    expect(consent).toEqual([
      { id: gave, f: 0 },
      { id: declined, f: 0 },
      { id: never, f: 1 },
    ]);
  });

  it('re-importing the same file changes nothing in any table', async () => {
    const { db, roster, tick } = setup();
    const a = learner(db, 'Ann');
    identity(db, a, 'email', 'ann@example.com');
    const b = learner(db, 'Bea');
    identity(db, b, 'phone', '+8613800138000');
    const text =
      'name,email,phone,consent_follow_up\n' +
      'Ann,ann@example.com,13800138000,yes\n' +
      'Cai,cai@example.com,,yes\n' +
      'Dan,dan@example.com,+1 415 555 0100,no\n' +
      'bad,not-an-email,,\n';
    const first = await importText(roster, text, { defaultCountryCode: '86' });
    expect(first).toMatchObject({ created: 2, conflicted: 1, bad: 1 });
    const before = digestTablesNow(db);
    tick();
    const second = await importText(roster, text, { defaultCountryCode: '86' });
    expect(second).toMatchObject({ created: 0, merged: 0, unchanged: 2, conflicted: 1, bad: 1 });
    expect(digestTablesNow(db)).toEqual(before);
  });

  it('bad rows name their physical line (blank lines and quoted newlines count) and every reason', async () => {
    const { db, roster } = setup();
    const result = await importText(
      roster,
      'Roster exported 2026-03-01\n' +
        'name,email,phone,consent_follow_up\n' +
        '\n' +
        '"Ann\nLee",ann@example.com,,yes\n' +
        'Bad,ann@,12,maybe\n' +
        'Nobody,,,yes\n',
    );
    expect(result.created).toBe(1);
    expect(result.badRows).toEqual([
      {
        line: 6,
        problems: [
          'email "ann@" is not an address',
          'phone "12" is not a number',
          'follow-up consent "maybe" is not yes or no',
        ],
        reasons: [
          { code: 'roster-bad-email', params: { value: 'ann@' } },
          { code: 'roster-bad-phone', params: { value: '12' } },
          { code: 'roster-bad-follow-up-consent', params: { value: 'maybe' } },
        ],
      },
      {
        line: 7,
        problems: ['no email, phone or platform id'],
        reasons: [{ code: 'roster-no-identity', params: {} }],
      },
    ]);
    expect(db.prepare('SELECT display_name AS n FROM learners').all()).toEqual([{ n: 'Ann Lee' }]);
  });

  it('reads a GB18030 file with Chinese headers, and previews the mapping it detects', async () => {
    const { roster } = setup();
    const csv = '姓名,手机号,用户ID,同意回访\n王芳,13900139000,88001,是\n';
    const bytes = new Uint8Array(
      execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: csv }),
    );
    const preview = await roster['roster.preview'](
      rosterMethods['roster.preview'].input.parse({ fileName: 'xiaoe.csv', bytes }),
      ctx,
    );
    expect(preview).toMatchObject({
      encoding: 'gb18030',
      headerLine: 1,
      header: ['姓名', '手机号', '用户ID', '同意回访'],
      columns: { name: 0, phone: 1, platformId: 2, consentFollowUp: 3, email: null },
      rows: [
        { line: 2, name: '王芳', phone: '13900139000', platformId: '88001', consentFollowUp: true },
      ],
      problem: null,
    });
    await expect(
      roster['roster.import'](
        rosterMethods['roster.import'].input.parse({ fileName: 'xiaoe.csv', bytes }),
        ctx,
      ),
    ).rejects.toThrow(/name the platform/);
    const result = await roster['roster.import'](
      rosterMethods['roster.import'].input.parse({
        fileName: 'xiaoe.csv',
        bytes,
        platform: 'xiaoe',
        defaultCountryCode: '86',
      }),
      ctx,
    );
    expect(result).toMatchObject({ created: 1, bad: 0 });
  });

  it('a file without an identity column, or with an unclosed quote, is refused with a clear error', async () => {
    const { db, roster } = setup();
    await expect(importText(roster, 'name,city\nAnn,Paris\n')).rejects.toThrow(
      /no column holds an email, phone or platform id/,
    );
    const error = await importText(
      roster,
      'name,email\nAnn,ann@example.com\n"Bea,bea@example.com\nCai,cai@example.com\n',
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudioError);
    expect((error as Error).message).toMatch(/unclosed-quote: Line 3 opens a quoted cell/);
    expect(db.prepare('SELECT count(*) AS n FROM learners').get()).toEqual({ n: 0 });
    // A mapping chooses the columns when the header names none.
    const mapped = await importText(roster, 'who,contact\nAnn,ann@example.com\n', {
      mapping: { name: 0, email: 1 },
    });
    expect(mapped).toMatchObject({ created: 1 });
    expect(db.prepare('SELECT display_name AS n FROM learners').all()).toEqual([{ n: 'Ann' }]);
  });

  it('reads an XLSX roster: sheet row numbers in errors, numeric ids as text', async () => {
    const { db, roster } = setup();
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Students');
    sheet.addRow(['Student Name', 'User Email', 'Customer ID', 'Accepts Marketing']);
    sheet.addRow(['Ann', 'ann@example.com', 17841, 'TRUE']);
    sheet.addRow([]);
    sheet.addRow(['Bea', 'bea@', 17842, 'no']);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    const result = await roster['roster.import'](
      rosterMethods['roster.import'].input.parse({
        fileName: 'students.xlsx',
        bytes,
        platform: 'teachable',
      }),
      ctx,
    );
    expect(result).toMatchObject({ rowsRead: 2, created: 1, bad: 1 });
    expect(result.badRows).toEqual([
      {
        line: 4,
        problems: ['email "bea@" is not an address'],
        reasons: [{ code: 'roster-bad-email', params: { value: 'bea@' } }],
      },
    ]);
    const ann = db.prepare('SELECT id, consent_follow_up AS f FROM learners').get() as {
      id: number;
      f: number;
    };
    expect(ann.f).toBe(1);
    expect(identities(db, ann.id)).toEqual(['email::ann@example.com', 'platform:teachable:17841']);
  });
});
