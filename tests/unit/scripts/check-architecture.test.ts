import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { check } from '../../../scripts/check-architecture.mjs';

type Check = (dir?: string) => { files: number; problems: string[] };
const run = check as Check;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A small project tree: files by path, and the layer map. */
function tree(files: Record<string, string>, layers: object): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'encore-arch-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  mkdirSync(path.join(dir, 'scripts'), { recursive: true });
  writeFileSync(path.join(dir, 'scripts', 'architecture-layers.json'), JSON.stringify(layers));
  return dir;
}

const LAYERS = { main: { kernel: [], storage: ['kernel'], audience: ['kernel', 'storage'] } };

describe('the architecture check', () => {
  it('accepts a tree that follows its layer map', () => {
    const dir = tree(
      {
        'src/main/kernel/clock.ts': 'export const now = () => 1;\n',
        'src/main/storage/queries/a.ts':
          "import { now } from '../../kernel/clock';\nexport const q = (db: { prepare(s: string): unknown }) => db.prepare('SELECT 1') ?? now();\n",
        'src/main/audience/hub.ts': "import { q } from '../storage/queries/a';\nexport { q };\n",
      },
      LAYERS,
    );
    expect(run(dir).problems).toEqual([]);
  });

  it('reports a wrong-way import, a cycle, SQL outside storage and a long file', () => {
    const dir = tree(
      {
        'src/main/kernel/clock.ts':
          "import { hub } from '../audience/hub';\nexport const c = hub;\n",
        'src/main/audience/hub.ts':
          "import { c } from '../kernel/clock';\nexport const hub = 1;\nexport const x = (db: { prepare(s: string): unknown }) => db.prepare('SELECT 1') ?? c;\n",
        'src/main/audience/long.ts': 'export const a = 1;\n'.repeat(501),
        'src/main/audience/types.ts':
          "import type { T } from './uses-types';\nexport type U = T;\n",
        'src/main/audience/uses-types.ts':
          "import type { U } from './types';\nexport type T = U | 1;\n",
      },
      LAYERS,
    );
    const problems = run(dir).problems;
    expect(problems).toContainEqual(expect.stringMatching(/^layer: src\/main\/kernel\/clock\.ts/));
    expect(problems).toContainEqual(
      expect.stringMatching(/^cycle: src\/main\/audience\/hub\.ts ⇄ src\/main\/kernel\/clock\.ts$/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/^sql: src\/main\/audience\/hub\.ts runs SQL outside/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/^size: src\/main\/audience\/long\.ts has 501 lines/),
    );
    // Type-only imports vanish at run time: no cycle between the two type files.
    expect(problems.filter((p) => p.includes('types.ts'))).toEqual([]);
    expect(problems).toHaveLength(4);
  });

  it('asks for an allowance to be lowered once a listed file shrinks', () => {
    const dir = tree(
      {
        'src/main/audience/long.ts': 'export const a = 1;\n'.repeat(505),
        'src/main/audience/short.ts': 'export const a = 1;\n'.repeat(10),
      },
      {
        ...LAYERS,
        longFiles: {
          'src/main/audience/long.ts': { lines: 510, reason: 'test' },
          'src/main/audience/short.ts': { lines: 600, reason: 'test' },
        },
      },
    );
    const problems = run(dir).problems;
    expect(problems).toContainEqual(expect.stringMatching(/long\.ts has 505 lines now: lower/));
    expect(problems).toContainEqual(expect.stringMatching(/short\.ts has 10 lines now: remove/));
  });

  it('lets a listed file keep its SQL and its length, but not grow', () => {
    const files = {
      'src/main/audience/long.ts': 'export const a = 1;\n'.repeat(510),
      'src/main/audience/sql.ts':
        "export const x = (db: { prepare(s: string): unknown }) => [db.prepare('SELECT 1'), db.prepare('SELECT 2')];\n",
    };
    const allowed = {
      ...LAYERS,
      sqlOutsideStorage: { 'src/main/audience/sql.ts': 2 },
      longFiles: { 'src/main/audience/long.ts': { lines: 510, reason: 'test' } },
    };
    expect(run(tree(files, allowed)).problems).toEqual([]);
    const grown = {
      ...files,
      'src/main/audience/long.ts': 'export const a = 1;\n'.repeat(511),
      'src/main/audience/sql.ts':
        "export const x = (db: { prepare(s: string): unknown }) => [db.prepare('SELECT 1'), db.prepare('SELECT 2'),\n db.prepare('SELECT 3')];\n",
    };
    const problems = run(tree(grown, allowed)).problems;
    expect(problems).toContainEqual(expect.stringMatching(/^size: .*long\.ts has 511 lines/));
    expect(problems).toContainEqual(expect.stringMatching(/^sql: .*sql\.ts .*allowance is 2/));
  });
});
