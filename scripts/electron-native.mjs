#!/usr/bin/env node
// Builds better-sqlite3 for the installed Electron's ABI into
//   .native/electron-<electronVersion>-<platform>-<arch>/better_sqlite3.node
// which src/main/shell/paths.ts hands to better-sqlite3 as `nativeBinding`.
//
// Why a separate folder: `npm install` builds better-sqlite3 for Node, and tests and the browser
// host load that build from node_modules. Rebuilding in place for Electron would break them, so
// this works on a temporary copy and only ever writes into .native/. It is not a postinstall
// step because it downloads Electron's headers (or a prebuilt binary), which machines that reach
// only the npm registry cannot do (DESIGN.md §9); `npm start` runs it when Electron is present.
//
// Usage: node scripts/electron-native.mjs [--force] [--build-from-source] [--nodedir=<dir>]
//   --force              rebuild even if the file exists
//   --build-from-source  skip the prebuilt-binary download and compile with node-gyp
//   --nodedir=<dir>      compile against Electron headers already unpacked in <dir> (offline)
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';
const MODULE = 'better-sqlite3';

const flags = new Set(process.argv.slice(2).filter((arg) => !arg.startsWith('--nodedir=')));
const nodedirArg = process.argv.slice(2).find((arg) => arg.startsWith('--nodedir='));
const options = {
  force: flags.has('--force'),
  fromSource: flags.has('--build-from-source') || nodedirArg !== undefined,
  nodedir: nodedirArg ? resolve(nodedirArg.slice('--nodedir='.length)) : undefined,
};

function log(line) {
  console.log(`[electron-native] ${line}`);
}

/** Thrown for an expected failure: reported in one line, without a stack trace. */
class NativeBuildError extends Error {}

function fail(line) {
  throw new NativeBuildError(line);
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * The child environment: npm exports its config as npm_config_* variables, and a user's
 * `nodedir`, `target` or `runtime` there would make node-gyp or prebuild-install quietly build
 * for Node instead of Electron. Every build parameter is passed explicitly instead.
 */
function buildEnv() {
  const overridden =
    /^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|platform|devdir|build_from_source)$/i;
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !overridden.test(name)));
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: buildEnv() });
  if (result.error) return { ok: false, why: result.error.message };
  return result.status === 0
    ? { ok: true }
    : { ok: false, why: `exit ${String(result.status ?? result.signal)}` };
}

/** node-gyp: the project's, npm's own (bundled with every Node install), or npx as a last resort. */
function nodeGypCommand() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(ROOT, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(
      dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
    join(
      dirname(process.execPath),
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  ];
  const script = candidates.find((candidate) => candidate && existsSync(candidate));
  if (script) return { command: process.execPath, prefix: [script] };
  return {
    command: process.platform === 'win32' ? 'npx.cmd' : 'npx',
    prefix: ['--yes', 'node-gyp'],
  };
}

function main() {
  const electronPackage = join(ROOT, 'node_modules', 'electron', 'package.json');
  if (!existsSync(electronPackage))
    fail('the electron package is not installed; run `npm install`');
  const electronVersion = readJson(electronPackage).version;
  const { platform, arch } = process;

  const outDir = join(ROOT, '.native', `electron-${electronVersion}-${platform}-${arch}`);
  const outFile = join(outDir, 'better_sqlite3.node');
  if (existsSync(outFile) && !options.force) {
    log(`${MODULE} for Electron ${electronVersion} is already built (${outFile})`);
    return;
  }

  const source = join(ROOT, 'node_modules', MODULE);
  if (!existsSync(join(source, 'package.json')))
    fail(`${MODULE} is not installed; run \`npm install\``);
  const moduleVersion = readJson(join(source, 'package.json')).version;

  const work = mkdtempSync(join(tmpdir(), 'encore-native-'));
  try {
    const copy = join(work, MODULE);
    // The copy leaves out the Node build, so a failed Electron build can never be mistaken for one.
    cpSync(source, copy, {
      recursive: true,
      filter: (path) => !(basename(path) === 'build' && dirname(path) === source),
    });
    log(
      `building ${MODULE} ${moduleVersion} for Electron ${electronVersion} (${platform}-${arch})`,
    );

    let method = null;
    if (!options.fromSource) {
      const prebuild = join(ROOT, 'node_modules', 'prebuild-install', 'bin.js');
      if (existsSync(prebuild)) {
        const result = run(
          process.execPath,
          [
            prebuild,
            '--runtime=electron',
            `--target=${electronVersion}`,
            `--arch=${arch}`,
            `--platform=${platform}`,
            '--verbose',
          ],
          copy,
        );
        if (result.ok) method = 'prebuild-install';
        else log(`no prebuilt binary (${result.why}); compiling with node-gyp instead`);
      }
    }
    if (method === null) {
      const gyp = nodeGypCommand();
      const headers = options.nodedir
        ? [`--nodedir=${options.nodedir}`]
        : [`--dist-url=${ELECTRON_HEADERS_URL}`, `--devdir=${join(homedir(), '.electron-gyp')}`];
      const result = run(
        gyp.command,
        [
          ...gyp.prefix,
          'rebuild',
          '--release',
          `--target=${electronVersion}`,
          `--arch=${arch}`,
          ...headers,
        ],
        copy,
      );
      if (!result.ok) {
        fail(
          `node-gyp could not build ${MODULE} for Electron ${electronVersion} (${result.why}). ` +
            'It needs a C++ toolchain and Electron headers from electronjs.org; offline, pass ' +
            '--nodedir=<unpacked Electron headers>.',
        );
      }
      method = 'node-gyp';
    }

    const built = join(copy, 'build', 'Release', 'better_sqlite3.node');
    if (!existsSync(built)) fail(`the build finished but ${built} is missing`);
    mkdirSync(outDir, { recursive: true });
    // Copy then rename: the shell never sees a half-written module.
    const partial = `${outFile}.partial`;
    copyFileSync(built, partial);
    renameSync(partial, outFile);
    writeFileSync(
      join(outDir, 'build.json'),
      `${JSON.stringify({ module: MODULE, moduleVersion, electronVersion, platform, arch, method, builtAt: new Date().toISOString() }, null, 2)}\n`,
    );
    log(`wrote ${outFile} (${method})`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  console.error(
    `[electron-native] ${error instanceof NativeBuildError ? error.message : (error?.stack ?? String(error))}`,
  );
  process.exitCode = 1;
}
