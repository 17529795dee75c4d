import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectViewerAssets } from '../../../src/main/audience/viewer-assets';

describe('collectViewerAssets', () => {
  it('takes the files the viewer page names and what they import, never the studio chunks', () => {
    const root = mkdtempSync(join(tmpdir(), 'encore-assets-'));
    try {
      for (const dir of ['viewer', 'studio', 'assets']) mkdirSync(join(root, dir));
      writeFileSync(
        join(root, 'viewer', 'index.html'),
        '<link rel="icon" href="../assets/icon-1.svg"><script type="module" src="../assets/viewer-1.js"></script>' +
          '<link rel="modulepreload" href="../assets/shared-1.js"><link rel="stylesheet" href="/assets/viewer-1.css">',
      );
      const files: Record<string, string> = {
        'icon-1.svg': '<svg/>',
        'viewer-1.js': 'import{a}from"./shared-1.js";import("./lazy-1.js")',
        'shared-1.js': 'export const a=1',
        'lazy-1.js': 'export default 2',
        'viewer-1.css': 'body{background:url(./bg-1.png)}',
        'bg-1.png': 'png',
        'studio-1.js': 'import{a}from"./shared-1.js";import("./studio-lazy-1.js")',
        'studio-lazy-1.js': '',
      };
      for (const [name, text] of Object.entries(files))
        writeFileSync(join(root, 'assets', name), text);
      expect([...collectViewerAssets(root)].sort()).toEqual([
        'bg-1.png',
        'icon-1.svg',
        'lazy-1.js',
        'shared-1.js',
        'viewer-1.css',
        'viewer-1.js',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
