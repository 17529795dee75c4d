import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { STAGE_DIR, stageWorker } from '../../../scripts/stage-webrtc-worker';
import { BACKUP_EXTENSION } from '../../../src/main/backup/backup-file';
import {
  PACKAGED_WORKER_DIR,
  WORKER_FILE,
  findMediasoupWorker,
} from '../../../src/main/media/webrtc/worker-location';
import { useTempDirs } from '../../helpers/temp-dir';

// electron-builder.json cannot be run here (Electron's binaries cannot be downloaded), so this
// checks what can be checked without it: the options the package relies on, as electron-builder
// 26 documents them (the file was also validated once against its scheme.json, see
// docs/packaging.md), and which of the repository's files the `files` globs select.

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const tempDir = useTempDirs();

const CopyPattern = z.strictObject({
  from: z.string(),
  to: z.string(),
  filter: z.array(z.string()),
});
const FileAssociation = z.strictObject({
  ext: z.string(),
  name: z.string(),
  description: z.string(),
  mimeType: z.string().regex(/^application\/[a-z0-9.+-]+$/),
  role: z.enum(['Editor', 'Viewer', 'Shell', 'None']),
  rank: z.enum(['Owner', 'Default', 'Alternate', 'None']),
});
/** The options this project sets; strict, so a misspelt option fails here. */
const Config = z.strictObject({
  $schema: z.url(),
  appId: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/),
  productName: z.string(),
  copyright: z.string(),
  directories: z.strictObject({ output: z.string(), buildResources: z.string() }),
  files: z.array(z.string()),
  asar: z.literal(true),
  asarUnpack: z.array(z.string()),
  npmRebuild: z.boolean(),
  nodeGypRebuild: z.boolean(),
  buildDependenciesFromSource: z.boolean(),
  electronFuses: z.strictObject({
    runAsNode: z.boolean(),
    enableNodeOptionsEnvironmentVariable: z.boolean(),
    enableNodeCliInspectArguments: z.boolean(),
    enableEmbeddedAsarIntegrityValidation: z.boolean(),
    onlyLoadAppFromAsar: z.boolean(),
    enableCookieEncryption: z.boolean(),
  }),
  fileAssociations: z.array(FileAssociation),
  linux: z.strictObject({
    target: z.array(z.string()),
    category: z.string(),
    executableName: z.string(),
    icon: z.string(),
    synopsis: z.string(),
    extraResources: z.array(CopyPattern),
  }),
  deb: z.strictObject({ depends: z.array(z.string()) }),
  appImage: z.strictObject({ artifactName: z.string() }),
  win: z.strictObject({ target: z.array(z.string()), icon: z.string() }),
  nsis: z.strictObject({
    oneClick: z.boolean(),
    perMachine: z.boolean(),
    allowElevation: z.boolean(),
    allowToChangeInstallationDirectory: z.boolean(),
    createDesktopShortcut: z.boolean(),
    createStartMenuShortcut: z.boolean(),
    artifactName: z.string(),
  }),
  mac: z.strictObject({
    target: z.array(z.string()),
    category: z.string(),
    icon: z.string(),
    hardenedRuntime: z.boolean(),
    entitlements: z.string(),
    entitlementsInherit: z.string(),
    extendInfo: z.record(z.string(), z.string()),
  }),
  dmg: z.strictObject({ artifactName: z.string() }),
});

function loadConfig(): z.infer<typeof Config> {
  return Config.parse(JSON.parse(readFileSync(join(ROOT, 'electron-builder.json'), 'utf8')));
}

/**
 * A glob as electron-builder's `files` reads one (minimatch, dot files included): `**` any
 * number of path segments, `*` within one, `{a,b}` alternatives; `dir/**` also names `dir`.
 */
function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '*' && glob.charAt(i + 1) === '*') {
      const slash = glob.charAt(i + 2) === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') out += '(?:';
    else if (c === '}') out += ')';
    else if (c === ',') out += '|';
    else out += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** The files the `files` patterns select, in order: `!` removes what earlier ones added. */
function selectFiles(patterns: readonly string[], files: readonly string[]): string[] {
  const rules = patterns.map((p) => ({
    exclude: p.startsWith('!'),
    re: globToRegExp(p.replace(/^!/, '')),
  }));
  return files.filter((file) =>
    rules.reduce((selected, rule) => (rule.re.test(file) ? !rule.exclude : selected), false),
  );
}

/** Every file under the repository except .git and node_modules, as relative '/' paths. */
function repoFiles(dir: string = ROOT, budget = { left: 200_000 }): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (--budget.left < 0) throw new Error('too many files under the repository');
    if (dir === ROOT && (entry.name === '.git' || entry.name === 'node_modules')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(...repoFiles(path, budget));
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      out.push(relative(ROOT, path).split(sep).join('/'));
    }
  }
  return out;
}

