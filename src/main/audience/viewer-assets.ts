import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

/**
 * The files of out/renderer/assets that the viewer page needs: the ones its index.html names,
 * plus every sibling those files name in turn (a chunk's `import "./x.js"`, a stylesheet's
 * `url(./font.woff2)`). The build puts the studio's and the viewer's chunks in one folder; the
 * audience server, open to the whole LAN, serves only this set, never the studio app's code.
 *
 * Kept for as long as viewer/index.html is unchanged (a rebuild while the studio runs is picked
 * up on the next request).
 */
export class ViewerAssets {
  readonly #rendererDir: string;
  #key = '';
  #names: ReadonlySet<string> = new Set();

  private constructor(rendererDir: string) {
    this.#rendererDir = rendererDir;
  }

  static create(rendererDir: string): ViewerAssets {
    return new ViewerAssets(rendererDir);
  }

  /** Whether `name` (a bare file name in out/renderer/assets) belongs to the viewer page. */
  allows(name: string): boolean {
    return this.names().has(name);
  }

  names(): ReadonlySet<string> {
    const page = join(this.#rendererDir, 'viewer', 'index.html');
    let key: string;
    try {
      const stat = statSync(page);
      key = `${String(stat.mtimeMs)}:${String(stat.size)}`;
    } catch {
      this.#key = '';
      this.#names = new Set();
      return this.#names;
    }
    if (key !== this.#key) {
      this.#names = collectViewerAssets(this.#rendererDir);
      this.#key = key;
    }
    return this.#names;
  }
}

/** Files whose text may name other assets. */
const SCANNED = new Set(['.js', '.mjs', '.css']);

export function collectViewerAssets(rendererDir: string): Set<string> {
  const assetsDir = join(rendererDir, 'assets');
  let present: Set<string>;
  try {
    present = new Set(readdirSync(assetsDir));
  } catch {
    return new Set();
  }
  const html = readFileSync(join(rendererDir, 'viewer', 'index.html'), 'utf8');
  const found = new Set<string>();
  const queue: string[] = [];
  const add = (name: string): void => {
    if (!present.has(name) || found.has(name)) return;
    found.add(name);
    queue.push(name);
  };
  // `src="../assets/viewer-abc.js"`, `href="/assets/viewer-abc.css"`.
  for (const match of html.matchAll(/(?:src|href)\s*=\s*["']([^"']+)["']/gi)) {
    const ref = /(?:^|\/)assets\/([^/?#]+)(?:[?#].*)?$/.exec(match[1] ?? '');
    if (ref?.[1]) add(ref[1]);
  }
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (!SCANNED.has(extname(name).toLowerCase())) continue;
    const text = readFileSync(join(assetsDir, name), 'utf8');
    // Any token that names a sibling file: `./x.js`, `assets/x.js`, `url(x.woff2)`.
    for (const match of text.matchAll(/[A-Za-z0-9_.-]+\.[A-Za-z0-9]{2,12}/g)) add(match[0]);
  }
  return found;
}
