import { describe, expect, it } from 'vitest';
import { enTranslation, zhCNTranslation } from '../../../src/renderer/studio/i18n/resources';

// The studio's zh-CN catalogue has exactly the English keys (typecheck says so too, in
// src/renderer/studio/i18n/key-checks.ts; this names the keys when it does not).

function leafKeys(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]: [string, unknown]) =>
    typeof value === 'string'
      ? [prefix + key]
      : typeof value === 'object' && value !== null
        ? leafKeys(value, `${prefix}${key}.`)
        : [`${prefix}${key} (not a message)`],
  );
}

describe('studio catalogues', () => {
  it('zh-CN has every English key and no other', () => {
    const en = new Set(leafKeys(enTranslation));
    const zh = new Set(leafKeys(zhCNTranslation));
    expect([...en].filter((key) => !zh.has(key))).toEqual([]);
    expect([...zh].filter((key) => !en.has(key))).toEqual([]);
    expect(en.size).toBeGreaterThan(1000);
  });
});