describe('electron-builder.json', () => {
  it('builds AppImage and deb, a per-user NSIS installer and a dmg', () => {
    const config = loadConfig();
    expect(config.appId).toBe('org.encore-studio.studio');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      productName: string;
      main: string;
    };
    expect(config.productName).toBe(pkg.productName);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    // Installed for the current user only, with no administrator prompt at any point.
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowElevation: false,
    });
    // The app's entry is in the built output the package carries.
    expect(pkg.main).toMatch(/^\.\/out\//);
  });

  it('sets the Electron fuses docs/packaging.md lists', () => {
    expect(loadConfig().electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
    const doc = readFileSync(join(ROOT, 'docs', 'packaging.md'), 'utf8');
    for (const [fuse, value] of Object.entries(loadConfig().electronFuses)) {
      expect(doc).toContain(`"${fuse}": ${String(value)}`);
    }
  });

  it('rebuilds the native modules for Electron and keeps better-sqlite3 outside the archive', () => {
    const config = loadConfig();
    expect(config.npmRebuild).toBe(true);
    expect(config.buildDependenciesFromSource).toBe(false);
    expect(
      selectFiles(config.asarUnpack, [
        'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
        'node_modules/better-sqlite3/lib/database.js',
        'node_modules/ws/index.js',
      ]),
    ).toEqual([
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/better-sqlite3/lib/database.js',
    ]);
  });

  it('packs exactly the built app (out/**) and package.json of the repository', () => {
    const { files } = loadConfig();
    // What a checkout holds after a build and a test run, whether or not this one has them.
    const present = repoFiles();
    const extra = [
      'out/main/index.js',
      'out/main/analytics-worker.js',
      'out/preload/index.cjs',
      'out/renderer/studio/index.html',
      'out/renderer/report/index.html',
      '.data/workspaces/demo/encore.db',
      '.native/electron-45.4.1-linux-x64/better_sqlite3.node',
      '.package/webrtc/mediasoup-worker',
      'dist/Encore Studio-0.1.0-x86_64.AppImage',
      'test-results/screenshots/broadcast-en.png',
      'coverage/index.html',
      'outside/out/x.js',
    ];
    const all = [...new Set([...present, ...extra])];
    const selected = selectFiles(files, all);
    const expected = all.filter((f) => f === 'package.json' || f.startsWith('out/'));
    expect(selected.sort()).toEqual(expected.sort());
    expect(selected).toContain('out/main/index.js');
    expect(selected).toContain('package.json');
    for (const dir of ['src/', 'tests/', 'bench/', 'scripts/', 'docs/', 'resources/']) {
      expect(present.some((f) => f.startsWith(dir))).toBe(true);
      expect(selected.filter((f) => f.startsWith(dir))).toEqual([]);
    }
    // Production dependencies come in on their own; the worker's C++ sources and
    // better-sqlite3's are left out of them.
    expect(
      selectFiles(files, [
        'node_modules/mediasoup/node/lib/index.js',
        'node_modules/mediasoup/worker/src/Worker.cpp',
        'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c',
        'node_modules/better-sqlite3/src/better_sqlite3.cpp',
      ]),
    ).toEqual([]);
  });

  it('ships the staged mediasoup worker on Linux, where setup:webrtc builds it', () => {
    const config = loadConfig();
    expect(config.linux.extraResources).toEqual([
      { from: '.package/webrtc', to: PACKAGED_WORKER_DIR, filter: [WORKER_FILE] },
    ]);
    // The stage script writes where extraResources read.
    const resource = config.linux.extraResources[0];
    expect(resource && resolve(ROOT, resource.from)).toBe(STAGE_DIR);
    // macOS and Windows have no build of the worker: their packages carry none.
    expect(Object.keys(config.mac)).not.toContain('extraResources');
    expect(Object.keys(config.win)).not.toContain('extraResources');
    // The worker's runtime libraries come with the deb.
    expect(config.deb.depends).toEqual(
      expect.arrayContaining(['libuv1', 'libssl3', 'libsrtp2-1', 'libabsl20220623']),
    );
  });

  it('a staged worker, laid out as extraResources copy it, is the one a packaged app finds', () => {
    const root = tempDir();
    const built = join(root, 'built-worker');
    writeFileSync(built, '#!/bin/sh\n');
    const stage = join(root, 'stage');
    const staged = stageWorker(built, stage);
    expect(statSync(staged).mode & 0o111).not.toBe(0);
    // extraResources: <from>/<filter> → <resources>/<to>/<same name>.
    const resource = loadConfig().linux.extraResources[0];
    if (!resource) throw new Error('no extraResources');
    const resources = join(root, 'resources');
    mkdirSync(join(resources, resource.to), { recursive: true });
    for (const name of readdirSync(stage).filter((n) => resource.filter.includes(n))) {
      writeFileSync(join(resources, resource.to, name), readFileSync(join(stage, name)), {
        mode: statSync(join(stage, name)).mode,
      });
    }
    expect(
      findMediasoupWorker({
        env: { ENCORE_MEDIASOUP_WORKER_CACHE: join(root, 'no-cache') },
        version: '3.27.1',
        webrtcDir: join(root, 'no-webrtc-dir'),
        resourcesDir: resources,
      }),
    ).toEqual({
      path: join(resources, 'mediasoup-worker', 'mediasoup-worker'),
      source: 'resources',
    });
  });

  it('has icons and entitlements it can read, and opens .encore-backup files', () => {
    const config = loadConfig();
    for (const icon of [config.linux.icon, config.win.icon, config.mac.icon]) {
      const png = readFileSync(join(ROOT, icon));
      // PNG signature, then IHDR: width and height, big-endian.
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
    }
    expect(readFileSync(join(ROOT, config.mac.entitlements), 'utf8')).toContain(
      'com.apple.security.device.camera',
    );
    expect(config.directories.buildResources).toBe('resources');
    expect(config.fileAssociations.map((a) => `.${a.ext}`)).toEqual([BACKUP_EXTENSION]);
  });
});
