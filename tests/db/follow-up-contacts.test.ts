import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FOLLOW_UP_TEMPLATES_KEY,
  saveTemplate,
  storedTemplates,
} from '../../src/main/learners/follow-up-handlers';
import { DEFAULT_FOLLOW_UP_TEMPLATES } from '../../src/main/learners/mail-merge';
import { openDatabase } from '../../src/main/storage/connection';
import { followUpContacts } from '../../src/main/storage/queries/follow-up-contacts';
import { putSetting } from '../../src/main/storage/queries/settings';
import { followUpMethods } from '../../src/shared/contract/follow-ups-api';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const T0 = Date.UTC(2026, 2, 1, 9);

describe('follow-up contacts and templates', () => {
  it('reads consent and the first email and phone of each learner asked for', () => {
    const db = openDatabase(join(tempDir(), 'f.db'));
    const add = (name: string, consent: number): number =>
      Number(
        db
          .prepare(
            'INSERT INTO learners (display_name, created_at, consent_follow_up) VALUES (?, ?, ?)',
          )
          .run(name, T0, consent).lastInsertRowid,
      );
    const id = (learner: number, kind: string, value: string, at: number, platform = ''): void => {
      db.prepare(
        `INSERT INTO learner_identities (learner_id, kind, platform, value, created_at)
         VALUES (?, ?, ?, ?, ?)`,
      ).run(learner, kind, platform, value, at);
    };
    const ann = add('Ann', 1);
    id(ann, 'email', 'second@example.com', T0 + 1);
    id(ann, 'email', 'first@example.com', T0);
    id(ann, 'platform', 'first@platform.example', T0 - 1, 'shop');
    const bea = add('Bea', 0);
    id(bea, 'phone', '+8613800138000', T0);
    const cai = add('Cai', 1);
    const rows = followUpContacts(db, [ann, bea, cai]).sort((a, b) => a.id - b.id);
    expect(rows).toEqual([
      { id: ann, consent_follow_up: 1, email: 'first@example.com', phone: null },
      { id: bea, consent_follow_up: 0, email: null, phone: '+8613800138000' },
      { id: cai, consent_follow_up: 1, email: null, phone: null },
    ]);
    expect(followUpContacts(db, [])).toEqual([]);
  });

  it('templates: defaults, saved per language, refused when empty or too long', () => {
    const db = openDatabase(join(tempDir(), 't.db'));
    expect(storedTemplates(db)).toEqual(DEFAULT_FOLLOW_UP_TEMPLATES);
    const input = followUpMethods['followUps.saveTemplate'].input.parse({
      language: 'zh-CN',
      text: '  {name}，看看《{course}》：{link}  ',
    });
    const saved = saveTemplate(db, { ...input, at: T0 });
    expect(saved).toEqual({
      en: DEFAULT_FOLLOW_UP_TEMPLATES.en,
      'zh-CN': '{name}，看看《{course}》：{link}',
    });
    expect(storedTemplates(db)).toEqual(saved);
    expect(
      followUpMethods['followUps.saveTemplate'].input.safeParse({ language: 'en', text: '   ' })
        .error?.issues[0]?.message,
    ).toBe('the message template is empty');
    expect(
      followUpMethods['followUps.saveTemplate'].input.safeParse({
        language: 'en',
        text: 'x'.repeat(2_001),
      }).success,
    ).toBe(false);
    // Something unreadable stored under the key falls back to the defaults.
    putSetting(db, { key: FOLLOW_UP_TEMPLATES_KEY, value: { en: 7 }, at: T0 });
    expect(storedTemplates(db)).toEqual(DEFAULT_FOLLOW_UP_TEMPLATES);
  });
});
