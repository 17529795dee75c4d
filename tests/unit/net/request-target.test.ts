import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FALLBACK_OPEN_FILE_LIMIT,
  openFileLimit,
  socketBudget,
} from '../../../src/main/net/fd-limit';
import { parseRequestTarget, sameOrigin } from '../../../src/main/net/request-target';

describe('parseRequestTarget', () => {
  it('reads the path and query of an origin-form target without decoding the path', () => {
    const target = parseRequestTarget('/j/AB12?token=a%20b&x');
    expect(target?.path).toBe('/j/AB12');
    expect(target?.query.get('token')).toBe('a b');
    expect(parseRequestTarget('/assets/%2e%2e/x#frag')?.path).toBe('/assets/%2e%2e/x');
  });

  it('never throws, and refuses what is not an origin-form target', () => {
    for (const raw of ['//', '///', '/%', '/?%', '/%00', '/%ff']) {
      expect(() => parseRequestTarget(raw), raw).not.toThrow();
      expect(parseRequestTarget(raw)?.path, raw).toBe(raw.split('?')[0]);
    }
    for (const raw of [
      undefined,
      '',
      '*',
      'http://127.0.0.1/',
      'example.com:443',
      '/\\',
      '/a b',
      '/\u0000',
      '/\u00e9',
      `/${'a'.repeat(5_000)}`,
    ]) {
      expect(parseRequestTarget(raw), String(raw)).toBeNull();
    }
  });
});

describe('sameOrigin', () => {
  it('allows requests without Origin and pages of the same host', () => {
    expect(sameOrigin({ host: '127.0.0.1:4620' })).toBe(true);
    expect(sameOrigin({ host: '127.0.0.1:4620', origin: 'http://127.0.0.1:4620' })).toBe(true);
    expect(sameOrigin({ host: 'Studio.local:80', origin: 'http://studio.local:80' })).toBe(true);
    expect(sameOrigin({ host: '[::1]:4620', origin: 'http://[::1]:4620' })).toBe(true);
  });

  it('refuses other origins, Origin: null and anything unparsable, without throwing', () => {
    for (const [origin, host] of [
      ['null', '127.0.0.1:4620'],
      ['http://evil.example', '127.0.0.1:4620'],
      ['http://127.0.0.1:4621', '127.0.0.1:4620'],
      ['http://127.0.0.1:4620/path', '127.0.0.1:4620'],
      ['http://x@127.0.0.1:4620', '127.0.0.1:4620'],
      ['file://', '127.0.0.1:4620'],
      ['%%%', '127.0.0.1:4620'],
      ['http://127.0.0.1:4620', undefined],
      ['http://a b', 'a b'],
    ] as const) {
      expect(sameOrigin({ origin, ...(host ? { host } : {}) }), `${origin} ${String(host)}`).toBe(
        false,
      );
    }
  });
});

describe('descriptor budget', () => {
  it('reads the soft open-file limit from a /proc limits file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'encore-limits-'));
    try {
      const file = join(dir, 'limits');
      writeFileSync(
        file,
        'Limit                     Soft Limit           Hard Limit           Units     \n' +
          'Max open files            1024                 524288               files     \n',
      );
      expect(openFileLimit(file)).toBe(1024);
      expect(openFileLimit(join(dir, 'missing'))).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves room for everything that is not a client socket', () => {
    expect(socketBudget(1024)).toBeLessThan(1024 - 150);
    expect(socketBudget(1024)).toBeGreaterThan(500);
    expect(socketBudget(FALLBACK_OPEN_FILE_LIMIT)).toBe(socketBudget(1024));
    expect(socketBudget(100)).toBe(64);
    expect(socketBudget(10_000_000)).toBe(16_384);
  });
});
