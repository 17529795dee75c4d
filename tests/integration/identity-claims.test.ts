import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/main/storage/connection';
import {
  call,
  callError,
  joinViewer,
  liveSession,
  startStudio,
  useLiveCleanup,
} from '../helpers/audience';
import { useTempDirs } from '../helpers/temp-dir';
import type { Studio } from '../../src/main/app/create-studio';

// Finding 5 of issue #10: contact details typed into the viewer page are unverified. Whoever types
// someone else's address must never get that person's imported orders, and the real customer
// joining later must not be silently left unlinked: both become claims the educator resolves.
// Real studio, real live class (WebSocket viewers on loopback), real order imports.

const { studios, viewers } = useLiveCleanup();
const tempDir = useTempDirs();

const VICTIM = 'victim@example.com';
const orderCsv = (orderId: string, email = VICTIM): string =>
  `order_id,ordered_at,email,name,course,amount,currency,status\r\n${orderId},2026-01-05 10:00,${email},Vera Victim,Piano basics,199.00,CNY,paid\r\n`;

function open(): Studio {
  const studio = startStudio(tempDir());
  studios.push(studio);
  return studio;
}

const db = (studio: Studio): Db => studio.workspace().db;

function learnerOfViewer(studio: Studio, viewerId: string): number {
  const row = db(studio)
    .prepare('SELECT learner_id FROM live_viewers WHERE public_id = ?')
    .get(viewerId) as { learner_id: number } | undefined;
  if (!row) throw new Error(`no viewer ${viewerId}`);
  return row.learner_id;
}

function ordersOf(studio: Studio, learnerId: number): string[] {
  return (
    db(studio)
      .prepare('SELECT external_id FROM orders WHERE learner_id = ? ORDER BY external_id')
      .all(learnerId) as { external_id: string }[]
  ).map((r) => r.external_id);
}

function holderOf(studio: Studio, value: string): number | undefined {
  return (
    db(studio)
      .prepare(`SELECT learner_id FROM learner_identities WHERE kind = 'email' AND value = ?`)
      .get(value) as { learner_id: number } | undefined
  )?.learner_id;
}

async function importVictimOrders(studio: Studio, orderId: string): Promise<void> {
  const summary = await call(studio, 'imports.run', {
    fileName: 'shop.csv',
    text: orderCsv(orderId),
    source: 'shop',
  });
  expect(summary.ordersImported).toBe(1);
}

