#!/usr/bin/env node
// The architecture check run by `npm run check` (docs/ARCHITECTURE.md is the map it enforces):
//   1. layers: which folder of src/main may import which (a wrong-way import fails);
//   2. no import cycles between files anywhere under src/;
//   3. SQL only under src/main/storage/ (no `.prepare(` / `.exec(` on a database elsewhere);
//   4. no file under src/ over 500 lines, except the ones named below with the reason.
// Imports are read with TypeScript's own scanner and resolved like the compiler does, so type-only
// imports count for layers (a type is a dependency too) but not for cycles (they vanish at run time).
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const MAX_LINES = 500;

// Set by check() for the tree it reads (the project, or a test's own tree).
let root = projectRoot;
let src = path.join(root, 'src');

function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function rel(file) {
  return path.relative(root, file).split(path.sep).join('/');
}

function resolveImport(fromFile, spec) {
  if (!spec.startsWith('.') && !spec.startsWith('@shared/') && !spec.startsWith('@main/'))
    return null;
  let base;
  if (spec.startsWith('@shared/')) base = path.join(src, 'shared', spec.slice('@shared/'.length));
  else if (spec.startsWith('@main/')) base = path.join(src, 'main', spec.slice('@main/'.length));
  else base = path.resolve(path.dirname(fromFile), spec);
  const stripped = base.replace(/\.(js|mjs|cjs)$/, '');
  const candidates = [
    base,
    `${stripped}.ts`,
    `${stripped}.tsx`,
    path.join(base, 'index.ts'),
    path.join(base, 'index.tsx'),
  ];
  for (const c of candidates) if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  return null;
}

/** Every import of a file: { target, typeOnly } (re-exports and dynamic imports included). */
function importsOf(file) {
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const found = [];
  const add = (spec, typeOnly) => {
    const target = resolveImport(file, spec);
    if (target) found.push({ target, typeOnly });
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      let typeOnly = Boolean(clause?.isTypeOnly);
      if (!typeOnly && clause && !clause.name && clause.namedBindings) {
        const nb = clause.namedBindings;
        if (ts.isNamedImports(nb) && nb.elements.length > 0)
          typeOnly = nb.elements.every((e) => e.isTypeOnly);
      }
      add(node.moduleSpecifier.text, typeOnly);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text, false);
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal)) add(arg.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { found, text };
}

/** The layer of a src/main file: its first folder (or the file name for files at the top). */
function layerOf(file) {
  const r = path.relative(path.join(src, 'main'), file).split(path.sep);
  return r.length > 1 ? r[0] : '(root)';
}

function inMain(file) {
  return !path.relative(path.join(src, 'main'), file).startsWith('..');
}

/**
 * Checks the tree under `dir` against its scripts/architecture-layers.json:
 * - `main`: folder of src/main → the folders of src/main it may import (besides itself and
 *   src/shared);
 * - `sqlOutsideStorage`: `{ "path": N }`, files still allowed N SQL statements outside storage/;
 * - `longFiles`: `{ "path": { "lines": N, "reason": "…" } }`, files allowed over 500 lines.
 * Both allowances are ratchets: a listed file may not grow past its N, so the lists only shrink.
 */
export function check(dir = projectRoot) {
  root = dir;
  src = path.join(root, 'src');
  const LAYERS = JSON.parse(
    fs.readFileSync(path.join(root, 'scripts', 'architecture-layers.json'), 'utf8'),
  );
  const SQL_FILES = LAYERS.sqlOutsideStorage ?? {};
  const LONG_FILES = LAYERS.longFiles ?? {};
  const files = walk(src);
  const problems = [];
  const graph = new Map();

  for (const file of files) {
    const { found, text } = importsOf(file);
    graph.set(
      file,
      found.filter((i) => !i.typeOnly).map((i) => i.target),
    );

    // 1. layers
    if (inMain(file)) {
      const from = layerOf(file);
      const allowed = LAYERS.main[from];
      for (const { target } of found) {
        if (!inMain(target)) {
          if (rel(target).startsWith('src/renderer/'))
            problems.push(`layer: ${rel(file)} imports the renderer (${rel(target)})`);
          continue;
        }
        const to = layerOf(target);
        if (to === from) continue;
        if (!allowed) {
          problems.push(`layer: ${rel(file)} is in '${from}', which has no entry in the layer map`);
          break;
        }
        if (!allowed.includes(to))
          problems.push(`layer: ${rel(file)} ('${from}') may not import '${to}' (${rel(target)})`);
      }
    } else if (rel(file).startsWith('src/shared/') || rel(file).startsWith('src/renderer/')) {
      for (const { target } of found)
        if (inMain(target)) problems.push(`layer: ${rel(file)} imports the core (${rel(target)})`);
    }

    // 3. SQL only in storage
    if (inMain(file) && layerOf(file) !== 'storage') {
      const sites = [];
      text.split('\n').forEach((line, i) => {
        const found = line.match(/\.prepare\(|\b(?:db|database|conn)\.(?:exec|pragma)\(/g) ?? [];
        for (let n = 0; n < found.length; n++) sites.push(i + 1);
      });
      const allowed = SQL_FILES[rel(file)] ?? 0;
      if (allowed > sites.length)
        problems.push(
          `sql: ${rel(file)} runs ${sites.length} statements outside storage now: lower its allowance in scripts/architecture-layers.json`,
        );
      if (sites.length > allowed)
        problems.push(
          `sql: ${rel(file)} runs SQL outside src/main/storage/ (lines ${sites.join(', ')}${allowed ? `; its allowance is ${allowed}` : ''})`,
        );
    }

    // 4. file length
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    const allowance = LONG_FILES[rel(file)];
    const limit = allowance ? allowance.lines : MAX_LINES;
    if (allowance && lines < allowance.lines)
      problems.push(
        lines <= MAX_LINES
          ? `size: ${rel(file)} has ${lines} lines now: remove its allowance from scripts/architecture-layers.json`
          : `size: ${rel(file)} has ${lines} lines now: lower its allowance in scripts/architecture-layers.json to ${lines}`,
      );
    if (lines > limit)
      problems.push(
        `size: ${rel(file)} has ${lines} lines (limit ${limit}${allowance ? ', its allowance in scripts/architecture-layers.json' : ''})`,
      );
  }
  for (const name of [...Object.keys(LONG_FILES), ...Object.keys(SQL_FILES)])
    if (!fs.existsSync(path.join(root, name)))
      problems.push(
        `the allowances in scripts/architecture-layers.json name ${name}, which does not exist`,
      );

  // 2. cycles (Tarjan's strongly connected components over run-time imports)
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  const strong = (v) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(comp);
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  for (const comp of cycles) problems.push(`cycle: ${comp.map(rel).sort().join(' ⇄ ')}`);

  return { files: files.length, problems };
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)
) {
  const { files, problems } = check();
  if (problems.length > 0) {
    for (const p of problems) console.error(p);
    console.error(
      `architecture: ${problems.length} problem(s) in ${files} files (docs/ARCHITECTURE.md)`,
    );
    process.exit(1);
  }
  console.log(`architecture: ${files} files, layers, cycles, SQL and sizes ok`);
}
