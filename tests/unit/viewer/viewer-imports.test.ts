import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const ENTRY = join(ROOT, 'src', 'renderer', 'viewer', 'main.tsx');
/** Kept off a phone's first load: loaded lazily (mediasoup-client) or not at all. */
const HEAVY = ['zod', 'mediasoup-client', 'i18next', 'react-i18next'];

/** Static (not `import type`, not `import()`) specifiers of one module. */
function staticImports(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/^\s*(import|export)\s+([^'";]*?)\s*from\s+'([^']+)'/gm)) {
    const clause = match[2] ?? '';
    if (/^type\b/.test(clause)) continue;
    found.push(match[3] ?? '');
  }
  for (const match of text.matchAll(/^\s*import\s+'([^']+)'/gm)) found.push(match[1] ?? '');
  return found;
}

function resolveLocal(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && /\.tsx?$/.test(candidate)) return candidate;
  }
  return null;
}

describe("the viewer page's critical path", () => {
  it('imports no schema library, no WebRTC library and no i18next up front', () => {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const queue = [ENTRY];
    for (let file = queue.shift(); file !== undefined && seen.size < 500; file = queue.shift()) {
      if (seen.has(file)) continue;
      seen.add(file);
      for (const specifier of staticImports(readFileSync(file, 'utf8'))) {
        if (specifier.startsWith('.')) {
          const local = resolveLocal(file, specifier);
          if (local) queue.push(local);
        } else {
          packages.add(specifier.split('/')[0] ?? specifier);
        }
      }
    }
    expect(seen.size).toBeGreaterThan(5);
    expect(packages).toContain('react');
    expect([...packages].filter((name) => HEAVY.includes(name))).toEqual([]);
  });
});