describe('identity takeover through the viewer page', () => {
  it('attacker joins first, then the victim’s orders are imported: the attacker gets nothing, and the real customer joining later is listed to link', async () => {
    const studio = open();
    const session = await liveSession(studio, 'Piano night');
    const attacker = await joinViewer(session.wsUrl, {
      name: 'Mallory',
      contact: { email: VICTIM },
    });
    viewers.push(attacker);
    const attackerId = learnerOfViewer(studio, attacker.viewerId);
    // Typing an address gives no identity.
    expect(holderOf(studio, VICTIM)).toBeUndefined();

    await importVictimOrders(studio, 'V-1');
    expect(ordersOf(studio, attackerId)).toEqual([]);
    const holder = holderOf(studio, VICTIM);
    expect(holder).toBeDefined();
    expect(holder).not.toBe(attackerId);
    expect(ordersOf(studio, holder!)).toEqual(['V-1']);

    const real = await joinViewer(session.wsUrl, { name: 'Vera', contact: { email: VICTIM } });
    viewers.push(real);
    const realId = learnerOfViewer(studio, real.viewerId);
    expect(ordersOf(studio, realId)).toEqual([]);

    const { conflicts } = await call(studio, 'learner.conflicts', {});
    expect(conflicts.map((c) => c.claimant.learnerId).sort()).toEqual([attackerId, realId].sort());
    for (const conflict of conflicts) {
      expect(conflict).toMatchObject({
        kind: 'email',
        hint: 'v•••@example.com',
        holder: { learnerId: holder, displayName: 'Vera Victim', orders: 1 },
        session: { id: session.sessionId, title: 'Piano night' },
      });
      // The whole address never leaves the core through this method.
      expect(JSON.stringify(conflict)).not.toContain(VICTIM);
    }
  }, 30_000);

  it('victim imported first, then the attacker and the real customer join: neither is linked silently; the educator rejects one and merges the other', async () => {
    const studio = open();
    await importVictimOrders(studio, 'V-2');
    const holder = holderOf(studio, VICTIM)!;
    const session = await liveSession(studio, 'Piano night');
    const attacker = await joinViewer(session.wsUrl, {
      name: 'Mallory',
      contact: { email: 'Victim@Example.com' },
    });
    viewers.push(attacker);
    const real = await joinViewer(session.wsUrl, { name: 'Vera', contact: { email: VICTIM } });
    viewers.push(real);
    const attackerId = learnerOfViewer(studio, attacker.viewerId);
    const realId = learnerOfViewer(studio, real.viewerId);
    expect(holderOf(studio, VICTIM)).toBe(holder);
    expect(ordersOf(studio, attackerId)).toEqual([]);

    const { conflicts, total } = await call(studio, 'learner.conflicts', {});
    expect(total).toBe(2);
    const attackerClaim = conflicts.find((c) => c.claimant.learnerId === attackerId)!;
    const realClaim = conflicts.find((c) => c.claimant.learnerId === realId)!;
    expect(attackerClaim.holder?.learnerId).toBe(holder);

    // While the class is open the claimant is in its memory: a merge is refused, a rejection is not.
    expect(
      await callError(studio, 'learner.resolveConflict', {
        claimId: realClaim.claimId,
        resolution: 'same-person',
      }),
    ).toBe('CONFLICT');
    await call(studio, 'learner.resolveConflict', {
      claimId: attackerClaim.claimId,
      resolution: 'not-same-person',
    });
    expect((await call(studio, 'learner.conflicts', {})).total).toBe(1);
    // Decided once: a second decision on it, or on no claim at all, is refused.
    expect(
      await callError(studio, 'learner.resolveConflict', {
        claimId: attackerClaim.claimId,
        resolution: 'same-person',
      }),
    ).toBe('CONFLICT');
    expect(
      await callError(studio, 'learner.resolveConflict', {
        claimId: 9_999,
        resolution: 'not-same-person',
      }),
    ).toBe('NOT_FOUND');

    await real.act({ type: 'chat', text: 'Hello from Vera' });
    // Ends at once: no survey at End keeping the room (and its learners) open.
    await call(studio, 'survey.configure', { sessionId: session.sessionId, atEnd: false });
    await call(studio, 'session.end', { sessionId: session.sessionId });
    const merged = await call(studio, 'learner.resolveConflict', {
      claimId: realClaim.claimId,
      resolution: 'same-person',
    });
    expect(merged).toMatchObject({ status: 'merged', learnerId: holder });
    expect((await call(studio, 'learner.conflicts', {})).total).toBe(0);
    // Her attendance and chat now belong to the learner with the orders; the viewer learner is gone.
    const count = (sql: string, id: number): number =>
      (db(studio).prepare(sql).get(id) as { n: number }).n;
    expect(count('SELECT count(*) AS n FROM learners WHERE id = ?', realId)).toBe(0);
    expect(count('SELECT count(*) AS n FROM attendance WHERE learner_id = ?', holder)).toBe(1);
    expect(count('SELECT count(*) AS n FROM chat_messages WHERE learner_id = ?', holder)).toBe(1);
    expect(ordersOf(studio, holder)).toEqual(['V-2']);
    expect(ordersOf(studio, attackerId)).toEqual([]);

    // Next class: her device lands on that learner; the attacker typing it again reopens nothing.
    const next = await liveSession(studio, 'Piano night 2');
    const again = await joinViewer(next.wsUrl, {
      name: 'Vera',
      deviceToken: real.deviceToken,
      contact: { email: VICTIM },
    });
    viewers.push(again);
    expect(learnerOfViewer(studio, again.viewerId)).toBe(holder);
    const mallory = await joinViewer(next.wsUrl, {
      name: 'Mallory',
      deviceToken: attacker.deviceToken,
      contact: { email: VICTIM },
    });
    viewers.push(mallory);
    expect((await call(studio, 'learner.conflicts', {})).total).toBe(0);
  }, 30_000);
});
